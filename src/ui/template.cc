#include "ui/template.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <stdexcept>

namespace jalon::ui {
namespace {

using nlohmann::json;
using Node = Template::Node;

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// kainjow splits dotted names with std::getline: a trailing empty piece is dropped.
std::vector<std::string> split_name(const std::string& name) {
  if (name == ".") return {};
  std::vector<std::string> out;
  if (name.find('.') == std::string::npos) {
    out.push_back(name);
    return out;
  }
  size_t start = 0;
  while (start < name.size()) {
    size_t dot = name.find('.', start);
    if (dot == std::string::npos) dot = name.size();
    out.push_back(name.substr(start, dot - start));
    start = dot + 1;
  }
  return out;
}

[[noreturn]] void fail(const std::string& what, size_t pos) {
  throw std::runtime_error(what + " at " + std::to_string(pos));
}

void escape_into(std::string& out, const std::string& s) {
  size_t run = 0;  // start of the pending run of characters that need no escaping
  for (size_t i = 0; i < s.size(); ++i) {
    const char* rep;
    switch (s[i]) {
      case '&':
        rep = "&amp;";
        break;
      case '<':
        rep = "&lt;";
        break;
      case '>':
        rep = "&gt;";
        break;
      case '"':
        rep = "&quot;";
        break;
      case '\'':
        rep = "&apos;";
        break;
      default:
        continue;
    }
    out.append(s, run, i - run);
    out += rep;
    run = i + 1;
  }
  out.append(s, run, std::string::npos);
}

bool falsy(const json* v) {
  return !v || v->is_null() || (v->is_boolean() && !v->get<bool>()) ||
         (v->is_array() && v->empty());
}

struct Renderer {
  std::string& out;
  std::vector<const json*> stack;  // innermost last
  size_t line_start;
  bool rendered_section = false;  // kainjow's line_buffer.contained_section_tag

  const json* lookup(const Node& n) const {
    if (n.path.empty()) return stack.back();  // {{.}}
    for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
      const json* v = *it;
      for (const auto& key : n.path) {
        if (!v->is_object()) {
          v = nullptr;
          break;
        }
        auto f = v->find(key);
        if (f == v->end()) {
          v = nullptr;
          break;
        }
        v = &*f;
      }
      if (v) return v;
    }
    return nullptr;
  }

  // A line that rendered a section and holds only blanks is dropped with its newline.
  void end_line(const std::string* newline) {
    if (rendered_section && out.find_first_not_of(" \t", line_start) == std::string::npos) {
      out.resize(line_start);
    } else if (newline) {
      out += *newline;
    }
    line_start = out.size();
    rendered_section = false;
  }

  void value(const json& v, bool escaped) {
    switch (v.type()) {
      case json::value_t::string:
        if (escaped)
          escape_into(out, v.get_ref<const std::string&>());
        else
          out += v.get_ref<const std::string&>();
        break;
      case json::value_t::number_integer:
      case json::value_t::number_unsigned:
        out += std::to_string(v.get<long long>());
        break;
      case json::value_t::number_float: {
        std::string d = v.dump();
        if (escaped)
          escape_into(out, d);
        else
          out += d;
        break;
      }
      default:
        break;  // booleans, null, objects and arrays render nothing
    }
  }

  void section(const json* v, const std::vector<Node>& children) {
    if (v && v->is_array() && !v->empty()) {
      for (const auto& item : *v) {
        rendered_section = true;
        stack.push_back(&item);
        nodes(children);
        stack.pop_back();
        rendered_section = true;
      }
      return;
    }
    rendered_section = true;
    if (v) stack.push_back(v);
    nodes(children);
    if (v) stack.pop_back();
    rendered_section = true;
  }

  void nodes(const std::vector<Node>& list) {
    for (const auto& n : list) {
      switch (n.kind) {
        case Node::Kind::kText:
          out += n.text;
          break;
        case Node::Kind::kNewline:
          end_line(&n.text);
          break;
        case Node::Kind::kEscaped:
        case Node::Kind::kRaw:
          if (const json* v = lookup(n)) value(*v, n.kind == Node::Kind::kEscaped);
          break;
        case Node::Kind::kSection:
          if (const json* v = lookup(n); !falsy(v)) section(v, n.children);
          break;
        case Node::Kind::kInverted:
          if (const json* v = lookup(n); falsy(v)) section(v, n.children);
          break;
      }
    }
  }
};

}  // namespace

Template::Template(std::string_view in) {
  std::vector<std::vector<Node>*> open{&nodes_};
  std::vector<std::pair<std::string, size_t>> names;  // open sections: name, position
  std::string text;
  auto flush_text = [&] {
    if (text.empty()) return;
    Node n;
    n.text = std::move(text);
    open.back()->push_back(std::move(n));
    text.clear();
  };
  size_t i = 0;
  while (i < in.size()) {
    if (in.compare(i, 2, "{{") == 0) {
      flush_text();
      size_t start = i;
      size_t contents = i + 2;
      bool triple = start != in.size() - 2 && contents < in.size() && in[contents] == '{';
      if (triple) ++contents;
      size_t end = in.find(triple ? "}}}" : "}}", contents);
      if (end == std::string_view::npos) fail("unclosed tag", start);
      std::string_view tag = trim(in.substr(contents, end - contents));
      i = end + (triple ? 3 : 2);
      Node n;
      char sigil = triple || tag.empty() ? '\0' : tag.front();
      switch (sigil) {
        case '#':
          n.kind = Node::Kind::kSection;
          break;
        case '^':
          n.kind = Node::Kind::kInverted;
          break;
        case '&':
          n.kind = Node::Kind::kRaw;
          break;
        case '/':
          break;
        case '!':
          continue;  // comment
        case '>':
          fail("partial {{>}} not expanded before parsing", start);
        case '=':
          fail("set-delimiter tags are not supported", start);
        default:
          n.kind = triple ? Node::Kind::kRaw : Node::Kind::kEscaped;
          break;
      }
      std::string name(sigil == '\0' || n.kind == Node::Kind::kEscaped ? tag : trim(tag.substr(1)));
      if (sigil == '/') {
        if (names.empty()) fail("unopened section \"" + name + "\"", start);
        if (names.back().first != name) {
          fail("unclosed section \"" + names.back().first + "\"", names.back().second);
        }
        names.pop_back();
        open.pop_back();
        continue;
      }
      n.path = split_name(name);
      n.text = std::move(name);
      bool opens = n.kind == Node::Kind::kSection || n.kind == Node::Kind::kInverted;
      open.back()->push_back(std::move(n));
      if (opens) {
        names.emplace_back(open.back()->back().text, start);
        open.push_back(&open.back()->back().children);
      }
      continue;
    }
    size_t nl = in.compare(i, 2, "\r\n") == 0 ? 2 : (in[i] == '\n' || in[i] == '\r') ? 1 : 0;
    if (nl) {
      flush_text();
      Node n;
      n.kind = Node::Kind::kNewline;
      n.text = std::string(in.substr(i, nl));
      open.back()->push_back(std::move(n));
      i += nl;
      continue;
    }
    text += in[i++];
  }
  flush_text();
  if (!names.empty()) fail("unclosed section \"" + names.back().first + "\"", names.back().second);
}

void Template::render(std::initializer_list<const json*> contexts, std::string& out) const {
  Renderer r{out, contexts, out.size()};
  r.nodes(nodes_);
  r.end_line(nullptr);
}

}  // namespace jalon::ui
