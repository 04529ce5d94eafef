#include "formats/reader_module.hpp"

#include <dlfcn.h>

#include <mutex>

#include <fmt/format.h>

#include "foiguard/version.hpp"

namespace foiguard::formats {

namespace {

// The folder this library was loaded from, with a trailing '/'; empty when
// the loader cannot say (dlopen then searches the usual places).
std::string own_folder() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<const void*>(&own_folder), &info) == 0 || !info.dli_fname) return {};
  const std::string path = info.dli_fname;
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

struct Loaded {
  const ReaderModule* module = nullptr;
  std::string why;
};

Loaded load(std::string_view name) {
  const std::string file = own_folder() + fmt::format("libfoiguard-{}.so", name);
  // RTLD_LOCAL: poppler's and GMime's symbols stay out of the global scope.
  void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = dlerror();  // names the file
    return {nullptr, why ? why : "cannot load " + file};
  }
  using Entry = const ReaderModule* (*)();
  const auto entry = reinterpret_cast<Entry>(dlsym(handle, kReaderModuleEntry));
  const ReaderModule* module = entry ? entry() : nullptr;
  if (!module) return {nullptr, fmt::format("{} is not a foiguard reader library", file)};
  if (module->built_for != version())
    return {nullptr, fmt::format("{} is from foiguard {}, not {}: install the two together", file,
                                 module->built_for, version())};
  return {module, {}};  // never unloaded: readers may run on any thread until exit
}

}  // namespace

const ReaderModule* reader_module(std::string_view name, std::string* why) {
  struct Slot {
    std::string_view name;
    std::once_flag once;
    Loaded loaded;
  };
  static Slot slots[] = {{"pdf", {}, {}}, {"email", {}, {}}};
  for (Slot& slot : slots) {
    if (slot.name != name) continue;
    std::call_once(slot.once, [&slot] { slot.loaded = load(slot.name); });
    if (!slot.loaded.module && why) *why = slot.loaded.why;
    return slot.loaded.module;
  }
  if (why) *why = fmt::format("no reader library named '{}'", name);
  return nullptr;
}

}  // namespace foiguard::formats
