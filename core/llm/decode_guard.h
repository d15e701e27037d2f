// Provider events are untrusted JSON. nlohmann's typed accessors throw when a field has the wrong type
// (`"index":"0"`, `"message":42`), and an exception escaping a decoder would take the host's engine down
// with it. Every decoder therefore runs each event through guard_event: such an event ends the stream
// with a clear Stream error naming the provider and the offending event, like any other malformed chunk.
// (Found by tests/fuzz/fuzz_wire_decoder.cpp.)
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/util/result.h"

namespace byok::llm {

template <class Handle>
void guard_event(const std::string& provider, std::string_view data, std::optional<Error>& failure, Handle&& handle) {
  try {
    handle();
  } catch (const nlohmann::json::exception& e) {
    if (!failure)
      failure = Error{ErrorKind::Stream,
                      "malformed event in stream from " + provider + " (" + e.what() + "): " +
                          std::string(data.substr(0, 120)),
                      provider};
  }
}

// A count a provider reports (tokens, an index). nlohmann's value<int64_t>() converts a float with a C cast,
// which is undefined behaviour for 1e300 (UBSan: float-cast-overflow; found by the wire_decoder fuzzer).
// Anything but a non-negative number up to 2^53 (the largest integer JSON carries exactly; the cap also keeps
// sums of a few counts clear of overflow) throws a json type_error, which guard_event turns into a Stream
// error like any other field of the wrong type. A missing field reads as `fallback`.
inline int64_t count_field(const nlohmann::json& obj, const char* key, int64_t fallback = 0) {
  constexpr int64_t kMax = int64_t{1} << 53;
  if (!obj.is_object()) return fallback;
  auto it = obj.find(key);
  if (it == obj.end()) return fallback;
  if (it->is_number_unsigned() && it->get<uint64_t>() <= static_cast<uint64_t>(kMax)) return static_cast<int64_t>(it->get<uint64_t>());
  if (it->is_number_integer() && it->get<int64_t>() >= 0 && it->get<int64_t>() <= kMax) return it->get<int64_t>();
  if (it->is_number_float()) {
    const double d = it->get<double>();
    if (std::isfinite(d) && d >= 0 && d <= static_cast<double>(kMax)) return static_cast<int64_t>(d);
  }
  throw nlohmann::json::type_error::create(302, std::string("\"") + key + "\" is not a count: " + it->dump(), nullptr);
}

}  // namespace byok::llm
