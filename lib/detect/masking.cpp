#include "detect/masking.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "detect/text_util.hpp"

namespace foiguard::detect {

void mask_value(std::string_view value, std::string& out) {
  out.clear();
  bool at_word_start = true;
  std::size_t pos = 0;
  while (pos < value.size()) {
    const char byte = value[pos];
    std::size_t next = pos + 1;
    bool wordy = is_ascii_alnum(byte);
    if (static_cast<unsigned char>(byte) >= 0x80) {  // one '*' per code point, not per byte
      next = pos;
      next_code_point(value, next);
      wordy = true;
    }
    if (!wordy) {
      out.push_back(byte);
      at_word_start = true;
    } else if (at_word_start) {
      out.append(value.substr(pos, next - pos));
      at_word_start = false;
    } else {
      out.push_back('*');
    }
    pos = next;
  }
}

std::string normalize_value(std::string_view value) {
  std::string out;
  bool space = false;
  for (char c : trim(value)) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(ascii_lower(c));
  }
  return out;
}

std::string fingerprint(std::string_view key, std::string_view rule, std::string_view value,
                        std::string_view where) {
  std::string message;
  message.reserve(rule.size() + value.size() + where.size() + 2);
  message.append(rule).push_back('\0');
  message.append(normalize_value(value)).push_back('\0');
  message.append(where);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  static const char* kHex = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < 16 && i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 15]);
  }
  return hex;
}

}  // namespace foiguard::detect
