#include "formats/zip_archive.hpp"

#include <fmt/format.h>
#include <zip.h>

#include <algorithm>
#include <unordered_set>

namespace foiguard::formats {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x | 0x20) == (y | 0x20) || x == y;
         });
}

bool suspicious_name(std::string_view name) {
  return name.starts_with('/') || name.starts_with('\\') || name.find("../") != std::string_view::npos ||
         name.find("..\\") != std::string_view::npos || (name.size() > 1 && name[1] == ':');
}

}  // namespace

struct ZipArchive::Handle {
  zip_t* archive = nullptr;
  ~Handle() {
    if (archive) zip_discard(archive);
  }
};

ZipArchive::ZipArchive(std::string_view bytes, ZipLimits limits, ContainerBudget* budget)
    : handle_(std::make_unique<Handle>()), limits_(limits), budget_(budget) {
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
    budget_->members += static_cast<std::uint64_t>(count);
    if (budget_->members > budget_->max_members)
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
  zip_file_t* file = zip_fopen_index(handle_->archive, entry.index, 0);
  if (!file)
    throw FormatError(fmt::format("'{}' cannot be opened: {}", entry.name,
                                  zip_strerror(handle_->archive)));
  struct Closer {
    zip_file_t* f;
    ~Closer() { zip_fclose(f); }
  } closer{file};
  // 256 KiB: large enough that per-call overhead vanishes, small enough to stay in L2.
  std::string buffer(256u << 10, '\0');
  std::uint64_t member = 0;
  for (;;) {
    const zip_int64_t n = zip_fread(file, buffer.data(), buffer.size());
    if (n < 0)
      throw FormatError(fmt::format("'{}' is corrupt: {}", entry.name, zip_file_strerror(file)));
    if (n == 0) break;
    member += static_cast<std::uint64_t>(n);
    inflated_ += static_cast<std::uint64_t>(n);
    if (member > limits_.max_member_bytes || member > entry.size + (1u << 20))
      throw FormatError(fmt::format("'{}' inflates past its declared size or the member limit: "
                                    "possible zip bomb, not checked", entry.name));
    if (member > limits_.ratio_floor && member / std::max<std::uint64_t>(entry.compressed, 1) > limits_.max_ratio)
      throw FormatError(fmt::format("'{}' inflates over {}x: possible zip bomb, not checked", entry.name,
                                    limits_.max_ratio));
    if (inflated_ > limits_.max_total_bytes)
      throw FormatError(fmt::format("archive inflates past {} bytes in total: possible zip bomb, "
                                    "the rest is not checked", limits_.max_total_bytes));
    if (budget_ && (budget_->inflated += static_cast<std::uint64_t>(n)) > budget_->max_inflated)
      throw FormatError(fmt::format("nested archives inflate past {} bytes in all: possible zip bomb, "
                                    "the rest is not checked", budget_->max_inflated));
    chunk(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
  }
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
