// A key in memory. It cannot be converted to a string by accident, prints as "[redacted …abcd]", and wipes
// its bytes when destroyed. The only way to read it is reveal(), called only where a key has to leave the
// Secret: the auth header (llm::base_request, the one place a key goes over the network), the vault's own
// encryption and storage, and scrubbing it from provider error text; grep for reveal() to audit them all.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

namespace byok {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  Secret(const Secret& o) : value_(o.value_) {}
  Secret& operator=(const Secret& o);
  Secret(Secret&& o) noexcept;
  Secret& operator=(Secret&& o) noexcept;
  ~Secret();

  bool empty() const { return value_.empty(); }
  std::string_view reveal() const { return value_; }
  // Last four characters, for `keys list`; shorter keys show nothing.
  std::string last4() const;
  std::string redacted() const;  // "[redacted …abcd]"
  bool operator==(const Secret& o) const;

 private:
  void wipe();
  std::string value_;
};

std::ostream& operator<<(std::ostream& os, const Secret& s);

// Wipes any string that held key material (temporary buffers, decrypted vault plaintext).
void secure_wipe(std::string& s);

}  // namespace byok
