#include "scan/content_hash.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace foiguard::scan {

namespace {
constexpr std::size_t kChunkBytes = 16u << 20;
}  // namespace

std::string sha256_hex(std::string_view bytes, const std::function<void()>& after_chunk) {
  const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 is not available from OpenSSL");
  for (std::size_t at = 0; at < bytes.size(); at += kChunkBytes) {
    const std::size_t n = std::min(kChunkBytes, bytes.size() - at);
    EVP_DigestUpdate(ctx.get(), bytes.data() + at, n);
    if (after_chunk) after_chunk();
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(2 * length, '0');
  for (unsigned i = 0; i < length; ++i) {
    hex[2 * i] = kHex[digest[i] >> 4];
    hex[2 * i + 1] = kHex[digest[i] & 0xF];
  }
  return hex;
}

}  // namespace foiguard::scan
