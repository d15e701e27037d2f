#include "protocol/rpc/lsp_framing.h"

#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <charconv>

namespace byok::rpc {
namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(std::string s) {
  size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

}  // namespace

std::string frame_lsp(const std::string& body) {
  return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

bool LspFrameReader::fill() {
  if (eof_) return false;
  if (pos_ > 0 && pos_ == buf_.size()) {
    buf_.clear();
    pos_ = 0;
  } else if (pos_ > (1u << 20)) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  char chunk[65536];
  for (;;) {
    ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      eof_ = true;
      return false;
    }
    buf_.append(chunk, static_cast<size_t>(n));
    return true;
  }
}

std::optional<std::string> LspFrameReader::read_line() {
  line_too_long_ = false;
  for (;;) {
    size_t nl = buf_.find('\n', pos_);
    if (nl != std::string::npos) {
      std::string line = buf_.substr(pos_, nl - pos_);
      pos_ = nl + 1;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.size() > limits_.max_header_bytes) line_too_long_ = true;
      return line;
    }
    if (buf_.size() - pos_ > limits_.max_header_bytes) {
      // Not a header line: drop what we have so a stream of garbage cannot grow the buffer.
      pos_ = buf_.size();
      line_too_long_ = true;
      dropped_garbage_ = true;
    }
    if (!fill()) return std::nullopt;
  }
}

bool LspFrameReader::skip_to_next_header() {
  for (;;) {
    // Messages follow each other without separators ("…}Content-Length: …"), so the marker counts anywhere.
    size_t at = buf_.find("Content-Length:", pos_);
    if (at != std::string::npos) {
      pos_ = at;
      return true;
    }
    // Keep a tail that might hold the start of the marker.
    if (buf_.size() - pos_ > 16) pos_ = buf_.size() - 16;
    if (!fill()) return false;
  }
}

LspFrameReader::Item LspFrameReader::next() {
  if (resync_) {
    // After a header without a usable length: the body's extent is unknown, so skip to the next header.
    // Done here rather than when reporting, so the report goes out before we wait for more input.
    resync_ = false;
    if (!skip_to_next_header()) return End{};
  }
  std::optional<size_t> length;
  std::string problem;
  size_t header_bytes = 0;
  bool any_header = false;
  for (;;) {
    auto line = read_line();
    if (!line) {
      if (!any_header && !dropped_garbage_) return End{};
      return End{"input ended inside a message header"};
    }
    if (line->empty()) {
      if (!any_header) continue;  // stray blank lines between messages are harmless
      break;
    }
    any_header = true;
    header_bytes += line->size();
    if (line_too_long_ || header_bytes > limits_.max_header_bytes) {
      problem = "message header longer than " + std::to_string(limits_.max_header_bytes) + " bytes";
      continue;
    }
    size_t colon = line->find(':');
    if (colon == std::string::npos) {
      problem = "malformed header line (no colon): \"" + line->substr(0, 80) + "\"";
      continue;
    }
    std::string name = lower(trim(line->substr(0, colon)));
    std::string value = trim(line->substr(colon + 1));
    if (name == "content-length") {
      size_t n = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || end != value.data() + value.size() || value.empty()) {
        problem = "Content-Length is not a number: \"" + value.substr(0, 40) + "\"";
      } else {
        length = n;
      }
    }
  }
  if (!problem.empty() || !length) {
    if (problem.empty()) problem = "message header without Content-Length";
    resync_ = true;
    return BadFrame{problem};
  }
  if (*length > limits_.max_body_bytes) {
    size_t to_skip = *length;
    while (to_skip > 0) {
      size_t avail = buf_.size() - pos_;
      size_t take = avail < to_skip ? avail : to_skip;
      pos_ += take;
      to_skip -= take;
      if (to_skip > 0 && !fill()) return End{"input ended inside an oversized message"};
    }
    return BadFrame{"message of " + std::to_string(*length) + " bytes exceeds the limit of " +
                    std::to_string(limits_.max_body_bytes) + " bytes; skipped"};
  }
  while (buf_.size() - pos_ < *length) {
    if (!fill())
      return End{"input ended inside a message body (" + std::to_string(buf_.size() - pos_) + " of " +
                 std::to_string(*length) + " bytes)"};
  }
  Body body{buf_.substr(pos_, *length)};
  pos_ += *length;
  return body;
}

}  // namespace byok::rpc
