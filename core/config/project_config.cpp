#include "core/config/project_config.h"

#include <algorithm>
#include <array>

#include "core/config/presets.h"
#include "core/config/schema.h"
#include "core/keys/credential_headers.h"
#include "core/util/files.h"

namespace byok::config {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {
const Schema& project_schema() {
  const Schema& model = model_info_schema();
  static const Schema provider = Schema::object({
      {"preset", Schema::string()},
      {"base_url", Schema::string()},
      {"proxy", Schema::string()},
      {"ca_file", Schema::string()},
      {"default_model", Schema::string()},
      {"key_name", Schema::string()},
      {"api_version", Schema::string()},
      {"headers", Schema::string_map()},
      {"models", Schema::map_of(model)},
  });
  static const Schema s = Schema::object({
      {"$schema", Schema::string()},
      {"default", Schema::object({{"provider", Schema::string()}, {"model", Schema::string()}})},
      {"features", Schema::object({{"completion", completion_feature_schema()},
                                   {"chat", chat_feature_schema()},
                                   {"rewrite", rewrite_feature_schema()}})},
      {"providers", Schema::map_of(provider)},
      {"actions", Schema::any()},
      {"prompts", Schema::any()},
      {"context", Schema::any()},
  });
  return s;
}

// Fields that would carry a key or fetch one. A project is not allowed to run commands for keys either.
constexpr std::array kKeyFields = {"key", "api_key", "apiKey", "apikey", "token", "secret", "password", "key_cmd", "key_env"};

std::string join_path(const std::string& base, const std::string& key) { return base.empty() ? key : base + "." + key; }

// Removes anything key-like from the tree, recording a warning per removal (by path, never by value).
void strip_keys(json& j, const std::string& path, const std::string& file, std::vector<std::string>& warnings) {
  auto refuse = [&](const std::string& where, const std::string& why) {
    warnings.push_back(file + ": " + where + ": " + why + "; refused and ignored (keys belong in `byok keys set`, "
                       "never in project files; the value is not shown)");
  };
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end();) {
      const std::string key = it.key(), where = join_path(path, key);
      bool in_provider = path.rfind("providers.", 0) == 0 && std::count(path.begin(), path.end(), '.') == 1;
      bool in_headers = path.size() > 8 && path.compare(path.size() - 8, 8, ".headers") == 0;
      if (in_provider && std::find(kKeyFields.begin(), kKeyFields.end(), key) != kKeyFields.end()) {
        refuse(where, key == "key_cmd" ? "a project may not choose a command that fetches keys"
                      : key == "key_env" ? "a project may not choose which variable supplies a key"
                                         : "a key in a project config");
        it = j.erase(it);
      } else if (in_headers && keys::is_auth_header(key)) {
        refuse(where, "a credential header in a project config");
        it = j.erase(it);
      } else if (it->is_string() && looks_like_key(it->get<std::string>())) {
        refuse(where, "this value looks like an API key");
        it = j.erase(it);
      } else {
        strip_keys(*it, where, file, warnings);
        ++it;
      }
    }
  } else if (j.is_array()) {
    for (size_t i = 0; i < j.size();) {
      const std::string where = path + "[" + std::to_string(i) + "]";
      if (j[i].is_string() && looks_like_key(j[i].get<std::string>())) {
        refuse(where, "this value looks like an API key");
        j.erase(i);
      } else {
        strip_keys(j[i], where, file, warnings);
        ++i;
      }
    }
  }
}

fs::path canonical_or_absolute(const fs::path& p) {
  std::error_code ec;
  auto c = fs::weakly_canonical(fs::absolute(p, ec), ec);
  return ec ? fs::absolute(p) : c;
}

bool is_within(const fs::path& dir, const fs::path& root) {
  auto d = dir.begin(), r = root.begin();
  for (; r != root.end(); ++r, ++d) {
    if (r->empty()) continue;  // trailing slash
    if (d == dir.end() || *d != *r) return false;
  }
  return true;
}
}  // namespace

json ProjectConfig::section(const std::string& name) const {
  return doc.contains(name) ? doc[name] : json();
}

bool looks_like_key(const std::string& v) {
  if (v.size() < 20 || v.find_first_of(" \t\n/") != std::string::npos) return false;
  for (const char* prefix : {"sk-", "sk_", "AIza", "gsk_", "xai-", "pk-", "ghp_", "hf_", "r8_", "fw_"})
    if (v.rfind(prefix, 0) == 0) return true;
  return false;
}

std::optional<fs::path> find_project_config(const fs::path& start) {
  std::error_code ec;
  for (fs::path dir = canonical_or_absolute(start);; dir = dir.parent_path()) {
    fs::path candidate = dir / kProjectFileName;
    if (fs::is_regular_file(candidate, ec)) return candidate;
    if (dir == dir.parent_path()) return std::nullopt;
  }
}

bool is_trusted(const Config& cfg, const fs::path& dir) {
  const fs::path d = canonical_or_absolute(dir);
  for (const auto& t : cfg.trusted)
    if (!t.empty() && is_within(d, canonical_or_absolute(t))) return true;
  return false;
}

Result<ProjectConfig> load_project_config(const fs::path& file, const Config& user) {
  ProjectConfig p;
  p.file = canonical_or_absolute(file);
  p.dir = p.file.parent_path();
  p.trusted = is_trusted(user, p.dir);
  auto text = files::read_file(p.file, 4u << 20);
  if (!text) return text.error();
  json doc = json::parse(*text, nullptr, false);
  if (doc.is_discarded())
    return Error::make(ErrorKind::Config, p.file.string() + ": invalid JSON (project config)");
  if (!doc.is_object()) return Error::make(ErrorKind::Config, p.file.string() + ": expected a JSON object");
  strip_keys(doc, "", p.file.string(), p.warnings);
  if (auto st = project_schema().check(doc, ""); !st)
    return Error::make(ErrorKind::Config, p.file.string() + ": " + st.error().message);
  p.doc = std::move(doc);
  return p;
}

Status apply_project_config(Config& cfg, const ProjectConfig& p) {
  const json& doc = p.doc;
  auto fail = [&](const std::string& m) { return Error::make(ErrorKind::Config, p.file.string() + ": " + m); };
  if (doc.contains("default")) {
    if (doc["default"].contains("provider")) cfg.default_choice.provider = doc["default"]["provider"];
    if (doc["default"].contains("model")) cfg.default_choice.model = doc["default"]["model"];
  }
  if (doc.contains("features")) {
    for (auto& [name, f] : doc["features"].items()) {
      for (auto& [k, v] : f.items()) cfg.features_raw[name][k] = v;
      if (f.contains("provider")) {
        if (!f["provider"].is_string()) return fail("features." + name + ".provider: expected string");
        cfg.features[name].provider = f["provider"];
      }
      if (f.contains("model")) {
        if (!f["model"].is_string()) return fail("features." + name + ".model: expected string");
        cfg.features[name].model = f["model"];
      }
    }
  }
  if (doc.contains("providers")) {
    for (auto& [name, pj] : doc["providers"].items()) {
      const bool known = cfg.knows_provider(name);
      if (pj.contains("preset") && known)
        return fail("providers." + name + ".preset: a project cannot change the preset of an existing provider");
      if (!known && !pj.contains("preset") && !pj.contains("base_url"))
        return fail("providers." + name + ": a new provider needs \"preset\" or \"base_url\"");
      json& merged = cfg.providers[name];
      if (merged.is_null()) merged = json::object();
      std::vector<std::string> redirected;
      for (auto& [k, v] : pj.items()) {
        if (k == "models" || k == "headers") {
          for (auto& [mk, mv] : v.items()) merged[k][mk] = mv;
        } else {
          merged[k] = v;
        }
        if (k == "base_url" || k == "proxy" || k == "ca_file") redirected.push_back(k);
      }
      if (!redirected.empty() && !p.trusted) cfg.untrusted_overrides[name] = {p.file.string(), redirected};
      if (auto spec = cfg.provider(name); !spec) return fail(spec.error().message);
    }
  }
  if (doc.contains("actions")) {
    if (!doc["actions"].is_object()) return fail("actions: expected object, got " + json_type_name(doc["actions"]));
    if (!cfg.actions.is_object()) cfg.actions = json::object();
    for (auto& [k, v] : doc["actions"].items()) cfg.actions[k] = v;
  }
  return ok_status();
}

Result<std::optional<ProjectConfig>> load_and_apply_project(Config& cfg, const fs::path& start) {
  auto file = find_project_config(start);
  if (!file) return std::optional<ProjectConfig>{};
  auto p = load_project_config(*file, cfg);
  if (!p) return p.error();
  if (auto st = apply_project_config(cfg, *p); !st) return st.error();
  return std::optional<ProjectConfig>{std::move(*p)};
}

}  // namespace byok::config
