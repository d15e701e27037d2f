#include "core/usage/estimate.h"

#include <algorithm>

#include "core/llm/transcript.h"

namespace byok::usage {

int64_t estimate_tokens(std::string_view text) {
  return (static_cast<int64_t>(text.size()) + kBytesPerToken - 1) / kBytesPerToken;
}

int64_t estimate_prompt_tokens(const llm::ChatRequest& req) {
  std::string system = llm::collect_system(req);
  int64_t n = system.empty() ? 0 : estimate_tokens(system) + kTokensPerMessage;
  for (const auto& m : req.messages) {
    if (m.role == llm::Role::System) continue;
    n += estimate_tokens(m.text) + kTokensPerMessage;
  }
  return n;
}

int64_t estimate_fim_tokens(const llm::FimRequest& req) {
  return estimate_tokens(req.prefix) + estimate_tokens(req.suffix) + kTokensPerMessage;
}

std::optional<double> price_usd(const config::ModelInfo& info, int64_t input_tokens, int64_t output_tokens) {
  if (!info.input_per_mtok || !info.output_per_mtok) return std::nullopt;
  return (static_cast<double>(input_tokens) * *info.input_per_mtok +
          static_cast<double>(output_tokens) * *info.output_per_mtok) / 1e6;
}

std::optional<double> price_usd(const config::ProviderSpec& spec, const std::string& model, int64_t input_tokens,
                                int64_t output_tokens) {
  auto info = spec.model_info(model);
  if (!info) return std::nullopt;
  return price_usd(*info, input_tokens, output_tokens);
}

int64_t answer_reserve(const config::ProviderSpec& spec, const std::string& model, std::optional<int> max_tokens) {
  if (max_tokens) return *max_tokens;
  int64_t reserve = spec.default_max_tokens > 0 ? spec.default_max_tokens : 1024;
  if (auto info = spec.model_info(model); info && info->context > 0) reserve = std::min(reserve, info->context / 4);
  return reserve;
}

Estimate estimate_chat(const config::ProviderSpec& spec, const llm::ChatRequest& req) {
  Estimate e;
  e.provider = spec.name;
  e.model = req.model;
  e.input_tokens = estimate_prompt_tokens(req);
  e.max_output_tokens = answer_reserve(spec, req.model, req.max_tokens);
  if (auto info = spec.model_info(req.model)) {
    e.context_window = info->context;
    e.input_cost_usd = price_usd(*info, e.input_tokens, 0);
    e.max_cost_usd = price_usd(*info, e.input_tokens, e.max_output_tokens);
  }
  return e;
}

}  // namespace byok::usage
