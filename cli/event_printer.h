// Prints a stream of neutral events for a person (text as it arrives) or for a script (--json lines).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/llm/types.h"
#include "core/util/result.h"

namespace byok::cli {

class EventPrinter {
 public:
  explicit EventPrinter(bool json, std::string model_tag = {}) : json_(json), model_(std::move(model_tag)) {}
  void on_event(const llm::Event& ev);
  void on_error(const Error& e, const nlohmann::json& extra = nlohmann::json::object());
  // Ends the answer: a newline after text (plain mode), or the final "done" event with extra fields.
  void on_done(const std::string& finish_reason, const nlohmann::json& extra = nlohmann::json::object());
  bool wrote_text() const { return wrote_text_; }

 private:
  void emit_json(nlohmann::json j);
  bool json_;
  std::string model_;
  bool wrote_text_ = false;
  bool ends_with_newline_ = true;
};

}  // namespace byok::cli
