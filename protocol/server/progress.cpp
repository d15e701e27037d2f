#include "protocol/server/progress.h"

namespace byok::server {

WorkDoneProgress::WorkDoneProgress(Session& s, const nlohmann::json& params, const std::string& title) : s_(s) {
  if (!params.is_object()) return;
  auto it = params.find("workDoneToken");
  if (it == params.end() || !(it->is_string() || it->is_number_integer())) return;
  token_ = *it;
  open_ = true;
  s_.notify("$/progress", {{"token", token_}, {"value", {{"kind", "begin"}, {"title", title}, {"cancellable", true}}}});
}

void WorkDoneProgress::report(const std::string& message) {
  if (open_) s_.notify("$/progress", {{"token", token_}, {"value", {{"kind", "report"}, {"message", message}}}});
}

void WorkDoneProgress::end(const std::string& message) {
  if (!open_) return;
  open_ = false;
  nlohmann::json v = {{"kind", "end"}};
  if (!message.empty()) v["message"] = message;
  s_.notify("$/progress", {{"token", token_}, {"value", v}});
}

}  // namespace byok::server
