// Provider events are untrusted JSON. nlohmann's typed accessors throw when a field has the wrong type
// (`"index":"0"`, `"message":42`), and an exception escaping a decoder would take the host's engine down
// with it. Every decoder therefore runs each event through guard_event: such an event ends the stream
// with a clear Stream error naming the provider and the offending event, like any other malformed chunk.
// (Found by tests/fuzz/fuzz_wire_decoder.cpp.)
#pragma once

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

}  // namespace byok::llm
