#include "cli/event_printer.h"

#include <cstdio>
#include <iostream>

namespace byok::cli {

void EventPrinter::emit_json(nlohmann::json j) {
  if (!model_.empty()) j["model"] = model_;
  std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  line.push_back('\n');
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fflush(stdout);
}

void EventPrinter::on_event(const llm::Event& ev) {
  if (const auto* d = std::get_if<llm::TextDelta>(&ev)) {
    wrote_text_ = true;
    if (json_) {
      emit_json({{"type", "delta"}, {"text", d->text}});
    } else {
      std::fwrite(d->text.data(), 1, d->text.size(), stdout);
      std::fflush(stdout);
      ends_with_newline_ = !d->text.empty() && d->text.back() == '\n';
    }
  } else if (const auto* u = std::get_if<llm::Usage>(&ev)) {
    if (json_) {
      nlohmann::json j{{"type", "usage"}, {"input_tokens", u->input_tokens}, {"output_tokens", u->output_tokens}};
      if (u->cost_usd) j["cost_usd"] = *u->cost_usd;
      emit_json(std::move(j));
    }
  }
}

void EventPrinter::on_error(const Error& e, const nlohmann::json& extra) {
  if (!json_ && wrote_text_ && !ends_with_newline_) {
    std::fputc('\n', stdout);
    std::fflush(stdout);
    ends_with_newline_ = true;
  }
  if (json_) {
    nlohmann::json j{{"type", "error"}, {"provider", e.provider}, {"status", e.status}, {"message", e.message},
                     {"kind", to_string(e.kind)}};
    if (!e.type.empty()) j["error_type"] = e.type;
    for (auto& [k, v] : extra.items()) j[k] = v;
    emit_json(std::move(j));
  }
}

void EventPrinter::on_done(const std::string& finish_reason, const nlohmann::json& extra) {
  if (json_) {
    nlohmann::json j{{"type", "done"}, {"finish_reason", finish_reason}};
    for (auto& [k, v] : extra.items()) j[k] = v;
    emit_json(std::move(j));
  } else if (wrote_text_ && !ends_with_newline_) {
    std::fputc('\n', stdout);
    std::fflush(stdout);
    ends_with_newline_ = true;
  }
}

}  // namespace byok::cli
