// LSP base framing ("Content-Length: N\r\n\r\n<N bytes of JSON>") for the pipe to the engine.
// Why separate: the decoder is fed whatever read() returns (partial headers, several messages at once) and
// must be testable without a process.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace byok::lo {

// One framed message, ready to write.
std::string frame_message(std::string_view json_body);

// Incremental decoder. push() bytes, then call next() until it returns nullopt.
class FrameDecoder {
 public:
  explicit FrameDecoder(size_t max_body_bytes = 64u << 20) : max_body_(max_body_bytes) {}

  void push(std::string_view bytes) { buffer_.append(bytes); }

  // The next complete body, or nullopt when more bytes are needed. A malformed header sets error() and
  // stops decoding: the stream cannot be resynchronised, so the caller restarts the engine.
  std::optional<std::string> next();
  const std::string& error() const { return error_; }

 private:
  std::string buffer_;
  std::string error_;
  size_t max_body_;
};

}  // namespace byok::lo
