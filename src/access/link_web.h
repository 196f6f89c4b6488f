// The page a single-use link opens (access/single_use_link.h), for a visitor without a session:
// a CSRF token as a double-submit cookie (as the sign-in pages do) and no caching.
#pragma once
#include <nlohmann/json.hpp>

#include <string_view>

#include "http/message.h"
#include "ui/render.h"

namespace jalon::access {

http::Response link_page(const ui::Renderer& renderer, const http::Request& req,
                         std::string_view tmpl, nlohmann::json ctx, int status);

}  // namespace jalon::access
