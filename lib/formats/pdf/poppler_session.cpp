#include "formats/pdf/poppler_session.hpp"

#include <PDFDoc.h>
#include <ErrorCodes.h>
#include <Error.h>
#include <GlobalParams.h>
#include <Stream.h>
#include <UTF.h>
#include <goo/gmem.h>
#include <poppler-config.h>

#include <fmt/format.h>

#include <mutex>

#include "formats/formats.hpp"
#include "formats/pdf/utf8_out.hpp"

namespace foiguard::formats::pdf {

namespace {

thread_local ErrorCapture* current_capture = nullptr;

// Poppler reports through one global callback; each thread's reader keeps
// its own file's messages, and nothing reaches stderr.
void on_poppler_error(ErrorCategory category, Goffset position, const char* message) {
  if (current_capture == nullptr || message == nullptr) return;
  // Warnings are problems poppler worked around with the right result.
  if (category != errSyntaxError && category != errIO && category != errInternal) return;
  current_capture->record(position >= 0 ? fmt::format("{} (at byte {})", message, position) : message);
}

void initialise_poppler() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (!globalParams) globalParams = std::make_unique<GlobalParams>();
    setErrorCallback(&on_poppler_error);
  });
}

}  // namespace

ErrorCapture::ErrorCapture() : outer_(current_capture) { current_capture = this; }
ErrorCapture::~ErrorCapture() { current_capture = outer_; }

void ErrorCapture::record(std::string_view message) {
  if (count_++ == 0) first_ = std::string(message.substr(0, 200));
}

std::unique_ptr<PDFDoc> open_document(std::string_view bytes) {
  initialise_poppler();
  // MemStream reads the caller's bytes in place: no copy of the file.
  auto* stream = new MemStream(bytes.data(), 0, static_cast<Goffset>(bytes.size()), Object(objNull));
  auto doc = std::make_unique<PDFDoc>(stream);  // owns the stream from here
  if (doc->isOk()) return doc;
  switch (doc->getErrorCode()) {
    case errEncrypted:
      throw FormatError("encrypted: cannot be checked (it needs a password to open)");
    case errDamaged:
    case errBadCatalog:
      throw FormatError("not a readable PDF: damaged beyond repair (no page catalog could be found)");
    default:
      throw FormatError(fmt::format("not a readable PDF (poppler error {})", doc->getErrorCode()));
  }
}

std::string text_string_utf8(std::string_view pdf_text) {
  Unicode* code_points = nullptr;
  const int length = TextStringToUCS4(std::string(pdf_text), &code_points);
  std::string out;
  out.reserve(static_cast<std::size_t>(length));
  for (int i = 0; i < length; ++i) append_text_utf8(out, code_points[i]);
  gfree(code_points);
  return out;
}

std::string poppler_version() { return POPPLER_VERSION; }

}  // namespace foiguard::formats::pdf
