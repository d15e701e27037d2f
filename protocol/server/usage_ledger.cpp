#include "protocol/server/usage_ledger.h"

namespace byok::server {

std::optional<double> cost_of(const llm::Usage& u, const config::ProviderSpec& spec, const std::string& model) {
  if (u.cost_usd) return u.cost_usd;
  auto info = spec.model_info(model);
  if (!info || !info->input_per_mtok || !info->output_per_mtok) return std::nullopt;
  return (static_cast<double>(u.input_tokens) * *info->input_per_mtok +
          static_cast<double>(u.output_tokens) * *info->output_per_mtok) / 1e6;
}

std::optional<double> UsageLedger::record(const config::ProviderSpec& spec, const std::string& model,
                                          const llm::Usage& usage) {
  auto cost = cost_of(usage, spec, model);
  std::lock_guard lock(mu_);
  auto& t = by_model_[spec.name + ":" + model];
  t.requests++;
  t.input_tokens += usage.input_tokens;
  t.output_tokens += usage.output_tokens;
  if (cost) t.cost_usd += *cost;
  else t.cost_known = false;
  return cost;
}

nlohmann::json UsageLedger::to_json() const {
  std::lock_guard lock(mu_);
  UsageTotals total;
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& [key, t] : by_model_) {
    rows.push_back({{"model", key}, {"requests", t.requests}, {"inputTokens", t.input_tokens},
                    {"outputTokens", t.output_tokens}, {"costUsd", t.cost_known ? nlohmann::json(t.cost_usd) : nlohmann::json()}});
    total.requests += t.requests;
    total.input_tokens += t.input_tokens;
    total.output_tokens += t.output_tokens;
    total.cost_usd += t.cost_usd;
    total.cost_known = total.cost_known && t.cost_known;
  }
  return {{"scope", "session"},
          {"total", {{"requests", total.requests}, {"inputTokens", total.input_tokens},
                     {"outputTokens", total.output_tokens},
                     {"costUsd", total.cost_known ? nlohmann::json(total.cost_usd) : nlohmann::json()}}},
          {"byModel", rows}};
}

}  // namespace byok::server
