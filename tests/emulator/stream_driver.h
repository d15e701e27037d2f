// Plays a Scenario through a Wire: decides when each event is written (time to first token, pace between
// tokens), where the fault happens, and how the bytes are cut up on their way out (CRLF, comments, one byte
// per write). It knows nothing of HTTP libraries: it writes to a BodySink.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "tests/emulator/emulator.h"
#include "tests/emulator/stop_signal.h"
#include "tests/emulator/wire.h"

namespace byok::emu {

// Where a response body goes. write() is one chunk on the wire; false means the client is gone.
class BodySink {
 public:
  virtual ~BodySink() = default;
  virtual bool write(std::string_view bytes) = 0;
  virtual bool client_alive() = 0;  // false once the client has closed its end
};

enum class StreamEnd {
  Completed,     // the body was finished normally (even if what it says is an error)
  ClientClosed,  // the client went away first
  ServerCut,     // the emulator cut the connection (ResetMidStream, or the emulator is stopping)
};

struct StreamPlan {
  Scenario scenario;
  std::vector<std::string> pieces;  // the reply, cut at code point boundaries
  std::chrono::milliseconds ttft{0}, token_gap{0};
};

// A streamed (SSE or NDJSON) response body.
StreamEnd play_stream(const Wire& wire, const StreamPlan& plan, BodySink& sink, const StopSignal& stop);

// Bodies of non-streamed responses that misbehave: `prefix` then filler bytes until `total_bytes` (or
// forever, bounded by the client and a 10-minute cap, when total_bytes is 0), without any newline.
StreamEnd play_filler(std::string_view prefix, size_t total_bytes, BodySink& sink, const StopSignal& stop);
// Nothing at all until the client goes away or the emulator stops.
StreamEnd play_stall(BodySink& sink, const StopSignal& stop);

}  // namespace byok::emu
