// Actions: named prompt templates a team shares (docs/actions.md). Built-in actions are data
// (builtin_actions.json, compiled in); the user config's "actions" and the project's `.byok.json`
// "actions" add to them, a later layer replacing an action of the same name whole (project wins).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/util/result.h"

namespace byok::actions {

enum class Output { Replace, Insert, Chat, Panel };
std::string to_string(Output o);

// What to keep of the answer, so a model may reason before the part that gets inserted.
struct Extractor {
  enum class Kind { Whole, Code, Regex };
  Kind kind = Kind::Whole;
  std::string pattern;  // Regex: ECMAScript; group 1 (or the whole match when it has no group)
};

struct Action {
  std::string name, description, prompt, system;
  std::string model;                  // "provider:model" or a model name; empty = the default
  // selection, file, files, buffers, diagnostics, git_diff, git_diff_staged, clipboard, input; a trailing
  // "?" ("diagnostics?") makes it optional: attached when the host has it, its placeholder empty otherwise.
  std::vector<std::string> context;
  Output output = Output::Panel;
  Extractor extract;
  std::optional<double> temperature;
  std::optional<int> max_tokens;
  std::string source;                 // "built-in", "user" or "project"
};

// The context kinds an action may name in "context" (also the placeholders that need them).
const std::vector<std::string>& context_kinds();

// "diagnostics?" → "diagnostics".
std::string strip_optional(const std::string& kind);
// Whether the action lists `kind` as optional ("kind?").
bool is_optional_context(const Action& a, const std::string& kind);

// Validates one action's JSON; errors name the field: "actions.fix.output: expected one of …".
Result<Action> parse_action(const std::string& name, const nlohmann::json& j, const std::string& source);

// Built-in ← `configured` (the user config's actions, with the project's already merged over them by
// apply_project_config) ; names present in `project` are labelled "project". Sorted by name.
Result<std::vector<Action>> load_actions(const nlohmann::json& configured,
                                         const nlohmann::json& project = nlohmann::json::object());

const Action* find_action(const std::vector<Action>& all, const std::string& name);

nlohmann::json to_json(const Action& a);

}  // namespace byok::actions
