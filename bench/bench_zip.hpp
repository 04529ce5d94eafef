// Bare inflation with libzip: the floor the reader benchmarks compare with.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

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

}  // namespace foiguard::bench
