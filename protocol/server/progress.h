// LSP work-done progress ($/progress begin/report/end) for a token the client passed as `workDoneToken`.
// Without a token it does nothing, so handlers use it unconditionally. `end` is sent at the latest by the
// destructor, so every begun progress ends, also on error paths; handlers end it before replying so the
// client sees "end" before the result.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "protocol/server/session.h"

namespace byok::server {

class WorkDoneProgress {
 public:
  WorkDoneProgress(Session& s, const nlohmann::json& params, const std::string& title);
  ~WorkDoneProgress() { end(""); }
  WorkDoneProgress(const WorkDoneProgress&) = delete;
  WorkDoneProgress& operator=(const WorkDoneProgress&) = delete;
  void report(const std::string& message);
  void end(const std::string& message);

 private:
  Session& s_;
  nlohmann::json token_;
  bool open_ = false;
};

}  // namespace byok::server
