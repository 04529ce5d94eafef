#include "detect/masking.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <new>
#include <stdexcept>
#include <utility>

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

namespace {

constexpr std::size_t kSha256Block = 64;

void append_hex(const unsigned char* digest, std::size_t bytes, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < bytes; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
}

struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

MdCtx new_ctx() {
  MdCtx ctx(EVP_MD_CTX_new());
  if (!ctx) throw std::bad_alloc();
  return ctx;
}

}  // namespace

// RFC 2104: HMAC(K, m) = H((K0 ^ opad) || H((K0 ^ ipad) || m)). The two
// padded-key prefixes are hashed once; each fingerprint copies their state.
struct Fingerprinter::Digests {
  MdCtx inner = new_ctx(), outer = new_ctx(), work = new_ctx();
};

Fingerprinter::Fingerprinter(std::string_view key) : key_(key), digests_(std::make_unique<Digests>()) {
  unsigned char block[kSha256Block] = {};
  if (key.size() > kSha256Block) {
    unsigned int length = 0;
    EVP_Digest(key.data(), key.size(), block, &length, EVP_sha256(), nullptr);
  } else {
    std::copy(key.begin(), key.end(), block);
  }
  unsigned char pad[kSha256Block];
  for (auto [ctx, byte] : {std::pair{digests_->inner.get(), 0x36}, std::pair{digests_->outer.get(), 0x5c}}) {
    for (std::size_t i = 0; i < kSha256Block; ++i) pad[i] = static_cast<unsigned char>(block[i] ^ byte);
    if (EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1 || EVP_DigestUpdate(ctx, pad, sizeof pad) != 1)
      throw std::runtime_error("SHA-256 is not available from OpenSSL");
  }
}

Fingerprinter::~Fingerprinter() = default;

void Fingerprinter::compute(std::string_view rule, std::string_view value, std::string_view where,
                            std::string& out) {
  message_.clear();
  message_.append(rule).push_back('\0');
  message_.append(normalize_value(value)).push_back('\0');
  message_.append(where);
  hmac_hex(message_, out, 16);
}

void Fingerprinter::hmac(std::string_view message, unsigned char (&out)[32]) {
  unsigned char inner[EVP_MAX_MD_SIZE], outer[EVP_MAX_MD_SIZE];
  unsigned int inner_length = 0, outer_length = 0;
  EVP_MD_CTX* work = digests_->work.get();
  EVP_MD_CTX_copy_ex(work, digests_->inner.get());
  EVP_DigestUpdate(work, message.data(), message.size());
  EVP_DigestFinal_ex(work, inner, &inner_length);
  EVP_MD_CTX_copy_ex(work, digests_->outer.get());
  EVP_DigestUpdate(work, inner, inner_length);
  EVP_DigestFinal_ex(work, outer, &outer_length);
  std::copy(outer, outer + 32, out);
}

void Fingerprinter::hmac_hex(std::string_view message, std::string& out, std::size_t bytes) {
  unsigned char digest[32];
  hmac(message, digest);
  out.clear();
  append_hex(digest, std::min<std::size_t>(bytes, sizeof digest), out);
}

std::string fingerprint(std::string_view key, std::string_view rule, std::string_view value,
                        std::string_view where) {
  Fingerprinter fingerprinter(key);
  std::string out;
  fingerprinter.compute(rule, value, where, out);
  return out;
}

}  // namespace foiguard::detect
