// Incremental newline-delimited JSON decoder (Ollama's native API): one JSON value per LF-terminated line.
// CRLF is tolerated, blank lines are skipped, a final line without LF is delivered at finish().
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/util/result.h"

namespace byok::stream {

class NdjsonDecoder {
 public:
  using Sink = std::function<void(std::string_view line)>;
  explicit NdjsonDecoder(size_t max_line_bytes = 8u << 20) : max_line_(max_line_bytes) {}
  Status feed(std::string_view bytes, const Sink& sink);
  void finish(const Sink& sink);

 private:
  void emit(std::string_view line, const Sink& sink);
  size_t max_line_;
  std::string line_;
  bool failed_ = false;
};

}  // namespace byok::stream
