#include "logic/lsp_framing.h"

#include <cctype>
#include <charconv>

namespace byok::lo {

std::string frame_message(std::string_view json_body) {
  std::string out = "Content-Length: " + std::to_string(json_body.size()) + "\r\n\r\n";
  out.append(json_body);
  return out;
}

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<std::string> FrameDecoder::next() {
  if (!error_.empty()) return std::nullopt;
  const size_t header_end = buffer_.find("\r\n\r\n");
  if (header_end == std::string::npos) {
    if (buffer_.size() > 8192) error_ = "engine sent a header block longer than 8 KiB without a blank line";
    return std::nullopt;
  }
  std::optional<size_t> length;
  std::string_view headers(buffer_.data(), header_end);
  while (!headers.empty()) {
    const size_t eol = headers.find("\r\n");
    const std::string_view line = headers.substr(0, eol);
    headers = eol == std::string_view::npos ? std::string_view() : headers.substr(eol + 2);
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      error_ = "engine sent a header line without ':': '" + std::string(line.substr(0, 80)) + "'";
      return std::nullopt;
    }
    if (lower(trim(line.substr(0, colon))) != "content-length") continue;
    const std::string_view value = trim(line.substr(colon + 1));
    size_t n = 0;
    const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || ptr != value.data() + value.size()) {
      error_ = "engine sent a bad Content-Length: '" + std::string(value) + "'";
      return std::nullopt;
    }
    length = n;
  }
  if (!length) {
    error_ = "engine sent a message without Content-Length";
    return std::nullopt;
  }
  if (*length > max_body_) {
    error_ = "engine sent a message of " + std::to_string(*length) + " bytes (limit " + std::to_string(max_body_) + ")";
    return std::nullopt;
  }
  const size_t body_start = header_end + 4;
  if (buffer_.size() - body_start < *length) return std::nullopt;
  std::string body = buffer_.substr(body_start, *length);
  buffer_.erase(0, body_start + *length);
  return body;
}

}  // namespace byok::lo
