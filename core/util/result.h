// Errors are values: every fallible operation in core returns Result<T>, carrying an Error with enough
// context (provider, HTTP status, the provider's own message) for a user to act on it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace byok {

enum class ErrorKind {
  Config,     // bad configuration or arguments
  Network,    // connect/DNS/reset/proxy failures
  Tls,        // certificate or handshake failures
  Timeout,    // connect or read timeout
  Cancelled,  // the caller cancelled
  Provider,   // the provider answered with an error (HTTP status or error event)
  Stream,     // malformed or incomplete stream content
  Io,         // local files
  Key,        // key missing or unusable
  Budget,     // spending limit reached
  Protocol,   // bad message from a host
  Internal,
};

const char* to_string(ErrorKind kind);

struct Error {
  Error() = default;
  Error(ErrorKind k, std::string msg, std::string prov = {}, int http_status = 0)
      : kind(k), message(std::move(msg)), provider(std::move(prov)), status(http_status) {}

  ErrorKind kind = ErrorKind::Internal;
  std::string message;   // human-readable; for provider errors the provider's own message
  std::string provider;  // provider name when the error concerns one
  int status = 0;        // HTTP status, 0 when there was none
  std::string type;      // provider's error type or code ("rate_limit_error", "RESOURCE_EXHAUSTED")
  bool retryable = false;
  std::optional<std::chrono::milliseconds> retry_after;

  // "openai: 401 Incorrect API key provided" — the one-line form shown to users.
  std::string describe() const;

  static Error make(ErrorKind kind, std::string message) {
    Error e;
    e.kind = kind;
    e.message = std::move(message);
    return e;
  }
};

// Minimal expected<T, Error> (std::expected is C++23).
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}      // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  const Error& error() const { return std::get<1>(v_); }
  Error& error() { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

struct Ok {};
using Status = Result<Ok>;
inline Status ok_status() { return Ok{}; }

}  // namespace byok
