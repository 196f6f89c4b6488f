#include "referentials/csv.h"

namespace jalon::referentials {

CsvParser::CsvParser(TextSource& source, char separator) : source_(source), separator_(separator) {}

bool CsvParser::fill() {
  buf_.resize(64 * 1024);
  std::size_t n = source_.read(buf_.data(), buf_.size());
  buf_.resize(n);
  pos_ = 0;
  return n > 0;
}

bool CsvParser::next(std::vector<std::string>& fields, int64_t& line) {
  enum class State { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted, kAfterQuote };
  fields.clear();
  // Skip blank lines.
  for (;;) {
    if (pos_ == buf_.size() && !fill()) return false;
    char c = buf_[pos_];
    if (c == '\n') {
      ++line_;
      ++pos_;
    } else if (c == '\r') {
      ++pos_;
    } else {
      break;
    }
  }
  line = line_;
  std::string field;
  State state = State::kFieldStart;
  auto end_field = [&] {
    fields.push_back(std::move(field));
    field.clear();
    state = State::kFieldStart;
  };
  for (;;) {
    if (pos_ == buf_.size() && !fill()) {
      if (state == State::kQuoted) {
        throw ImportError({source_.file(), Location::line(line), {}},
                          "guillemet ouvert et jamais fermé (fichier tronqué ?)");
      }
      end_field();
      return true;
    }
    char c = buf_[pos_++];
    switch (state) {
      case State::kQuoted:
        if (c == '"') {
          state = State::kQuoteInQuoted;
        } else {
          if (c == '\n') {
            ++line_;
            if (!field.empty() && field.back() == '\r') field.pop_back();
          }
          field += c;
        }
        break;
      case State::kQuoteInQuoted:
        if (c == '"') {  // a doubled quote inside quotes is one quote
          field += '"';
          state = State::kQuoted;
          break;
        }
        state = State::kAfterQuote;
        --pos_;  // read c again in its new state
        break;
      case State::kFieldStart:
        if (c == '"') {
          state = State::kQuoted;
        } else {
          state = State::kUnquoted;
          --pos_;
        }
        break;
      case State::kAfterQuote:
      case State::kUnquoted:
        if (c == separator_) {
          end_field();
        } else if (c == '\n') {
          ++line_;
          end_field();
          return true;
        } else if (c == '\r') {
          // CRLF: the LF ends the record
        } else if (state == State::kUnquoted) {
          field += c;
        } else if (c != ' ' && c != '\t') {
          throw ImportError({source_.file(), Location::line(line_), {}},
                            std::string("caractère « ") + c + " » après un guillemet fermant");
        }
        break;
    }
  }
}

CsvTable::CsvTable(const std::string& path, const TableOptions& options)
    : TextTable(path, options.encoding, options.progress, options.doubled_apostrophes),
      parser_(source_, options.separator),
      separator_(options.separator) {
  read_header();
}

bool CsvTable::read_row(std::vector<std::string>& cells, int64_t& line) {
  return parser_.next(cells, line);
}

void CsvTable::check_row() const {
  check_width(" (séparateur « " + std::string(1, separator_) + " »)");
}

}  // namespace jalon::referentials
