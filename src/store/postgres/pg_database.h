// PostgreSQL backend over libpq: a pool of connections, statements prepared once per connection,
// `?` placeholders rewritten to $n, results converted by column type.
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "store/database.h"

namespace jalon::store {

std::unique_ptr<Database> open_postgres(const OpenOptions& options);

// Rewrites `?` placeholders to $1, $2 … outside quoted literals and identifiers.
std::string rewrite_placeholders(std::string_view sql);

}  // namespace jalon::store
