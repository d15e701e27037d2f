#include "tests/emulator/stream_driver.h"

#include <algorithm>
#include <array>

#include "tests/emulator/reply_text.h"

namespace byok::emu {
namespace {

using namespace std::chrono_literals;
using Kind = Scenario::Kind;

constexpr auto kEndlessCap = 10min;   // an endless stream nobody reads must still end
constexpr auto kPollInterval = 10ms;  // how often stalls look at the client and the stop flag
constexpr size_t kFillerPiece = 64 * 1024;
// Before an in-stream error: lets the error travel in its own TCP segment / TLS record, as it does from a
// real server that fails some time after the last token (js-genai only recognises a raw Gemini error
// object when it arrives in a read of its own).
constexpr auto kPauseBeforeError = 20ms;

// Applies the Scenario's transport knobs to everything written.
class Writer {
 public:
  Writer(BodySink& sink, const Scenario& s, bool sse) : sink_(sink), s_(s), sse_(sse) {}

  // One framed event, preceded by an SSE comment when Scenario::comments is set. Checks that the client is
  // still there first: a TCP write to a closed peer can succeed once, and we want to record the close.
  bool event(std::string_view framed) {
    if (!sink_.client_alive()) return false;
    if (s_.comments && sse_) {
      static constexpr std::array<std::string_view, 3> kComments{": keep-alive\n\n", ": OPENROUTER PROCESSING\n\n", ":\n\n"};
      if (!raw(kComments[comments_sent_++ % kComments.size()])) return false;
    }
    return raw(framed);
  }

  bool raw(std::string_view bytes) {
    const std::string converted = s_.crlf ? to_crlf(bytes) : std::string(bytes);
    if (!s_.one_byte_writes) return sink_.write(converted);
    for (char c : converted)
      if (!sink_.write(std::string_view(&c, 1))) return false;
    return true;
  }

 private:
  static std::string to_crlf(std::string_view in) {
    std::string out;
    out.reserve(in.size() + in.size() / 16);
    for (size_t i = 0; i < in.size(); ++i) {
      if (in[i] == '\n' && (i == 0 || in[i - 1] != '\r')) out += '\r';
      out += in[i];
    }
    return out;
  }

  BodySink& sink_;
  const Scenario& s_;
  bool sse_;
  size_t comments_sent_ = 0;
};

// A failed write means the peer is gone, unless we are tearing down ourselves.
StreamEnd write_failed(const StopSignal& stop) {
  return stop.stopping() ? StreamEnd::ServerCut : StreamEnd::ClientClosed;
}

bool is_mid_stream_fault(Kind k) {
  return k == Kind::MidStreamError || k == Kind::ResetMidStream || k == Kind::MalformedChunk || k == Kind::Stall;
}

}  // namespace

StreamEnd play_stream(const Wire& wire, const StreamPlan& plan, BodySink& sink, const StopSignal& stop) {
  const Scenario& s = plan.scenario;
  Writer out(sink, s, wire.is_sse());
  if (!stop.sleep_for(plan.ttft)) return StreamEnd::ServerCut;

  for (const auto& e : wire.stream_head())
    if (!out.event(e)) return write_failed(stop);

  if (s.kind == Kind::HugeLine) {
    // One line that never ends: the client's line cap must trip; our memory stays at one piece.
    if (!out.raw(wire.data_line_prefix() + "{\"filler\":\"")) return write_failed(stop);
    return play_filler("", s.huge_line_bytes, sink, stop);
  }

  // Stall sends exactly one text chunk first; the other faults strike after `after_tokens` chunks.
  const size_t fault_at = s.kind == Kind::Stall ? 1 : static_cast<size_t>(std::max(0, s.after_tokens));
  const auto deadline = std::chrono::steady_clock::now() + kEndlessCap;
  const size_t n = plan.pieces.size();
  size_t sent = 0, bytes = 0;
  auto next_piece = [&](size_t i) -> const std::string& { return plan.pieces[i % std::max<size_t>(n, 1)]; };

  for (size_t i = 0; n > 0; ++i) {
    if (s.kind != Kind::Endless && i >= n) break;
    if (is_mid_stream_fault(s.kind) && i >= fault_at) break;
    if (s.kind == Kind::Endless && std::chrono::steady_clock::now() > deadline) break;
    if (i > 0 && plan.token_gap.count() > 0 && !stop.sleep_for(plan.token_gap)) return StreamEnd::ServerCut;
    if (stop.stopping()) return StreamEnd::ServerCut;
    const std::string& piece = next_piece(i);
    bytes += piece.size();
    if (!out.event(wire.stream_text(piece, estimate_tokens(bytes)))) return write_failed(stop);
    ++sent;
  }

  switch (s.kind) {
    case Kind::MidStreamError:
      if (!stop.sleep_for(kPauseBeforeError)) return StreamEnd::ServerCut;
      return out.event(wire.stream_error()) ? StreamEnd::Completed : write_failed(stop);
    case Kind::ResetMidStream:
      return StreamEnd::ServerCut;
    case Kind::MalformedChunk: {
      const std::string broken = truncate_event(wire.stream_text(next_piece(sent), estimate_tokens(bytes + 1)));
      return out.event(broken) ? StreamEnd::Completed : write_failed(stop);
    }
    case Kind::Stall:
      return play_stall(sink, stop);
    case Kind::Endless:
      if (stop.stopping()) return StreamEnd::ServerCut;
      [[fallthrough]];
    default:
      for (const auto& e : wire.stream_tail(estimate_tokens(bytes)))
        if (!out.event(e)) return write_failed(stop);
      return StreamEnd::Completed;
  }
}

StreamEnd play_filler(std::string_view prefix, size_t total_bytes, BodySink& sink, const StopSignal& stop) {
  if (!prefix.empty() && !sink.write(prefix)) return write_failed(stop);
  const std::string piece(kFillerPiece, 'x');
  const auto deadline = std::chrono::steady_clock::now() + kEndlessCap;
  size_t written = prefix.size();
  while (total_bytes == 0 || written < total_bytes) {
    if (stop.stopping()) return StreamEnd::ServerCut;
    if (std::chrono::steady_clock::now() > deadline) break;
    const size_t len = total_bytes == 0 ? piece.size() : std::min(piece.size(), total_bytes - written);
    if (!sink.write(std::string_view(piece.data(), len))) return write_failed(stop);
    written += len;
  }
  return StreamEnd::Completed;
}

StreamEnd play_stall(BodySink& sink, const StopSignal& stop) {
  while (stop.sleep_for(kPollInterval))
    if (!sink.client_alive()) return StreamEnd::ClientClosed;
  return StreamEnd::ServerCut;
}

}  // namespace byok::emu
