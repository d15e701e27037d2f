#include "core/stream/sse_decoder.h"

#include <cstring>

#include "core/stream/utf8.h"

namespace byok::stream {
namespace {
constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool looks_like_complete_json(std::string_view s) {
  // Cheap structural check: balanced braces/brackets outside strings and non-empty.
  int depth = 0;
  bool in_str = false, esc = false, any = false;
  for (char c : s) {
    if (in_str) {
      if (esc) esc = false;
      else if (c == '\\') esc = true;
      else if (c == '"') in_str = false;
      continue;
    }
    if (c == '"') in_str = true;
    else if (c == '{' || c == '[') { ++depth; any = true; }
    else if (c == '}' || c == ']') { if (--depth < 0) return false; }
  }
  return any && depth == 0 && !in_str;
}
}  // namespace

Status SseDecoder::feed(std::string_view bytes, const Sink& sink) {
  if (failed_) return Error::make(ErrorKind::Stream, "stream decoder already failed");
  if (!bom_checked_) {
    // The BOM may itself be split across chunks: buffer up to three bytes to decide.
    bom_buf_.append(bytes);
    if (bom_buf_.size() < kBom.size() && kBom.substr(0, bom_buf_.size()) == bom_buf_) return ok_status();
    bom_checked_ = true;
    std::string buffered = std::move(bom_buf_);
    bom_buf_.clear();
    std::string_view rest = buffered;
    if (rest.substr(0, kBom.size()) == kBom) rest.remove_prefix(kBom.size());
    return feed(rest, sink);
  }
  size_t pos = 0;
  const size_t n = bytes.size();
  while (pos < n) {
    if (pending_cr_) {
      pending_cr_ = false;
      if (bytes[pos] == '\n') { ++pos; continue; }
    }
    // Find the next CR or LF: memchr for LF, then for a CR before it (both vectorized; CR is rare).
    const char* start = bytes.data() + pos;
    const void* lf = std::memchr(start, '\n', n - pos);
    const size_t lf_at = lf ? static_cast<size_t>(static_cast<const char*>(lf) - bytes.data()) : n;
    const void* cr = std::memchr(start, '\r', lf_at - pos);
    const size_t i = cr ? static_cast<size_t>(static_cast<const char*>(cr) - bytes.data()) : lf_at;
    if (i == n) {
      if (line_.size() + (n - pos) > max_line_) {
        failed_ = true;
        return Error::make(ErrorKind::Stream, "stream line longer than " + std::to_string(max_line_) +
                                                  " bytes (limit: max_line_bytes)");
      }
      line_.append(start, n - pos);
      break;
    }
    if (line_.empty()) {
      if (i - pos > max_line_) {
        failed_ = true;
        return Error::make(ErrorKind::Stream, "stream line longer than " + std::to_string(max_line_) + " bytes");
      }
      process_line(std::string_view(start, i - pos), sink);
    } else {
      if (line_.size() + (i - pos) > max_line_) {
        failed_ = true;
        return Error::make(ErrorKind::Stream, "stream line longer than " + std::to_string(max_line_) + " bytes");
      }
      line_.append(start, i - pos);
      process_line(line_, sink);
      line_.clear();
    }
    if (bytes[i] == '\r') pending_cr_ = true;
    pos = i + 1;
  }
  return ok_status();
}

void SseDecoder::process_line(std::string_view raw_line, const Sink& sink) {
  std::string sanitized;
  std::string_view line = raw_line;
  if (!utf8::is_valid(line)) {
    sanitized = utf8::sanitize(line);
    line = sanitized;
  }
  // Continuation of a raw JSON object spread over several lines.
  if (raw_depth_ > 0) {
    raw_json_.append(line);
    raw_json_.push_back('\n');
  } else if (line.empty()) {
    dispatch(sink);
    return;
  } else if (line.front() == '{' && !has_data_) {
    raw_json_.assign(line);
    raw_json_.push_back('\n');
  } else {
    if (line.front() == ':') {
      ++comments_;
      return;
    }
    std::string_view field = line, value;
    if (auto colon = line.find(':'); colon != std::string_view::npos) {
      field = line.substr(0, colon);
      value = line.substr(colon + 1);
      if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    }
    if (field == "data") {
      data_.append(value);
      data_.push_back('\n');
      has_data_ = true;
    } else if (field == "event") {
      event_type_.assign(value);
    } else if (field == "id") {
      if (value.find('\0') == std::string_view::npos) last_id_.assign(value);
    } else if (field == "retry") {
      if (!value.empty() && value.size() < 10 &&
          value.find_first_not_of("0123456789") == std::string_view::npos)
        retry_ms_ = std::stoi(std::string(value));
    } else if (field == "error") {
      SseEvent ev;
      ev.type = "error-field";
      ev.data.assign(value);
      ev.id = last_id_;
      sink(ev);
    }
    return;
  }
  // Track brace depth of the raw JSON we are collecting (strings may contain braces).
  for (char c : line) {
    if (raw_in_string_) {
      if (raw_escape_) raw_escape_ = false;
      else if (c == '\\') raw_escape_ = true;
      else if (c == '"') raw_in_string_ = false;
    } else if (c == '"') raw_in_string_ = true;
    else if (c == '{' || c == '[') ++raw_depth_;
    else if (c == '}' || c == ']') --raw_depth_;
  }
  if (raw_depth_ <= 0) {
    SseEvent ev;
    ev.type = "raw-json";
    ev.data = std::move(raw_json_);
    ev.id = last_id_;
    raw_json_.clear();
    raw_depth_ = 0;
    raw_in_string_ = raw_escape_ = false;
    sink(ev);
  } else if (raw_json_.size() > max_line_) {
    raw_json_.clear();
    raw_depth_ = 0;
  }
}

void SseDecoder::dispatch(const Sink& sink) {
  if (!has_data_) {
    event_type_.clear();
    return;
  }
  // The event object and the data buffer swap storage, so a long stream allocates nothing per event.
  data_.pop_back();  // the trailing LF
  event_.data.swap(data_);
  data_.clear();
  if (event_type_.empty()) event_.type.assign("message");
  else event_.type.assign(event_type_);
  event_.id.assign(last_id_);
  event_type_.clear();
  has_data_ = false;
  sink(event_);
}

void SseDecoder::finish(const Sink& sink) {
  if (failed_) return;
  if (!bom_checked_ && !bom_buf_.empty()) {
    bom_checked_ = true;
    std::string b = std::move(bom_buf_);
    (void)feed(b, sink);
  }
  if (!line_.empty()) {
    std::string last = std::move(line_);
    line_.clear();
    process_line(last, sink);
  }
  if (has_data_) {
    std::string_view d(data_.data(), data_.size() - 1);
    if (d == "[DONE]" || looks_like_complete_json(d)) dispatch(sink);
  }
  if (raw_depth_ > 0) {
    // Unterminated raw JSON: hand it over anyway; the adapter's JSON parser reports what is wrong.
    SseEvent ev;
    ev.type = "raw-json";
    ev.data = std::move(raw_json_);
    raw_json_.clear();
    raw_depth_ = 0;
    sink(ev);
  }
}

}  // namespace byok::stream
