// The value formats of a SAS `proc format` program, as DARES publishes its FAP tables
// (intitule_fap2009.txt, passage_fap2009_romev3.txt):
//   value $FAP9RSQ
//   "A1403","A1407"  = "A0Z41"
//   Other = "ZZZZZ";
// Comments (/* … */ and `* … ;` statements) are skipped; each format maps one or more quoted
// keys to a quoted label. The file is read whole: these programs are a few tens of kilobytes.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "referentials/source.h"

namespace jalon::referentials {

struct SasMapping {
  std::vector<std::string> keys;  // empty for the `Other` clause
  std::string label;
  int64_t line = 0;
};

struct SasFormat {
  std::string name;  // "$FAP9RSQ"
  std::vector<SasMapping> mappings;
};

// ImportError (file, line) on a malformed value statement.
std::vector<SasFormat> read_sas_formats(const std::string& path, Encoding encoding);

}  // namespace jalon::referentials
