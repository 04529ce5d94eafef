// JSON text for the streamed reports (JSON, JSON lines, SARIF): a writer that
// places commas itself and hands its buffer to the stream in large pieces, and
// the UTF-8 check its strings need. Strings are escaped per RFC 8259; bytes
// that are not UTF-8 (a path on a Latin-1 share) become U+FFFD, so the output
// is always valid JSON whatever the input.
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <iterator>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace foiguard::report {

// Length of the valid UTF-8 sequence at text[i], or 0 when it is not one
// (overlong forms, surrogates and code points past U+10FFFF are not).
std::size_t utf8_length(std::string_view text, std::size_t i);

// `text` with every byte that is not part of valid UTF-8 replaced by U+FFFD.
std::string valid_utf8(std::string_view text);

// A JSON writer over a buffer that is handed to the stream in large pieces.
// Commas are placed by the writer: `first_` says whether the innermost open
// object or array has no member yet.
class JsonOut {
 public:
  explicit JsonOut(std::ostream& out) : out_(out) {}
  ~JsonOut() { flush(); }
  JsonOut(const JsonOut&) = delete;
  JsonOut& operator=(const JsonOut&) = delete;

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  // The name of the next member of the open object: one of our own field
  // names (plain ASCII, nothing to escape), so it is written as it is.
  JsonOut& key(std::string_view name) {
    separate();
    buf_.push_back('"');
    append(name);
    append("\":");
    keyed_ = true;
    return *this;
  }

  void value(std::string_view text) {
    separate();
    string_body(text);
  }
  void value(const std::string& text) { value(std::string_view(text)); }
  void value(const char* text) { value(std::string_view(text)); }
  void value(bool b) {
    separate();
    append(b ? "true" : "false");
  }
  template <typename Int>
    requires(std::is_integral_v<Int> && !std::is_same_v<Int, bool>)
  void value(Int n) {
    separate();
    fmt::format_to(std::back_inserter(buf_), "{}", n);
  }
  void value(double d) {
    separate();
    const std::size_t at = buf_.size();
    fmt::format_to(std::back_inserter(buf_), "{}", d);
    // Keep a number that is whole still a floating-point one ("2.0").
    if (std::string_view(buf_.data() + at, buf_.size() - at).find_first_of(".en") == std::string_view::npos)
      append(".0");
  }
  void null() {
    separate();
    append("null");
  }
  template <typename T>
  void value(const std::optional<T>& v) {
    if (v) value(*v); else null();
  }
  void strings(const std::vector<std::string>& list) {
    begin_array();
    for (const auto& s : list) value(s);
    end_array();
  }
  // A string that is null when empty.
  void text_or_null(const std::string& text) {
    if (text.empty()) null(); else value(text);
  }
  // Raw JSON text, written as is (separators included by the caller).
  void raw(std::string_view text) { append(text); }

  void flush() {
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }

 private:
  void append(std::string_view s) { buf_.append(s.data(), s.data() + s.size()); }

  void separate() {
    if (keyed_) {
      keyed_ = false;
      return;
    }
    if (!first_ && depth_ > 0) buf_.push_back(',');
    first_ = false;
  }
  void open(char c) {
    separate();
    buf_.push_back(c);
    first_ = true;
    ++depth_;
  }
  void close(char c) {
    buf_.push_back(c);
    first_ = false;
    --depth_;
    // Handed on in pieces of ~64 KiB: a report of any length needs no more.
    if (buf_.size() >= (1u << 16)) flush();
  }

  // Quotes and escapes `text`; bytes that are not UTF-8 become U+FFFD.
  void string_body(std::string_view text);

  std::ostream& out_;
  fmt::memory_buffer buf_;
  bool first_ = true;   // nothing written yet in the open container
  bool keyed_ = false;  // a key was written; its value follows without a comma
  int depth_ = 0;       // open objects and arrays: top-level values (JSON lines) take no comma
};

}  // namespace foiguard::report
