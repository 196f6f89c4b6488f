// The bytes of the demo's documents: a one-page PDF saying what it stands for, so that the
// record's documents open and pass the upload checks like a real scan would.
#pragma once
#include <string>

namespace jalon::demo {

// A well-formed PDF 1.4 (catalog, page, Helvetica text, cross-reference table) showing `title`
// (non-ASCII letters are folded) and the words "document fictif".
std::string demo_pdf(const std::string& title);

}  // namespace jalon::demo
