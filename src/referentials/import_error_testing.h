// For the readers' unit tests (table_test.cc, xlsx_test.cc): the message of the ImportError a
// step raises, or "(no error)".
#pragma once
#include <functional>
#include <string>

#include "referentials/import_error.h"

namespace jalon::referentials::test_support {

inline std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ImportError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace jalon::referentials::test_support
