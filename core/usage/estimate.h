// Token and cost estimates made before sending ("token budget shown before sending") and for answers
// whose provider reported no usage.
//
// The heuristic: one token per ~4 bytes of UTF-8 text, rounded up, plus 4 tokens of framing per message.
// It is deliberately simple: real tokenizers differ by model and are not shipped; for English prose and
// code it is within ~25% of OpenAI's and Anthropic's counts, and it never reports 0 for non-empty text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/config/provider_spec.h"
#include "core/llm/types.h"

namespace byok::usage {

constexpr int64_t kBytesPerToken = 4;
constexpr int64_t kTokensPerMessage = 4;

int64_t estimate_tokens(std::string_view text);
// The whole prompt as the provider will see it: system prompt plus every message with framing.
int64_t estimate_prompt_tokens(const llm::ChatRequest& req);
int64_t estimate_fim_tokens(const llm::FimRequest& req);

// USD for the given token counts from the model's price table entry; nullopt when either price is unknown.
std::optional<double> price_usd(const config::ModelInfo& info, int64_t input_tokens, int64_t output_tokens);
std::optional<double> price_usd(const config::ProviderSpec& spec, const std::string& model, int64_t input_tokens,
                                int64_t output_tokens);

struct Estimate {
  std::string provider, model;
  int64_t input_tokens = 0;
  int64_t max_output_tokens = 0;       // the answer's limit (requested, or the provider's default)
  int64_t context_window = 0;          // 0 = unknown
  std::optional<double> input_cost_usd;  // cost of the prompt alone
  std::optional<double> max_cost_usd;    // prompt plus a full-length answer
};

// The answer reserve used when the request names no max_tokens: the provider's default_max_tokens, else
// 1024 tokens (capped at a quarter of the window).
int64_t answer_reserve(const config::ProviderSpec& spec, const std::string& model, std::optional<int> max_tokens);

Estimate estimate_chat(const config::ProviderSpec& spec, const llm::ChatRequest& req);

}  // namespace byok::usage
