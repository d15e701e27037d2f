#include "core/stream/ndjson_decoder.h"

#include <cstring>

#include "core/stream/utf8.h"

namespace byok::stream {

void NdjsonDecoder::emit(std::string_view line, const Sink& sink) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.find_first_not_of(" \t") == std::string_view::npos) return;
  if (utf8::is_valid(line)) {
    sink(line);
  } else {
    std::string fixed = utf8::sanitize(line);
    sink(fixed);
  }
}

Status NdjsonDecoder::feed(std::string_view bytes, const Sink& sink) {
  if (failed_) return Error::make(ErrorKind::Stream, "stream decoder already failed");
  while (!bytes.empty()) {
    const void* nl = std::memchr(bytes.data(), '\n', bytes.size());
    size_t len = nl ? static_cast<const char*>(nl) - bytes.data() : bytes.size();
    if (line_.size() + len > max_line_) {
      failed_ = true;
      return Error::make(ErrorKind::Stream,
                         "stream line longer than " + std::to_string(max_line_) + " bytes (limit: max_line_bytes)");
    }
    if (!nl) {
      line_.append(bytes);
      break;
    }
    if (line_.empty()) {
      emit(bytes.substr(0, len), sink);
    } else {
      line_.append(bytes.substr(0, len));
      emit(line_, sink);
      line_.clear();
    }
    bytes.remove_prefix(len + 1);
  }
  return ok_status();
}

void NdjsonDecoder::finish(const Sink& sink) {
  if (failed_ || line_.empty()) return;
  std::string last = std::move(line_);
  line_.clear();
  emit(last, sink);
}

}  // namespace byok::stream
