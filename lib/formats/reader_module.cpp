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
  static std::once_flag pdf_once, email_once;
  static Loaded pdf, email;
  std::once_flag* once = nullptr;
  Loaded* slot = nullptr;
  if (name == "pdf") {
    once = &pdf_once;
    slot = &pdf;
  } else if (name == "email") {
    once = &email_once;
    slot = &email;
  } else {
    if (why) *why = fmt::format("no reader library named '{}'", name);
    return nullptr;
  }
  std::call_once(*once, [&] { *slot = load(name); });
  if (!slot->module && why) *why = slot->why;
  return slot->module;
}

}  // namespace foiguard::formats
