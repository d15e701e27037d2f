#include "core/config/config.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/config/presets.h"
#include "core/config/schema.h"

namespace byok::config {
namespace fs = std::filesystem;

namespace {

// Counts, sizes and durations: a negative value is a mistake, never a sentinel.
Schema count() { return Schema::integer().at_least(0); }

const Schema& model_choice_schema() {
  static const Schema s = Schema::object({{"provider", Schema::string()}, {"model", Schema::string()}});
  return s;
}

const Schema& provider_schema() {
  static const Schema endpoint = Schema::object({{"wire", Schema::string().enum_values(
                                                              {"openai-chat", "openai-completions", "anthropic", "gemini",
                                                               "ollama-chat", "ollama-generate", "mistral-fim",
                                                               "llamacpp-infill", "openai", "ollama"})},
                                                 {"path", Schema::string()}});
  const Schema& model = model_info_schema();
  static const Schema s = Schema::object({
      {"base_url", Schema::string()},
      {"preset", Schema::string()},
      {"auth", Schema::string().enum_values({"none", "bearer", "bearer-optional", "x-api-key", "x-goog-api-key", "api-key"})},
      {"key_env", Schema::string()},
      {"key_cmd", Schema::string_array()},
      {"key_name", Schema::string()},
      {"headers", Schema::string_map()},
      {"ca_file", Schema::string()},
      {"proxy", Schema::string()},
      {"allow_http", Schema::boolean()},
      {"api_version", Schema::string()},
      {"max_tokens_field", Schema::string().enum_values({"max_tokens", "max_completion_tokens"})},
      {"default_max_tokens", count()},
      {"default_model", Schema::string()},
      {"local", Schema::boolean()},
      {"chat", endpoint},
      {"fim", endpoint},
      {"models_list", endpoint},
      {"models", Schema::map_of(model)},
  });
  return s;
}

}  // namespace

const Schema& model_info_schema() {
  // Prices are USD per million tokens, read by spec_from_json (presets.cpp) as doubles.
  static const Schema s = Schema::object({{"context", count()},
                                          {"input", Schema::number().at_least(0)},
                                          {"output", Schema::number().at_least(0)},
                                          {"fim", Schema::boolean()},
                                          {"max_tokens_field", Schema::string().enum_values({"max_tokens", "max_completion_tokens"})}});
  return s;
}

const Schema& chat_feature_schema() {
  // "history" values are checked where the policy is read (chat::history_policy), with its own message.
  static const Schema s = Schema::object({{"provider", Schema::string()}, {"model", Schema::string()}, {"history", Schema::string()}});
  return s;
}

const Schema& rewrite_feature_schema() {
  static const Schema s = Schema::object({{"provider", Schema::string()}, {"model", Schema::string()}});
  return s;
}

const Schema& completion_feature_schema() {
  // The template names mirror core/completion/fim_template.cpp (a test checks they agree).
  static const Schema s = Schema::object({
      {"provider", Schema::string()},
      {"model", Schema::string()},
      {"backend", Schema::string().enum_values({"auto", "fim", "template", "chat"})},
      {"fim_template", Schema::string().enum_values({"codellama", "starcoder", "starcoder2", "deepseek-coder",
                                                     "qwen2.5-coder", "codestral"})},
      {"token_budget", count()},
      {"prefix_share", Schema::number()},
      {"debounce_min_ms", count()},
      {"debounce_max_ms", count()},
      {"debounce_initial_ms", count()},
      {"multiline", Schema::string().enum_values({"auto", "never", "always"})},
      {"max_tokens_single", Schema::integer().at_least(1)},
      {"max_tokens_multi", Schema::integer().at_least(1)},
      {"temperature", Schema::number()},
      {"cache_entries", count()},
      {"typed_ahead", Schema::boolean()},
      {"preconnect", Schema::boolean()},
  });
  return s;
}

namespace {

const Schema& config_schema() {
  // {"provider:model": {"input": USD/Mtok, "output": USD/Mtok}}, overlaid on the preset's model entry.
  static const Schema prices =
      Schema::map_of(Schema::object({{"input", Schema::number().at_least(0)}, {"output", Schema::number().at_least(0)}}))
          .keys("a \"provider:model\" key", [](const std::string& k) {
            const auto colon = k.find(':');
            return colon != std::string::npos && colon > 0 && colon + 1 < k.size();
          });
  static const Schema s = Schema::object({
      {"$schema", Schema::string()},
      {"default", model_choice_schema()},
      {"providers", Schema::map_of(provider_schema())},
      {"features", Schema::object({{"completion", completion_feature_schema()},
                                   {"chat", chat_feature_schema()},
                                   {"rewrite", rewrite_feature_schema()}})},
      {"actions", Schema::any()},
      {"budgets", Schema::any()},
      {"prices", prices},
      {"trusted", Schema::string_array()},
      {"ca_file", Schema::string()},
      {"proxy", Schema::string()},
      {"retries", Schema::object({{"max_attempts", Schema::integer()},
                                  {"base_delay_ms", count()},
                                  {"max_delay_ms", count()},
                                  {"max_retry_after_s", count()}})},
      {"timeouts", Schema::object({{"connect_ms", Schema::integer()},
                                   {"read_ms", Schema::integer()},
                                   {"total_ms", count()}})},
      // A zero cap would reject every line.
      {"max_line_bytes", Schema::integer().at_least(1)},
      {"log_level", Schema::string().enum_values({"debug", "info", "warn", "error", "off"})},
  });
  return s;
}

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}

}  // namespace

fs::path config_dir() {
  std::string base = env_or("XDG_CONFIG_HOME", "");
  if (base.empty()) base = env_or("HOME", ".") + "/.config";
  return fs::path(base) / "byok";
}

fs::path data_dir() {
  std::string base = env_or("XDG_DATA_HOME", "");
  if (base.empty()) base = env_or("HOME", ".") + "/.local/share";
  return fs::path(base) / "byok";
}

fs::path default_config_file() { return config_dir() / "config.json"; }

Result<Config> parse_config(const nlohmann::json& doc, const std::string& origin) {
  if (auto st = config_schema().check(doc, ""); !st) {
    auto e = st.error();
    e.message = origin + ": " + e.message;
    return e;
  }
  Config c;
  auto fail = [&](const std::string& m) { return Error::make(ErrorKind::Config, origin + ": " + m); };
  if (doc.contains("default")) {
    c.default_choice.provider = doc["default"].value("provider", "");
    c.default_choice.model = doc["default"].value("model", "");
  }
  if (doc.contains("providers")) {
    for (auto& [name, p] : doc["providers"].items()) {
      if (!is_preset(name)) {
        if (!p.contains("preset") && !p.contains("base_url"))
          return fail("providers." + name + ": a custom provider needs \"preset\" (e.g. \"openai-compatible\") or \"base_url\"");
        if (p.contains("preset") && !is_preset(p["preset"].get<std::string>()))
          return fail("providers." + name + ".preset: unknown preset '" + p["preset"].get<std::string>() + "'");
      } else if (p.contains("preset") && p["preset"].get<std::string>() != name) {
        return fail("providers." + name + ".preset: a built-in provider cannot change its preset");
      }
      c.providers[name] = p;
    }
  }
  if (doc.contains("features")) {
    c.features_raw = doc["features"];
    for (auto& [name, f] : doc["features"].items()) {
      ModelChoice mc;
      if (f.contains("provider")) {
        if (!f["provider"].is_string()) return fail("features." + name + ".provider: expected string");
        mc.provider = f["provider"];
      }
      if (f.contains("model")) {
        if (!f["model"].is_string()) return fail("features." + name + ".model: expected string");
        mc.model = f["model"];
      }
      c.features[name] = mc;
    }
  }
  if (doc.contains("actions")) c.actions = doc["actions"];
  if (doc.contains("budgets")) c.budgets = doc["budgets"];
  if (doc.contains("prices")) c.prices = doc["prices"];
  if (doc.contains("trusted")) c.trusted = doc["trusted"].get<std::vector<std::string>>();
  c.ca_file = doc.value("ca_file", "");
  c.proxy = doc.value("proxy", "");
  if (doc.contains("retries")) {
    const auto& r = doc["retries"];
    c.retries.max_attempts = r.value("max_attempts", c.retries.max_attempts);
    c.retries.base_delay_ms = r.value("base_delay_ms", c.retries.base_delay_ms);
    c.retries.max_delay_ms = r.value("max_delay_ms", c.retries.max_delay_ms);
    c.retries.max_retry_after_s = r.value("max_retry_after_s", c.retries.max_retry_after_s);
    if (c.retries.max_attempts < 1 || c.retries.max_attempts > 10) return fail("retries.max_attempts: must be 1..10");
  }
  if (doc.contains("timeouts")) {
    const auto& t = doc["timeouts"];
    c.timeouts.connect_ms = t.value("connect_ms", c.timeouts.connect_ms);
    c.timeouts.read_ms = t.value("read_ms", c.timeouts.read_ms);
    c.timeouts.total_ms = t.value("total_ms", c.timeouts.total_ms);
    if (c.timeouts.connect_ms <= 0) return fail("timeouts.connect_ms: must be positive");
    if (c.timeouts.read_ms <= 0) return fail("timeouts.read_ms: must be positive");
  }
  c.max_line_bytes = doc.value("max_line_bytes", c.max_line_bytes);
  c.log_level = doc.value("log_level", "");
  // Resolve every provider once so a bad base_url is reported at load time, not at first use.
  for (auto& [name, _] : c.providers)
    if (auto spec = c.provider(name); !spec) return fail(spec.error().message);
  return c;
}

Result<Config> load_config(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) {
    Config c;
    return c;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return Error::make(ErrorKind::Io, "cannot read config " + file.string());
  std::stringstream ss;
  ss << in.rdbuf();
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(ss.str());
  } catch (const nlohmann::json::parse_error& e) {
    return Error::make(ErrorKind::Config, file.string() + ": invalid JSON at byte " + std::to_string(e.byte));
  }
  auto c = parse_config(doc, file.string());
  if (c) c->source = file;
  return c;
}

Result<ProviderSpec> Config::provider(const std::string& name) const {
  auto user = providers.find(name);
  std::string base = name;
  if (!is_preset(name)) {
    if (user == providers.end()) {
      std::string known;
      for (auto& n : provider_names()) known += (known.empty() ? "" : ", ") + n;
      return Error::make(ErrorKind::Config, "unknown provider '" + name + "' (known: " + known + ")");
    }
    base = user->second.value("preset", "openai-compatible");
  }
  nlohmann::json merged = builtin_presets()[base];
  merged["preset"] = base;
  if (user != providers.end()) {
    for (auto& [k, v] : user->second.items()) {
      if (k == "models" || k == "headers") {
        for (auto& [mk, mv] : v.items()) merged[k][mk] = mv;
      } else {
        merged[k] = v;
      }
    }
  }
  if (!ca_file.empty() && !merged.contains("ca_file")) merged["ca_file"] = ca_file;
  if (!proxy.empty() && !merged.contains("proxy")) merged["proxy"] = proxy;
  // User-level price overrides: {"prices": {"provider:model": {"input":…, "output":…}}}
  for (auto& [key, p] : prices.items()) {
    auto colon = key.find(':');
    if (colon == std::string::npos || key.substr(0, colon) != name || !p.is_object()) continue;
    auto& m = merged["models"][key.substr(colon + 1)];
    if (p.contains("input")) m["input"] = p["input"];
    if (p.contains("output")) m["output"] = p["output"];
  }
  auto spec = spec_from_json(name, merged, "providers." + name);
  if (spec)
    if (auto o = untrusted_overrides.find(name); o != untrusted_overrides.end()) spec->untrusted_override = o->second;
  return spec;
}

std::vector<std::string> Config::provider_names() const {
  auto names = preset_names();
  for (auto& [k, _] : providers)
    if (!is_preset(k)) names.push_back(k);
  return names;
}

bool Config::knows_provider(const std::string& name) const {
  return is_preset(name) || providers.count(name) > 0;
}

ModelChoice split_model(const std::string& text, const Config& cfg) {
  auto colon = text.find(':');
  if (colon != std::string::npos) {
    std::string prefix = text.substr(0, colon);
    if (cfg.knows_provider(prefix)) return {prefix, text.substr(colon + 1)};
  }
  return {"", text};
}

}  // namespace byok::config
