// Built-in provider presets (presets.json, compiled into the binary) and the names they answer to.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/config/provider_spec.h"
#include "core/util/result.h"

namespace byok::config {

const nlohmann::json& builtin_presets();
std::vector<std::string> preset_names();
bool is_preset(const std::string& name);

// Builds a ProviderSpec from preset JSON (built-in, or built-in overlaid with user config).
// `path` names the JSON location for error messages ("providers.work").
Result<ProviderSpec> spec_from_json(const std::string& name, const nlohmann::json& j, const std::string& path);

}  // namespace byok::config
