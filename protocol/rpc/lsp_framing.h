// LSP base protocol framing: "Content-Length: N\r\n" (other headers allowed and ignored) "\r\n" then N bytes
// of JSON. Separate from LspTransport so the framing rules can be tested byte by byte.
//
// Recovery rules (the connection survives a bad message wherever the bytes allow it):
//  - a header block without a usable Content-Length: reported, then bytes are skipped up to the next line
//    that starts a header block ("Content-Length:");
//  - a body over the size cap: reported, its N bytes are skipped unread;
//  - a header line or header block over 8 KiB: reported, skipped like a missing Content-Length;
//  - end of input inside a header block or body: reported as truncated; the reader ends.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <variant>

namespace byok::rpc {

struct FramingLimits {
  size_t max_body_bytes = 64u << 20;
  size_t max_header_bytes = 8192;
};

// Reads framed bodies from a file descriptor.
class LspFrameReader {
 public:
  struct Body { std::string bytes; };
  struct BadFrame { std::string message; };  // a problem the reader recovered from; reading may go on
  struct End { std::optional<std::string> truncated; };  // input ended (cleanly, or mid-message: why)
  using Item = std::variant<Body, BadFrame, End>;

  LspFrameReader(int fd, FramingLimits limits) : fd_(fd), limits_(limits) {}
  Item next();

 private:
  bool fill();                                  // false at end of input
  std::optional<std::string> read_line();       // without the line ending; nullopt at end of input
  bool skip_to_next_header();                   // false at end of input
  int fd_;
  FramingLimits limits_;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
  bool line_too_long_ = false;
  bool dropped_garbage_ = false;  // bytes that were no header were thrown away
  bool resync_ = false;           // skip to the next header block before reading on
};

std::string frame_lsp(const std::string& body);  // "Content-Length: N\r\n\r\n" + body

}  // namespace byok::rpc
