// A typing trace (see make_traces.py): a source file typed key by key with realistic timing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/util/result.h"

namespace byok::bench {

struct KeyEvent {
  int64_t t_ms = 0;
  std::string insert;     // text inserted at the cursor (a key, or a newline plus auto-indent)
  bool backspace = false;
};

struct Trace {
  std::string name, path, language;
  std::string text;  // the file as it ends up
  std::vector<KeyEvent> events;
};

Result<Trace> load_trace(const std::string& file);
Result<std::vector<Trace>> load_traces(const std::string& dir);

}  // namespace byok::bench
