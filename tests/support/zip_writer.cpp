#include "support/zip_writer.hpp"

#include <zip.h>

#include <stdexcept>

namespace foiguard::testing {

std::string zip_of(const std::vector<std::pair<std::string, std::string>>& members) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* target = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* archive = target ? zip_open_from_source(target, ZIP_TRUNCATE, &error) : nullptr;
  if (!archive) throw std::runtime_error("libzip cannot open a buffer to write");
  zip_source_keep(target);
  for (const auto& [name, bytes] : members) {
    zip_source_t* data = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    if (!data || zip_file_add(archive, name.c_str(), data, ZIP_FL_OVERWRITE) < 0)
      throw std::runtime_error("libzip cannot add " + name);
  }
  if (zip_close(archive) < 0) throw std::runtime_error("libzip cannot write the archive");
  zip_stat_t stat;
  zip_source_stat(target, &stat);
  std::string out(static_cast<std::size_t>(stat.size), '\0');
  zip_source_open(target);
  zip_source_read(target, out.data(), out.size());
  zip_source_close(target);
  zip_source_free(target);
  return out;
}

}  // namespace foiguard::testing
