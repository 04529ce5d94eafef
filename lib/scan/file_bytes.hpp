// Read-only view of a whole file: memory-mapped when possible, so a large file
// costs page cache rather than a heap copy.
#pragma once

#include <string>
#include <string_view>

namespace foiguard::scan {

class FileBytes {
 public:
  // Throws std::system_error with a readable message on failure.
  explicit FileBytes(const std::string& path);
  ~FileBytes();
  FileBytes(const FileBytes&) = delete;
  FileBytes& operator=(const FileBytes&) = delete;

  std::string_view bytes() const { return {data_, size_}; }
  // Drops the mapped pages from this process's memory; they stay readable
  // (the kernel reads them back from the page cache when touched). Read
  // pages of a mapping count as resident, so without this a scan of a 200 MB
  // workbook holds the whole zip in its RSS by the end. No-op when not mapped.
  void drop_pages() const;

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  bool mapped_ = false;
  std::string fallback_;  // small or unmappable files are read into memory
};

// Size of a regular file, or throws std::system_error.
std::uint64_t file_size(const std::string& path);

}  // namespace foiguard::scan
