#include "core/actions/action.h"

#include <algorithm>
#include <regex>

#include "core/actions/template.h"
#include "core/config/schema.h"

namespace byok::data {
extern const char kBuiltinActionsJson[];
}

namespace byok::actions {

using config::Schema;
using nlohmann::json;

std::string to_string(Output o) {
  switch (o) {
    case Output::Replace: return "replace";
    case Output::Insert: return "insert";
    case Output::Chat: return "chat";
    case Output::Panel: return "panel";
  }
  return "panel";
}

const std::vector<std::string>& context_kinds() {
  static const std::vector<std::string> kinds{"selection", "file",      "files", "buffers", "diagnostics", "git_diff",
                                              "git_diff_staged", "clipboard", "input"};
  return kinds;
}

std::string strip_optional(const std::string& kind) {
  return !kind.empty() && kind.back() == '?' ? kind.substr(0, kind.size() - 1) : kind;
}

bool is_optional_context(const Action& a, const std::string& kind) {
  return std::find(a.context.begin(), a.context.end(), kind + "?") != a.context.end();
}

namespace {

const Schema& action_schema() {
  static const Schema s = [] {
    auto context_kind = Schema::string();
    context_kind.enum_values(context_kinds());
    auto output = Schema::string();
    output.enum_values({"replace", "insert", "chat", "panel"});
    auto extract_word = Schema::string();
    extract_word.enum_values({"code"});
    auto extract_regex = Schema::object({{"regex", Schema::string()}});
    extract_regex.required({"regex"});
    auto a = Schema::object({{"description", Schema::string()},
                             {"prompt", Schema::string()},
                             {"system", Schema::string()},
                             {"model", Schema::string()},
                             {"context", Schema::string_array()},
                             {"output", output},
                             {"extract", Schema::one_of({extract_word, extract_regex})},
                             {"temperature", Schema::number()},
                             {"max_tokens", Schema::integer()}});
    a.required({"prompt"});
    return a;
  }();
  return s;
}

Status fail(const std::string& path, const std::string& what) {
  return Error::make(ErrorKind::Config, path + ": " + what);
}

Output parse_output(const std::string& s) {
  if (s == "replace") return Output::Replace;
  if (s == "insert") return Output::Insert;
  if (s == "chat") return Output::Chat;
  return Output::Panel;
}

}  // namespace

Result<Action> parse_action(const std::string& name, const json& j, const std::string& source) {
  const std::string path = "actions." + name;
  if (name.empty() || name.find_first_of(" \t\n{}") != std::string::npos)
    return fail(path, "an action name must be non-empty without spaces or braces").error();
  if (auto st = action_schema().check(j, path); !st) return st.error();
  // Element-level checks the schema's string array cannot express.
  const auto& kinds = context_kinds();
  if (j.contains("context"))
    for (size_t i = 0; i < j["context"].size(); ++i) {
      auto k = j["context"][i].get<std::string>();
      if (std::find(kinds.begin(), kinds.end(), strip_optional(k)) == kinds.end()) {
        std::string known;
        for (const auto& n : kinds) known += (known.empty() ? "\"" : ", \"") + n + "\"";
        return fail(path + ".context[" + std::to_string(i) + "]",
                    "expected one of " + known + " (a trailing ? marks it optional), got \"" + k + "\"").error();
      }
    }
  Action a;
  a.name = name;
  a.source = source;
  a.prompt = j["prompt"].get<std::string>();
  if (a.prompt.find_first_not_of(" \t\r\n") == std::string::npos) return fail(path + ".prompt", "must not be empty").error();
  if (auto used = template_placeholders(a.prompt); !used) return fail(path + ".prompt", used.error().message).error();
  a.description = j.value("description", "");
  a.system = j.value("system", "");
  if (auto used = template_placeholders(a.system); !used) return fail(path + ".system", used.error().message).error();
  a.model = j.value("model", "");
  if (j.contains("context")) a.context = j["context"].get<std::vector<std::string>>();
  if (j.contains("output")) a.output = parse_output(j["output"].get<std::string>());
  if (j.contains("extract")) {
    const auto& e = j["extract"];
    if (e.is_string()) {
      a.extract.kind = Extractor::Kind::Code;
    } else {
      a.extract.kind = Extractor::Kind::Regex;
      a.extract.pattern = e["regex"].get<std::string>();
      try {
        std::regex check(a.extract.pattern, std::regex::ECMAScript);
      } catch (const std::regex_error& err) {
        return fail(path + ".extract.regex", std::string("not a valid regex: ") + err.what()).error();
      }
    }
  }
  if (j.contains("temperature")) {
    double t = j["temperature"].get<double>();
    if (t < 0 || t > 2) return fail(path + ".temperature", "expected a number from 0 to 2, got " + j["temperature"].dump()).error();
    a.temperature = t;
  }
  if (j.contains("max_tokens")) {
    auto m = j["max_tokens"].get<int64_t>();
    if (m <= 0 || m > 1'000'000) return fail(path + ".max_tokens", "expected a positive integer, got " + std::to_string(m)).error();
    a.max_tokens = static_cast<int>(m);
  }
  return a;
}

Result<std::vector<Action>> load_actions(const json& configured, const json& project) {
  static const json builtins = json::parse(data::kBuiltinActionsJson);
  if (!configured.is_null() && !configured.is_object())
    return Error::make(ErrorKind::Config, "actions: expected object, got " + config::json_type_name(configured));
  std::map<std::string, Action> by_name;
  for (const auto& [name, j] : builtins.items()) {
    auto a = parse_action(name, j, "built-in");
    if (!a) return a.error();  // a broken built-in is a bug; say so rather than hide the action
    by_name[name] = std::move(*a);
  }
  if (configured.is_object())
    for (const auto& [name, j] : configured.items()) {
      bool from_project = project.is_object() && project.contains(name) && project[name] == j;
      auto a = parse_action(name, j, from_project ? "project" : "user");
      if (!a) return a.error();
      by_name[name] = std::move(*a);  // a later layer replaces the whole action
    }
  std::vector<Action> out;
  for (auto& [_, a] : by_name) out.push_back(std::move(a));
  return out;
}

const Action* find_action(const std::vector<Action>& all, const std::string& name) {
  for (const auto& a : all)
    if (a.name == name) return &a;
  return nullptr;
}

json to_json(const Action& a) {
  json j{{"name", a.name},     {"description", a.description}, {"prompt", a.prompt},
         {"context", a.context}, {"output", to_string(a.output)}, {"source", a.source}};
  if (!a.system.empty()) j["system"] = a.system;
  if (!a.model.empty()) j["model"] = a.model;
  if (a.extract.kind == Extractor::Kind::Code) j["extract"] = "code";
  if (a.extract.kind == Extractor::Kind::Regex) j["extract"] = json{{"regex", a.extract.pattern}};
  if (a.temperature) j["temperature"] = *a.temperature;
  if (a.max_tokens) j["max_tokens"] = *a.max_tokens;
  return j;
}

}  // namespace byok::actions
