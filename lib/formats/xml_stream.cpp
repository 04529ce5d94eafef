#include "formats/xml_stream.hpp"

#include <expat.h>
#include <fmt/format.h>

#include <cstdint>
#include <cstring>
#include <exception>
#include <random>

#include "formats/formats.hpp"
#include "formats/xml_bulk.hpp"

namespace foiguard::formats {

std::string_view XmlAttributes::get(std::string_view local) const {
  for (const char* const* p = pairs_; p && *p; p += 2)
    if (same_name(xml_local_name(p[0]), local)) return p[1];
  return {};
}

std::string_view XmlAttributes::get_prefixed(std::string_view local) const {
  for (const char* const* p = pairs_; p && *p; p += 2)
    if (std::strchr(p[0], ':') && same_name(xml_local_name(p[0]), local)) return p[1];
  return {};
}

bool XmlAttributes::has(std::string_view local) const {
  for (const char* const* p = pairs_; p && *p; p += 2)
    if (same_name(xml_local_name(p[0]), local)) return true;
  return false;
}

namespace {

// expat draws a fresh hash salt from the kernel (a getrandom call) for every
// parser, and a package opens one per part: thousands in a zip of documents,
// ~1.5 us each. Each parser still gets its own unpredictable salt (expat's
// defence against crafted colliding names), from a per-thread splitmix64
// seeded once by std::random_device.
unsigned long next_hash_salt() {
  thread_local std::uint64_t state = [] {
    std::random_device device;
    return (std::uint64_t{device()} << 32) ^ device();
  }();
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return static_cast<unsigned long>(z) | 1;  // 0 would ask expat to draw one
}

}  // namespace

struct XmlStream::Parser {
  XML_Parser p = nullptr;
  std::exception_ptr failure;  // a handler's exception, rethrown after XML_Parse returns
};

XmlStream::XmlStream(XmlHandler& handler, std::string part_name, std::size_t max_depth)
    : parser_(new Parser), handler_(handler), part_(std::move(part_name)), max_depth_(max_depth) {
  parser_->p = XML_ParserCreate("UTF-8");
  if (!parser_->p) {
    delete parser_;
    throw std::bad_alloc();
  }
  XML_SetHashSalt(parser_->p, next_hash_salt());
  XML_SetUserData(parser_->p, this);
  XML_SetElementHandler(parser_->p, &XmlStream::on_start, &XmlStream::on_end);
  XML_SetCharacterDataHandler(parser_->p, &XmlStream::on_text);
  XML_SetStartDoctypeDeclHandler(parser_->p, &XmlStream::on_doctype);
  // Never fetch or parse external entities or DTDs.
  XML_SetParamEntityParsing(parser_->p, XML_PARAM_ENTITY_PARSING_NEVER);
}

XmlStream::~XmlStream() {
  XML_ParserFree(parser_->p);
  delete parser_;
}

void XmlStream::on_start(void* self_ptr, const char* name, const char** attributes) {
  auto* self = static_cast<XmlStream*>(self_ptr);
  if (++self->depth_ > self->max_depth_) {
    self->refused_ = fmt::format("nesting deeper than {} elements", self->max_depth_);
    XML_StopParser(self->parser_->p, XML_FALSE);
    return;
  }
  try {
    self->handler_.start(xml_local_name(name), XmlAttributes(attributes));
  } catch (...) {
    self->parser_->failure = std::current_exception();
    XML_StopParser(self->parser_->p, XML_FALSE);
  }
}

void XmlStream::on_end(void* self_ptr, const char* name) {
  auto* self = static_cast<XmlStream*>(self_ptr);
  --self->depth_;
  try {
    self->handler_.end(xml_local_name(name));
  } catch (...) {
    self->parser_->failure = std::current_exception();
    XML_StopParser(self->parser_->p, XML_FALSE);
  }
}

void XmlStream::on_text(void* self_ptr, const char* text, int length) {
  auto* self = static_cast<XmlStream*>(self_ptr);
  try {
    self->handler_.text(std::string_view(text, static_cast<std::size_t>(length)));
  } catch (...) {
    self->parser_->failure = std::current_exception();
    XML_StopParser(self->parser_->p, XML_FALSE);
  }
}

void XmlStream::on_doctype(void* self_ptr, const char*, const char*, const char*, int) {
  auto* self = static_cast<XmlStream*>(self_ptr);
  self->refused_ = "a DOCTYPE (entity declarations are not allowed in document parts)";
  XML_StopParser(self->parser_->p, XML_FALSE);
}

void XmlStream::check(int status) {
  if (parser_->failure) std::rethrow_exception(parser_->failure);
  if (!refused_.empty()) throw FormatError(fmt::format("'{}' refused: {}", part_, refused_));
  if (status == XML_STATUS_ERROR)
    throw FormatError(fmt::format("'{}' is not well-formed XML: {} at line {}", part_,
                                  XML_ErrorString(XML_GetErrorCode(parser_->p)),
                                  XML_GetCurrentLineNumber(parser_->p)));
}

void XmlStream::bulk_children(XmlList list) {
  bulk_ = std::make_unique<XmlBulkChildren>(
      list.parent, list.child, handler_, [this](std::string_view chunk) { feed_expat(chunk); }, depth_, part_,
      max_depth_);
}

void XmlStream::feed_expat(std::string_view chunk) {
  check(XML_Parse(parser_->p, chunk.data(), static_cast<int>(chunk.size()), XML_FALSE));
}

void XmlStream::feed(std::string_view chunk) {
  if (bulk_) {
    bulk_->feed(chunk);
  } else {
    feed_expat(chunk);
  }
}

void XmlStream::finish() {
  if (bulk_) bulk_->finish();
  check(XML_Parse(parser_->p, "", 0, XML_TRUE));
}

}  // namespace foiguard::formats
