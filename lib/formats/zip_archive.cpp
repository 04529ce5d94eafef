#include "formats/zip_archive.hpp"

#include <fmt/format.h>
#include <libdeflate.h>
#include <zip.h>

#include <sys/mman.h>

#include <algorithm>
#include <unordered_set>

namespace foiguard::formats {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x | 0x20) == (y | 0x20) || x == y;
         });
}

// Members up to this size are inflated whole (see the header); the bound is
// the memory one member may take beside its compressed bytes.
constexpr std::uint64_t kWholeMemberBytes = std::uint64_t{64} << 20;
// Large enough that per-call overhead vanishes, small enough to stay in L2.
constexpr std::size_t kChunkBytes = std::size_t{256} << 10;

struct FileCloser {
  zip_file_t* f;
  ~FileCloser() { zip_fclose(f); }
};

bool suspicious_name(std::string_view name) {
  return name.starts_with('/') || name.starts_with('\\') || name.find("../") != std::string_view::npos ||
         name.find("..\\") != std::string_view::npos || (name.size() > 1 && name[1] == ':');
}

// The buffer a member is inflated into. Past 32 MiB (glibc's largest mmap
// threshold: smaller blocks are reused from the heap once freed, larger ones
// are fresh mappings every time) it is mapped here and asked for transparent
// huge pages: a 37 MB sheet is otherwise nine thousand first-touch page
// faults, measured at a tenth of the reader's time. Below it, huge pages cost
// more than they save (an 8 MB Word body, read again and again: +2 ms).
class InflateBuffer {
 public:
  explicit InflateBuffer(std::size_t size) : size_(std::max<std::size_t>(size, 1)) {
    if (size_ >= kHugeFrom) {
      void* mapped = mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (mapped != MAP_FAILED) {
        madvise(mapped, size_, MADV_HUGEPAGE);  // advice only: refused, it is ordinary pages
        mapped_ = static_cast<char*>(mapped);
        return;
      }
    }
    owned_.reset(new char[size_]);
  }
  ~InflateBuffer() {
    if (mapped_) munmap(mapped_, size_);
  }
  InflateBuffer(const InflateBuffer&) = delete;
  InflateBuffer& operator=(const InflateBuffer&) = delete;
  char* data() { return mapped_ ? mapped_ : owned_.get(); }

 private:
  static constexpr std::size_t kHugeFrom = std::size_t{32} << 20;
  std::size_t size_;
  char* mapped_ = nullptr;
  std::unique_ptr<char[]> owned_;
};

}  // namespace

struct ZipArchive::Handle {
  zip_t* archive = nullptr;
  libdeflate_decompressor* inflater = nullptr;  // made on first use
  ~Handle() {
    if (archive) zip_discard(archive);
    if (inflater) libdeflate_free_decompressor(inflater);
  }
};

ZipArchive::ZipArchive(std::string_view bytes, ZipLimits limits, ContainerBudget* budget)
    : handle_(std::make_unique<Handle>()), limits_(limits), budget_(budget), archive_bytes_(bytes.size()) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!source) {
    const std::string what = zip_error_strerror(&error);
    zip_error_fini(&error);
    throw FormatError("zip: " + what);
  }
  handle_->archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (!handle_->archive) {
    zip_source_free(source);
    const std::string what = zip_error_strerror(&error);
    zip_error_fini(&error);
    throw FormatError(fmt::format("corrupt or truncated zip: {}", what));
  }
  zip_error_fini(&error);
  const zip_int64_t count = zip_get_num_entries(handle_->archive, 0);
  if (count < 0) throw FormatError("corrupt zip: no central directory");
  if (static_cast<std::uint64_t>(count) > limits_.max_members)
    throw FormatError(fmt::format("zip has {} members, over the limit of {}: not checked", count,
                                  limits_.max_members));
  if (budget_) {
    if ((budget_->members += static_cast<std::uint64_t>(count)) > budget_->max_members)
      throw FormatError(fmt::format("nested archives hold over {} members in all: possible zip bomb, "
                                    "not checked", budget_->max_members));
  }
  entries_.reserve(static_cast<std::size_t>(count));
  std::unordered_set<std::string> seen;
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(handle_->archive, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_GUESS, &st) != 0 ||
        !(st.valid & ZIP_STAT_NAME))
      continue;
    Entry e;
    e.name = st.name;
    e.index = static_cast<std::uint64_t>(i);
    e.size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
    e.compressed = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    e.encrypted = (st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE;
    e.deflated = (st.valid & ZIP_STAT_COMP_METHOD) && st.comp_method == ZIP_CM_DEFLATE;
    if (st.valid & ZIP_STAT_CRC) e.crc = st.crc;
    if (suspicious_name(e.name)) warnings_.push_back(fmt::format("suspicious member name '{}'", e.name));
    if (!seen.insert(e.name).second) warnings_.push_back(fmt::format("duplicate member name '{}'", e.name));
    entries_.push_back(std::move(e));
  }
}

ZipArchive::~ZipArchive() = default;

const ZipArchive::Entry* ZipArchive::find(std::string_view name) const {
  if (name.starts_with('/')) name.remove_prefix(1);
  for (const auto& e : entries_)
    if (e.name == name) return &e;
  for (const auto& e : entries_)
    if (iequals(e.name, name)) return &e;
  return nullptr;
}

void ZipArchive::read(const Entry& entry, const std::function<void(std::string_view)>& chunk) {
  if (entry.encrypted) throw FormatError(fmt::format("'{}' is encrypted: cannot be checked", entry.name));
  if (entry.size > limits_.max_member_bytes)
    throw FormatError(fmt::format("'{}' inflates to {} bytes, over the limit of {}", entry.name,
                                  entry.size, limits_.max_member_bytes));
  if (entry.size > limits_.ratio_floor && entry.size / std::max<std::uint64_t>(entry.compressed, 1) > limits_.max_ratio)
    throw FormatError(fmt::format("'{}' would inflate {}x ({} bytes from {}): possible zip bomb, not checked",
                                  entry.name, entry.size / std::max<std::uint64_t>(entry.compressed, 1), entry.size,
                                  entry.compressed));
  if (entry.deflated && entry.crc && entry.size <= kWholeMemberBytes && entry.compressed <= archive_bytes_) {
    read_whole(entry, chunk);
  } else {
    read_streamed(entry, chunk);
  }
}

void ZipArchive::read_streamed(const Entry& entry, const std::function<void(std::string_view)>& chunk) {
  zip_file_t* file = zip_fopen_index(handle_->archive, entry.index, 0);
  if (!file)
    throw FormatError(fmt::format("'{}' cannot be opened: {}", entry.name,
                                  zip_strerror(handle_->archive)));
  const FileCloser closer{file};
  std::string buffer(kChunkBytes, '\0');
  std::uint64_t member = 0;
  for (;;) {
    const zip_int64_t n = zip_fread(file, buffer.data(), buffer.size());
    if (n < 0)
      throw FormatError(fmt::format("'{}' is corrupt: {}", entry.name, zip_file_strerror(file)));
    if (n == 0) break;
    charge(entry, member, static_cast<std::uint64_t>(n));
    member += static_cast<std::uint64_t>(n);
    chunk(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
  }
}

void ZipArchive::read_whole(const Entry& entry, const std::function<void(std::string_view)>& chunk) {
  zip_file_t* file = zip_fopen_index(handle_->archive, entry.index, ZIP_FL_COMPRESSED);
  if (!file)
    throw FormatError(fmt::format("'{}' cannot be opened: {}", entry.name,
                                  zip_strerror(handle_->archive)));
  const FileCloser closer{file};
  // The compressed bytes are bounded by the archive, which is in memory already.
  std::string compressed(static_cast<std::size_t>(entry.compressed), '\0');
  std::size_t have = 0;
  while (have < compressed.size()) {
    const zip_int64_t n = zip_fread(file, compressed.data() + have, compressed.size() - have);
    if (n < 0)
      throw FormatError(fmt::format("'{}' is corrupt: {}", entry.name, zip_file_strerror(file)));
    if (n == 0) break;
    have += static_cast<std::size_t>(n);
  }
  if (have != compressed.size()) throw FormatError(fmt::format("'{}' is truncated", entry.name));
  charge(entry, 0, entry.size);
  if (!handle_->inflater && !(handle_->inflater = libdeflate_alloc_decompressor())) throw std::bad_alloc();
  // Not zero-filled: every byte is written by the inflate or never read.
  const auto size = static_cast<std::size_t>(entry.size);
  InflateBuffer out(size);
  std::size_t got = 0;
  switch (libdeflate_deflate_decompress(handle_->inflater, compressed.data(), compressed.size(), out.data(), size,
                                        &got)) {
    case LIBDEFLATE_SUCCESS:
      break;
    case LIBDEFLATE_INSUFFICIENT_SPACE:
      throw FormatError(fmt::format("'{}' inflates past its declared size of {} bytes: possible zip bomb, "
                                    "not checked", entry.name, entry.size));
    default:
      throw FormatError(fmt::format("'{}' is corrupt: invalid deflate data", entry.name));
  }
  if (got != size)
    throw FormatError(fmt::format("'{}' is corrupt: {} bytes inflated, {} declared", entry.name, got, size));
  if (libdeflate_crc32(0, out.data(), size) != *entry.crc)
    throw FormatError(fmt::format("'{}' is corrupt: CRC error", entry.name));
  for (std::size_t at = 0; at < size; at += kChunkBytes)
    chunk(std::string_view(out.data() + at, std::min(kChunkBytes, size - at)));
}

void ZipArchive::charge(const Entry& entry, std::uint64_t member, std::uint64_t n) {
  member += n;
  inflated_ += n;
  if (member > limits_.max_member_bytes || member > entry.size + (1u << 20))
    throw FormatError(fmt::format("'{}' inflates past its declared size or the member limit: "
                                  "possible zip bomb, not checked", entry.name));
  if (member > limits_.ratio_floor && member / std::max<std::uint64_t>(entry.compressed, 1) > limits_.max_ratio)
    throw FormatError(fmt::format("'{}' inflates over {}x: possible zip bomb, not checked", entry.name,
                                  limits_.max_ratio));
  if (inflated_ > limits_.max_total_bytes)
    throw FormatError(fmt::format("archive inflates past {} bytes in total: possible zip bomb, "
                                  "the rest is not checked", limits_.max_total_bytes));
  if (budget_ && (budget_->inflated += n) > budget_->max_inflated)
    throw FormatError(fmt::format("nested archives inflate past {} bytes in all: possible zip bomb, "
                                  "the rest is not checked", budget_->max_inflated));
}

std::string ZipArchive::read_all(const Entry& entry, std::uint64_t max_bytes) {
  if (entry.size > max_bytes)
    throw FormatError(fmt::format("'{}' is {} bytes, over the limit of {} for this part", entry.name,
                                  entry.size, max_bytes));
  std::string out;
  out.reserve(static_cast<std::size_t>(entry.size));
  read(entry, [&](std::string_view piece) {
    if (out.size() + piece.size() > max_bytes)
      throw FormatError(fmt::format("'{}' is over the limit of {} bytes for this part", entry.name, max_bytes));
    out.append(piece);
  });
  return out;
}

std::string resolve_target(std::string_view source_part, std::string_view target) {
  std::string path;
  if (target.starts_with('/')) {
    target.remove_prefix(1);
  } else {
    const auto slash = source_part.rfind('/');
    if (slash != std::string_view::npos) path = std::string(source_part.substr(0, slash));
  }
  std::size_t k = 0;
  while (k <= target.size()) {
    auto next = target.find('/', k);
    if (next == std::string_view::npos) next = target.size();
    const std::string_view step = target.substr(k, next - k);
    if (step == "..") {
      const auto slash = path.rfind('/');
      path = slash == std::string::npos ? std::string() : path.substr(0, slash);
    } else if (!step.empty() && step != ".") {
      if (!path.empty()) path += '/';
      path += step;
    }
    k = next + 1;
  }
  return path;
}

}  // namespace foiguard::formats
