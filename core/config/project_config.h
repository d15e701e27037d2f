// A project's own settings: `.byok.json`, found by walking up from the working directory (or an editor's
// workspace folder). A project may choose models, name which of the user's keys to use, and add prompts,
// actions and context rules. It is code the user may not have written (a cloned repository), so:
//  - it can never hold keys: key fields, key commands, auth headers and anything that looks like a key
//    are refused with a warning (the value is never shown);
//  - it may change where a provider's requests go (base_url, proxy, ca_file) only if the user trusts the
//    folder (`byok trust PATH`, the "trusted" list in the user config). Otherwise the change is recorded
//    and the request builder refuses to send a key there (keys/pinning.h), naming this file and the host.
// Unknown fields are errors with their path, as in the user config.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/config/config.h"
#include "core/util/result.h"

namespace byok::config {

inline constexpr const char* kProjectFileName = ".byok.json";

struct ProjectConfig {
  std::filesystem::path file;  // …/.byok.json
  std::filesystem::path dir;   // the folder holding it
  bool trusted = false;
  nlohmann::json doc = nlohmann::json::object();  // validated, with refused fields removed
  std::vector<std::string> warnings;              // refused keys etc.; never contain the refused value

  // Pass-through sections for other parts of byok (actions engine, prompt library, context rules).
  nlohmann::json section(const std::string& name) const;
};

// The nearest .byok.json in `start` or above it; nullopt when there is none.
std::optional<std::filesystem::path> find_project_config(const std::filesystem::path& start);

// True when `dir` is, or is inside, a folder in cfg.trusted.
bool is_trusted(const Config& cfg, const std::filesystem::path& dir);

// Reads, cleans and validates a project file against the user config (for trust).
Result<ProjectConfig> load_project_config(const std::filesystem::path& file, const Config& user);

// Merges the project's settings into `cfg`: default model, features, providers (models, default_model,
// key_name, headers, and — trusted or recorded as untrusted — base_url/proxy/ca_file), actions.
Status apply_project_config(Config& cfg, const ProjectConfig& project);

// find + load + apply in one call; nullopt when no project file was found.
Result<std::optional<ProjectConfig>> load_and_apply_project(Config& cfg, const std::filesystem::path& start);

// Heuristic used to refuse keys pasted into project files: well-known key prefixes of the providers byok
// supports, with enough length to be a real key.
bool looks_like_key(const std::string& value);

}  // namespace byok::config
