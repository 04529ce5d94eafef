// Bare inflation with libzip: the floor the reader benchmarks compare with;
// and the same with bare expat over every member: the floor of any
// expat-based reader.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <expat.h>
#include <zip.h>

namespace foiguard::bench {

// Inflates every member with bare libzip into `buffer`; returns the bytes
// inflated. `each` sees every chunk (member name, bytes).
template <typename Each>
inline std::uint64_t inflate_all(std::string_view bytes, std::vector<char>& buffer, Each&& each) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* archive = source != nullptr ? zip_open_from_source(source, ZIP_RDONLY, &error) : nullptr;
  if (archive == nullptr) {
    if (source != nullptr) zip_source_free(source);
    const std::string what = zip_error_strerror(&error);
    zip_error_fini(&error);
    throw std::runtime_error("bench: cannot open the zip: " + what);
  }
  zip_error_fini(&error);
  std::uint64_t total = 0;
  const zip_int64_t members = zip_get_num_entries(archive, 0);
  for (zip_int64_t i = 0; i < members; ++i) {
    const char* name = zip_get_name(archive, static_cast<zip_uint64_t>(i), 0);
    zip_file_t* file = zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0);
    if (file == nullptr || name == nullptr) {
      zip_discard(archive);
      throw std::runtime_error("bench: cannot open a member");
    }
    for (;;) {
      const zip_int64_t n = zip_fread(file, buffer.data(), buffer.size());
      if (n < 0) {
        zip_fclose(file);
        zip_discard(archive);
        throw std::runtime_error("bench: corrupt member");
      }
      if (n == 0) break;
      total += static_cast<std::uint64_t>(n);
      each(std::string_view(name), std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    }
    zip_fclose(file);
  }
  zip_discard(archive);  // read-only: nothing to write back
  return total;
}

// Inflates every member with bare libzip and runs it through expat with no
// handlers (one parser a member); returns the bytes inflated. Throws on a
// member that is not well-formed XML.
inline std::uint64_t inflate_and_tokenize(std::string_view bytes, std::vector<char>& buffer) {
  XML_Parser parser = nullptr;
  std::string current;
  const auto finish = [&] {
    if (parser == nullptr) return;
    const bool ok = XML_Parse(parser, "", 0, XML_TRUE) == XML_STATUS_OK;
    XML_ParserFree(parser);
    parser = nullptr;
    if (!ok) throw std::runtime_error("bench: " + current + " is not well-formed");
  };
  const std::uint64_t total = inflate_all(bytes, buffer, [&](std::string_view member, std::string_view chunk) {
    if (member != current) {  // members are inflated one after another
      finish();
      current = member;
      parser = XML_ParserCreate("UTF-8");
    }
    if (XML_Parse(parser, chunk.data(), static_cast<int>(chunk.size()), XML_FALSE) != XML_STATUS_OK) {
      XML_ParserFree(parser);
      throw std::runtime_error("bench: " + current + " is not well-formed");
    }
  });
  finish();
  return total;
}

}  // namespace foiguard::bench
