#include "core/completion/options.h"

#include <nlohmann/json.hpp>

#include "core/completion/fim_template.h"
#include "core/config/config.h"
#include "core/config/schema.h"

namespace byok::completion {
namespace {

using config::Schema;

const Schema& schema() { return config::completion_feature_schema(); }

Error bad(const std::string& path, const std::string& what) { return Error::make(ErrorKind::Config, path + "." + what); }

}  // namespace

Result<Options> Options::from_json(const nlohmann::json& j, const std::string& path) {
  Options o;
  if (j.is_null()) return o;
  if (auto st = schema().check(j, path); !st) return st.error();
  const std::string backend = j.value("backend", "auto");
  o.backend = backend == "fim" ? BackendKind::NativeFim
              : backend == "template" ? BackendKind::RawTemplate
              : backend == "chat" ? BackendKind::Chat
                                  : BackendKind::Auto;
  o.fim_template = j.value("fim_template", "");
  if (!o.fim_template.empty() && o.backend == BackendKind::Auto) o.backend = BackendKind::RawTemplate;
  o.token_budget = j.value("token_budget", o.token_budget);
  o.prefix_share = j.value("prefix_share", o.prefix_share);
  o.debounce_min_ms = j.value("debounce_min_ms", o.debounce_min_ms);
  o.debounce_max_ms = j.value("debounce_max_ms", o.debounce_max_ms);
  o.debounce_initial_ms = j.value("debounce_initial_ms", o.debounce_initial_ms);
  const std::string multiline = j.value("multiline", "auto");
  o.multiline = multiline == "never" ? MultilinePolicy::Never : multiline == "always" ? MultilinePolicy::Always : MultilinePolicy::Auto;
  o.max_tokens_single = j.value("max_tokens_single", o.max_tokens_single);
  o.max_tokens_multi = j.value("max_tokens_multi", o.max_tokens_multi);
  o.temperature = j.value("temperature", o.temperature);
  if (j.contains("cache_entries")) {
    const auto n = j["cache_entries"].get<int64_t>();
    if (n < 0) return bad(path, "cache_entries: must not be negative");
    o.cache_entries = static_cast<size_t>(n);
  }
  o.typed_ahead = j.value("typed_ahead", o.typed_ahead);
  o.preconnect = j.value("preconnect", o.preconnect);
  if (auto st = o.validate(path); !st) return st.error();
  return o;
}

Status Options::validate(const std::string& path) const {
  if (token_budget < 64 || token_budget > 200'000) return bad(path, "token_budget: must be 64..200000, got " + std::to_string(token_budget));
  if (!(prefix_share > 0.0 && prefix_share <= 1.0)) return bad(path, "prefix_share: must be in (0, 1]");
  if (debounce_min_ms < 0) return bad(path, "debounce_min_ms: must not be negative");
  if (debounce_max_ms < debounce_min_ms) return bad(path, "debounce_max_ms: must be at least debounce_min_ms");
  if (debounce_initial_ms < 0) return bad(path, "debounce_initial_ms: must not be negative");
  if (max_tokens_single < 1) return bad(path, "max_tokens_single: must be positive");
  if (max_tokens_multi < 1) return bad(path, "max_tokens_multi: must be positive");
  if (temperature < 0 || temperature > 2) return bad(path, "temperature: must be 0..2");
  if (backend == BackendKind::RawTemplate && !find_fim_template(fim_template))
    return bad(path, "fim_template: backend \"template\" needs a template (one of codellama, starcoder2, deepseek-coder, qwen2.5-coder, codestral)");
  return ok_status();
}

}  // namespace byok::completion
