// Which Scenario applies to a request: the scenarios set by tests (per model or "*", with a use count) and
// the built-in model names that let a client pick a fault without any control API (handy from a shell or an
// editor pointed at the emulator).
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "tests/emulator/emulator.h"

namespace byok::emu {

// The built-in model names and what they do, in a stable order (for docs and the models list).
const std::vector<std::pair<std::string, Scenario>>& builtin_models();

// The scenario a built-in model name stands for; nullopt for any other name.
std::optional<Scenario> builtin_scenario(std::string_view model);

// snake_case names used by the control API: "normal", "http_error", "mid_stream_error", ...
std::string_view kind_name(Scenario::Kind kind);
std::optional<Scenario::Kind> kind_from_name(std::string_view name);

// Control-API JSON: every Scenario field in snake_case, all optional. Throws std::invalid_argument naming
// the offending field on a wrong type or unknown kind, so a typo in a test fails loudly.
Scenario scenario_from_json(const nlohmann::json& j);
nlohmann::json scenario_to_json(const Scenario& s);

// Thread-safe store of the scenarios set by tests.
class ScenarioBook {
 public:
  void set(const std::string& model, Scenario s);
  void clear();
  // The scenario for `model`, consuming one use when it has a limited `times`.
  Scenario take(const std::string& model);
  // The scenario set for exactly `key` (no "*", no built-in), consuming one use; for kModelListScenario.
  std::optional<Scenario> take_exact(const std::string& key);

 private:
  std::optional<Scenario> take_locked(const std::string& key);

  mutable std::mutex mutex_;
  std::map<std::string, Scenario> by_model_;
};

}  // namespace byok::emu
