#include "scan/file_bytes.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace foiguard::scan {
namespace {

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

[[noreturn]] void throw_errno(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

}  // namespace

std::uint64_t file_size(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw_errno("cannot open");
  return static_cast<std::uint64_t>(st.st_size);
}

FileBytes::FileBytes(const std::string& path) {
  Fd file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) throw_errno("cannot open");
  struct stat st {};
  if (::fstat(file.fd, &st) != 0) throw_errno("cannot stat");
  if (S_ISDIR(st.st_mode)) throw std::system_error(EISDIR, std::generic_category(), "cannot read");
  size_ = static_cast<std::size_t>(st.st_size);
  if (size_ == 0) return;
  if (S_ISREG(st.st_mode) && size_ >= (64u << 10)) {
    void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, file.fd, 0);
    if (p != MAP_FAILED) {
      ::madvise(p, size_, MADV_SEQUENTIAL);
      data_ = static_cast<const char*>(p);
      mapped_ = true;
      return;
    }
  }
  fallback_.resize(size_);
  std::size_t got = 0;
  while (got < size_) {
    const ssize_t n = ::read(file.fd, fallback_.data() + got, size_ - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("cannot read");
    }
    if (n == 0) break;  // the file shrank while we read it
    got += static_cast<std::size_t>(n);
  }
  fallback_.resize(got);
  data_ = fallback_.data();
  size_ = got;
}

void FileBytes::drop_pages() const {
  // The mapping is private and never written, so dropping loses nothing.
  if (mapped_) ::madvise(const_cast<char*>(data_), size_, MADV_DONTNEED);
}

FileBytes::~FileBytes() {
  if (mapped_) ::munmap(const_cast<char*>(data_), size_);
}

}  // namespace foiguard::scan
