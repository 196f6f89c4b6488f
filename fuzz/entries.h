// The fuzzing entry points (issue 23, SR 58): each takes arbitrary bytes, feeds them to one
// reader or parser, and must return without a crash, a leak, undefined behaviour or an
// exception other than the reader's own "bad input" errors (ImportError, the template's
// std::runtime_error). The libFuzzer targets (fuzz/target.cc, `make fuzz`) and the corpus
// replay test of the normal build (fuzz/replay_test.cc) call the same functions.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace jalon::fuzz {

using Entry = void (*)(const uint8_t* data, size_t size);

struct Target {
  std::string_view name;  // also the corpus directory: fuzz/corpus/<name>/
  Entry entry;
};

const std::vector<Target>& targets();

void csv(const uint8_t* data, size_t size);         // referentials CSV table (separator: 1st byte)
void json_array(const uint8_t* data, size_t size);  // streamed JSON array of objects
void xlsx(const uint8_t* data, size_t size);        // .xlsx workbook (zip + sheet XML)
void sas_format(const uint8_t* data, size_t size);  // SAS proc format program
void pg_dump(const uint8_t* data, size_t size);     // pg_dump COPY block
void forms(const uint8_t* data, size_t size);       // urlencoded bodies, cookies, return paths
void multipart(const uint8_t* data, size_t size);   // multipart/form-data (1st line: --boundary)
void mustache(const uint8_t* data, size_t size);    // the template engine
void dates(const uint8_t* data, size_t size);       // ISO date and RFC 3339 parsers

}  // namespace jalon::fuzz
