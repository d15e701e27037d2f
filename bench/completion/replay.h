// Replays one trace in real time through a CompletionClient, setting the emulated model's answer (the
// oracle) before each keystroke, and measures what the user would have seen.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "bench/completion/client.h"
#include "bench/completion/trace.h"

namespace byok::bench {

struct ReplayResult {
  std::string trace, engine;
  int64_t keys = 0;
  ClientCounters counters;
  int64_t shown = 0;    // keystrokes after which ghost text appeared before the next key
  int64_t matched = 0;  // …and it was exactly what the user typed next
  int64_t pauses = 0, pauses_with_ghost = 0;
  std::vector<double> pause_latency_ms;  // last key before a pause → ghost text
};

inline constexpr int64_t kPauseMs = 400;  // a gap this long after a key is a pause

// `set_reply` is called with each document state before the client hears of it.
ReplayResult replay(const Trace& trace, CompletionClient& client, const std::string& engine_name,
                    const std::function<void(const std::string& doc, size_t cursor)>& set_reply);

}  // namespace byok::bench
