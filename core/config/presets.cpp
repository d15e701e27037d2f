#include "core/config/presets.h"

namespace byok::data {
extern const char kPresetsJson[];
}

namespace byok::config {

const char* to_string(AuthStyle a) {
  switch (a) {
    case AuthStyle::None: return "none";
    case AuthStyle::Bearer: return "bearer";
    case AuthStyle::BearerOptional: return "bearer-optional";
    case AuthStyle::XApiKey: return "x-api-key";
    case AuthStyle::GoogApiKey: return "x-goog-api-key";
    case AuthStyle::AzureApiKey: return "api-key";
  }
  return "bearer";
}

std::optional<ModelInfo> ProviderSpec::model_info(const std::string& model) const {
  if (auto it = models.find(model); it != models.end()) return it->second;
  return std::nullopt;
}

const nlohmann::json& builtin_presets() {
  // Parsed once; immutable afterwards (not mutable global state).
  static const nlohmann::json presets = [] {
    auto j = nlohmann::json::parse(data::kPresetsJson);
    j.erase("_comment");
    return j;
  }();
  return presets;
}

std::vector<std::string> preset_names() {
  std::vector<std::string> out;
  for (auto& [k, v] : builtin_presets().items()) out.push_back(k);
  return out;
}

bool is_preset(const std::string& name) { return builtin_presets().contains(name); }

namespace {
Result<AuthStyle> parse_auth(const std::string& s, const std::string& path) {
  if (s == "none") return AuthStyle::None;
  if (s == "bearer") return AuthStyle::Bearer;
  if (s == "bearer-optional") return AuthStyle::BearerOptional;
  if (s == "x-api-key") return AuthStyle::XApiKey;
  if (s == "x-goog-api-key") return AuthStyle::GoogApiKey;
  if (s == "api-key") return AuthStyle::AzureApiKey;
  return Error::make(ErrorKind::Config, path + ".auth: unknown auth style '" + s +
                                            "' (expected none, bearer, bearer-optional, x-api-key, x-goog-api-key, api-key)");
}

EndpointSpec endpoint(const nlohmann::json& j, const char* key) {
  EndpointSpec e;
  if (j.contains(key) && j[key].is_object()) {
    e.wire = j[key].value("wire", "");
    e.path = j[key].value("path", "");
  }
  return e;
}
}  // namespace

Result<ProviderSpec> spec_from_json(const std::string& name, const nlohmann::json& j, const std::string& path) {
  ProviderSpec s;
  s.name = name;
  s.preset = j.value("preset", name);
  auto url = http::Url::parse(j.value("base_url", ""));
  if (!url) return Error::make(ErrorKind::Config, path + ".base_url: " + url.error().message);
  s.base_url = *url;
  auto auth = parse_auth(j.value("auth", "bearer"), path);
  if (!auth) return auth.error();
  s.auth = *auth;
  s.key_env = j.value("key_env", "");
  s.key_name = j.value("key_name", "");
  if (j.contains("key_cmd")) s.key_cmd = j["key_cmd"].get<std::vector<std::string>>();
  if (j.contains("headers")) s.headers = j["headers"].get<std::map<std::string, std::string>>();
  s.chat = endpoint(j, "chat");
  s.fim = endpoint(j, "fim");
  s.models_list = endpoint(j, "models_list");
  s.api_version = j.value("api_version", "");
  s.max_tokens_field = j.value("max_tokens_field", "max_tokens");
  s.default_max_tokens = j.value("default_max_tokens", 0);
  s.default_model = j.value("default_model", "");
  s.local = j.value("local", false);
  s.allow_http = j.value("allow_http", false);
  s.ca_file = j.value("ca_file", "");
  s.proxy = j.value("proxy", "");
  if (j.contains("models")) {
    for (auto& [m, info] : j["models"].items()) {
      ModelInfo mi;
      mi.context = info.value("context", int64_t{0});
      if (info.contains("input")) mi.input_per_mtok = info["input"].get<double>();
      if (info.contains("output")) mi.output_per_mtok = info["output"].get<double>();
      mi.fim = info.value("fim", false);
      mi.max_tokens_field = info.value("max_tokens_field", "");
      s.models[m] = mi;
    }
  }
  return s;
}

}  // namespace byok::config
