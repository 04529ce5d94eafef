// The secret key that makes finding fingerprints keyed hashes: named by
// --key-file or $FOIGUARD_KEY_FILE, else a per-user key created on first use.
#pragma once

#include <optional>
#include <string>

namespace foiguard::cli {

// The key named by --key-file or FOIGUARD_KEY_FILE must be readable (nullopt,
// after saying why on stderr: a usage error); the default key is created on
// first use, and when that is impossible the scan runs without fingerprints
// (an empty key) and says so.
std::optional<std::string> fingerprint_key(const std::string& key_file);

}  // namespace foiguard::cli
