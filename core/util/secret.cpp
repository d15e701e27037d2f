#include "core/util/secret.h"

#include <openssl/crypto.h>

namespace byok {

void secure_wipe(std::string& s) {
  if (!s.empty()) OPENSSL_cleanse(s.data(), s.size());
  // Also wipe spare capacity that may hold older contents.
  s.clear();
}

Secret& Secret::operator=(const Secret& o) {
  if (this != &o) {
    wipe();
    value_ = o.value_;
  }
  return *this;
}

Secret::Secret(Secret&& o) noexcept : value_(o.value_) { o.wipe(); }

Secret& Secret::operator=(Secret&& o) noexcept {
  if (this != &o) {
    wipe();
    value_ = o.value_;
    o.wipe();
  }
  return *this;
}

Secret::~Secret() { wipe(); }

void Secret::wipe() {
  // Cleanse the whole buffer, including capacity beyond size (short-string buffer or heap block).
  if (value_.capacity() > 0) {
    value_.resize(value_.capacity());
    OPENSSL_cleanse(value_.data(), value_.size());
  }
  value_.clear();
}

std::string Secret::last4() const {
  if (value_.size() < 12) return "";
  return value_.substr(value_.size() - 4);
}

std::string Secret::redacted() const {
  auto tail = last4();
  return tail.empty() ? "[redacted]" : "[redacted …" + tail + "]";
}

bool Secret::operator==(const Secret& o) const {
  return value_.size() == o.value_.size() && CRYPTO_memcmp(value_.data(), o.value_.data(), value_.size()) == 0;
}

std::ostream& operator<<(std::ostream& os, const Secret& s) { return os << s.redacted(); }

}  // namespace byok
