// The part every SSE-based provider decoder shares (OpenAI-style chat and completions, Anthropic, Gemini,
// llama.cpp): bytes go through stream::SseDecoder, each event through guard_event (a wrong-typed field becomes
// a Stream error naming the provider, never an exception), a malformed stream is relabelled with the provider,
// and once a decoder has failed it stays failed. A decoder supplies how to handle one event and what a
// complete stream looks like at EOF.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/llm/decode_guard.h"
#include "core/llm/wire.h"
#include "core/stream/sse_decoder.h"

namespace byok::llm {

class SseStreamDecoder : public StreamDecoder {
 public:
  Status feed(std::string_view bytes, const EventCallback& emit) final {
    if (failure_) return *failure_;
    auto st = sse_.feed(bytes, [&](const stream::SseEvent& ev) {
      guard_event(provider_, ev.data, failure_, [&] { handle(ev, emit); });
    });
    if (!st) {
      auto e = st.error();
      e.provider = provider_;
      e.message = "malformed stream from " + provider_ + ": " + e.message;
      return e;
    }
    return failure_ ? Status(*failure_) : ok_status();
  }

  Status finish(const EventCallback& emit) final {
    if (failure_) return *failure_;
    sse_.finish([&](const stream::SseEvent& ev) {
      guard_event(provider_, ev.data, failure_, [&] { handle(ev, emit); });
    });
    if (failure_) return *failure_;
    return complete(emit);
  }

 protected:
  SseStreamDecoder(std::string provider, size_t max_line) : provider_(std::move(provider)), sse_(max_line) {}
  // One event of the stream (may set failure_ through fail()).
  virtual void handle(const stream::SseEvent& ev, const EventCallback& emit) = 0;
  // The body ended cleanly: emit what was held back and say whether the answer was complete.
  virtual Status complete(const EventCallback& emit) = 0;
  void fail(Error e) {
    if (!failure_) failure_ = std::move(e);
  }
  // "stream from P ended before the answer was complete (WHAT)".
  Error incomplete(const std::string& what) const {
    return Error{ErrorKind::Stream, "stream from " + provider_ + " ended before the answer was complete (" + what + ")",
                 provider_};
  }

  const std::string provider_;
  std::optional<Error> failure_;

 private:
  stream::SseDecoder sse_;
};

}  // namespace byok::llm
