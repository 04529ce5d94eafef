// Readers built as libraries of their own: PDF (libfoiguard-pdf.so, on
// poppler) and email (libfoiguard-email.so, on GMime). Each is loaded the
// first time a file needs it, from the folder libfoiguard.so itself was
// loaded from, and stays loaded. A process that meets no PDF and no mail then
// never maps poppler, GMime and the thirty-odd libraries they pull in, which
// were two thirds of the CLI's start-up (5 ms of every run); and libfoiguard
// links no GPL code (poppler is GPL-2.0-or-later).
#pragma once

#include <string>
#include <string_view>

#include "formats/formats.hpp"

namespace foiguard::formats {

// What a reader library exports, through one extern "C" function named
// kReaderModuleEntry that returns a pointer to it.
struct ReaderModule {
  // foiguard::version() of the build that made it: a library left from
  // another build is refused, not called with types of another layout.
  std::string_view built_for;
  // What it reads with, e.g. "poppler 22.12.0".
  std::string (*support)();
  ReadStats (*read)(std::string_view bytes, const PackageOptions& options, const BatchSink& sink);
};

inline constexpr const char* kReaderModuleEntry = "foiguard_reader_module";

// The library "libfoiguard-<name>.so", loaded once per process (thread-safe).
// nullptr when it cannot be, with *why saying why (not installed, another
// build, ...).
const ReaderModule* reader_module(std::string_view name, std::string* why);

}  // namespace foiguard::formats
