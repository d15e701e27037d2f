// Incremental Server-Sent Events decoder following the WHATWG rules (providers.md §11): CR, LF or CRLF
// line ends (a CR at the end of one chunk and LF at the start of the next are one terminator), comments,
// multi-line data, event/id/retry, a leading BOM. Bytes may be split anywhere, including inside a UTF-8
// character; events come out identical however the input was chunked.
//
// Two pragmatic extensions, both documented in providers.md:
//  - raw JSON lines ("{…}" without "data:", possibly pretty-printed over several lines) are delivered as
//    events of type "raw-json" (Gemini reports errors that way);
//  - llama.cpp's legacy "error: {…}" field is delivered as an event of type "error-field".
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "core/util/result.h"

namespace byok::stream {

struct SseEvent {
  std::string type = "message";  // the event: field, "message" when absent
  std::string data;              // data: lines joined with \n
  std::string id;                // last event id
};

class SseDecoder {
 public:
  using Sink = std::function<void(const SseEvent&)>;
  static constexpr size_t kDefaultMaxLine = 8u << 20;

  explicit SseDecoder(size_t max_line_bytes = kDefaultMaxLine) : max_line_(max_line_bytes) {}

  // Feeds bytes; calls `sink` for each complete event. Returns an error if a line exceeds the cap
  // (the decoder is then unusable).
  Status feed(std::string_view bytes, const Sink& sink);
  // End of stream: an unterminated final event is dispatched only if it is "[DONE]" or complete JSON
  // (providers.md §11 recommendation); otherwise dropped as the spec says.
  void finish(const Sink& sink);

  // Number of comment lines seen (keep-alives); callers use it to reset idle timers.
  size_t comments_seen() const { return comments_; }
  int retry_ms() const { return retry_ms_; }

 private:
  void process_line(std::string_view line, const Sink& sink);
  void dispatch(const Sink& sink);

  size_t max_line_;
  SseEvent event_;  // reused for every dispatched event (see dispatch())
  std::string line_;
  bool pending_cr_ = false;
  bool bom_checked_ = false;
  std::string bom_buf_;
  std::string data_;
  bool has_data_ = false;
  std::string event_type_;
  std::string last_id_;
  std::string raw_json_;
  int raw_depth_ = 0;
  bool raw_in_string_ = false;
  bool raw_escape_ = false;
  size_t comments_ = 0;
  int retry_ms_ = -1;
  bool failed_ = false;
};

}  // namespace byok::stream
