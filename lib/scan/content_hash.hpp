// SHA-256 of a file's bytes (OpenSSL), for FileReport::sha256: the cache uses
// it to tell a touched file from a changed one, SARIF lists it per artifact.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace foiguard::scan {

// Lower-case hex. `after_chunk` runs after each few MiB hashed, so a caller
// hashing a mapped file can let its pages go as it goes.
std::string sha256_hex(std::string_view bytes, const std::function<void()>& after_chunk = {});

}  // namespace foiguard::scan
