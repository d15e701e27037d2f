// Which request field carries the answer's token limit for one model. OpenAI's reasoning models (o1, o3,
// o4, gpt-5, …) reject `max_tokens` with a 400 ("Use 'max_completion_tokens' instead"; providers.md §1.2),
// while most OpenAI-compatible servers only know `max_tokens`. So the choice is per model, not per preset.
#include <cctype>

#include "core/config/provider_spec.h"

namespace byok::config {

bool is_openai_reasoning_model(const std::string& model) {
  // An Azure deployment or a router may prefix a vendor ("openai/o3-mini"); the family is the last part.
  const auto slash = model.rfind('/');
  std::string m = slash == std::string::npos ? model : model.substr(slash + 1);
  for (auto& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto family = [&](const std::string& prefix) {
    // "o3" and "o3-mini" match, "o3x" or "oracle" do not.
    return m.rfind(prefix, 0) == 0 && (m.size() == prefix.size() || m[prefix.size()] == '-' || m[prefix.size()] == '.');
  };
  return family("o1") || family("o3") || family("o4") || family("gpt-5");
}

std::string ProviderSpec::max_tokens_field_for(const std::string& model) const {
  if (auto it = models.find(model); it != models.end() && !it->second.max_tokens_field.empty())
    return it->second.max_tokens_field;
  // Azure serves OpenAI's models under deployment names the user picks, usually the model's own name.
  if (preset == "azure" && is_openai_reasoning_model(model)) return "max_completion_tokens";
  return max_tokens_field;
}

}  // namespace byok::config
