#include "referentials/sas_format.h"

#include <cctype>

#include "referentials/import_error.h"

namespace jalon::referentials {
namespace {

struct Token {
  enum Kind { kString, kWord, kEquals, kComma, kSemicolon } kind;
  std::string text;
  int64_t line;
};

class Lexer {
 public:
  Lexer(std::string text, std::string file) : s_(std::move(text)), file_(std::move(file)) {}

  // Tokens up to the end; `* … ;` comment statements and /* … */ comments are dropped.
  std::vector<Token> tokens() {
    std::vector<Token> out;
    bool statement_start = true;
    while (skip_space()) {
      char c = s_[i_];
      if (c == '/' && i_ + 1 < s_.size() && s_[i_ + 1] == '*') {
        auto end = s_.find("*/", i_ + 2);
        if (end == std::string::npos) fail("commentaire /* jamais fermé");
        advance_to(end + 2);
        continue;
      }
      if (c == '*' && statement_start) {
        auto end = s_.find(';', i_);
        advance_to(end == std::string::npos ? s_.size() : end + 1);
        continue;
      }
      statement_start = false;
      if (c == '"' || c == '\'') {
        out.push_back({Token::kString, quoted(c), line_});
      } else if (c == '=' || c == ',' || c == ';') {
        out.push_back({c == '='   ? Token::kEquals
                       : c == ',' ? Token::kComma
                                  : Token::kSemicolon,
                       std::string(1, c), line_});
        statement_start = c == ';';
        ++i_;
      } else {
        std::size_t start = i_;
        while (i_ < s_.size() && !std::isspace(static_cast<unsigned char>(s_[i_])) &&
               std::string_view("=,;\"'").find(s_[i_]) == std::string_view::npos) {
          ++i_;
        }
        out.push_back({Token::kWord, s_.substr(start, i_ - start), line_});
      }
    }
    return out;
  }

 private:
  bool skip_space() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) {
      if (s_[i_] == '\n') ++line_;
      ++i_;
    }
    return i_ < s_.size();
  }
  void advance_to(std::size_t end) {
    for (; i_ < end; ++i_) {
      if (s_[i_] == '\n') ++line_;
    }
  }
  std::string quoted(char q) {
    int64_t start_line = line_;
    std::string out;
    for (++i_; i_ < s_.size(); ++i_) {
      if (s_[i_] == q) {
        if (i_ + 1 < s_.size() && s_[i_ + 1] == q) {  // a doubled quote is one quote
          out += q;
          ++i_;
          continue;
        }
        ++i_;
        return out;
      }
      if (s_[i_] == '\n') ++line_;
      out += s_[i_];
    }
    line_ = start_line;
    fail("chaîne entre guillemets jamais fermée");
  }
  [[noreturn]] void fail(const std::string& reason) const {
    throw ImportError({file_, Location::line(line_), {}}, reason);
  }

  std::string s_, file_;
  std::size_t i_ = 0;
  int64_t line_ = 1;
};

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::vector<SasFormat> read_sas_formats(const std::string& path, Encoding encoding) {
  TextSource source(path, encoding);
  std::string text;
  char buf[16 * 1024];
  while (std::size_t n = source.read(buf, sizeof buf)) text.append(buf, n);
  std::string file = source.file();
  auto tokens = Lexer(std::move(text), file).tokens();
  std::vector<SasFormat> formats;
  auto fail = [&](const Token& t, const std::string& reason) {
    throw ImportError({file, Location::line(t.line), {}}, reason);
  };
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].kind != Token::kWord || !iequals(tokens[i].text, "value")) {
      while (i < tokens.size() && tokens[i].kind != Token::kSemicolon) ++i;  // other statements
      continue;
    }
    if (++i >= tokens.size() || tokens[i].kind != Token::kWord) {
      fail(tokens[i - 1], "nom de format attendu après « value »");
    }
    SasFormat f{tokens[i].text, {}};
    ++i;
    while (i < tokens.size() && tokens[i].kind != Token::kSemicolon) {
      SasMapping m;
      m.line = tokens[i].line;
      if (tokens[i].kind == Token::kWord && iequals(tokens[i].text, "other")) {
        ++i;
      } else {
        for (;;) {
          if (i >= tokens.size()) fail(tokens.back(), "format " + f.name + " inachevé");
          if (tokens[i].kind != Token::kString) fail(tokens[i], "clé entre guillemets attendue");
          m.keys.push_back(tokens[i++].text);
          if (i < tokens.size() && tokens[i].kind == Token::kComma) {
            ++i;
            continue;
          }
          break;
        }
      }
      if (i + 1 >= tokens.size() || tokens[i].kind != Token::kEquals ||
          tokens[i + 1].kind != Token::kString) {
        fail(tokens[std::min(i, tokens.size() - 1)], "« = \"libellé\" » attendu");
      }
      m.label = tokens[i + 1].text;
      i += 2;
      f.mappings.push_back(std::move(m));
    }
    if (i >= tokens.size()) fail(tokens.back(), "format " + f.name + " sans « ; » final");
    formats.push_back(std::move(f));
  }
  return formats;
}

}  // namespace jalon::referentials
