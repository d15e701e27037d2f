#include "tests/emulator/scenario.h"

#include <array>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "tests/emulator/wire.h"

namespace byok::emu {
namespace {

using Kind = Scenario::Kind;

constexpr std::array<std::pair<Kind, std::string_view>, 8> kKindNames{{
    {Kind::Normal, "normal"},
    {Kind::HttpError, "http_error"},
    {Kind::MidStreamError, "mid_stream_error"},
    {Kind::ResetMidStream, "reset_mid_stream"},
    {Kind::MalformedChunk, "malformed_chunk"},
    {Kind::HugeLine, "huge_line"},
    {Kind::Endless, "endless"},
    {Kind::Stall, "stall"},
}};

Scenario http_error(int status, std::optional<int> retry_after = std::nullopt) {
  Scenario s;
  s.kind = Kind::HttpError;
  s.status = status;
  s.retry_after_s = retry_after;
  return s;
}

Scenario echoing(Scenario s) {
  s.echo_credentials = true;
  return s;
}

Scenario of_kind(Kind kind) {
  Scenario s;
  s.kind = kind;
  return s;
}

std::vector<std::pair<std::string, Scenario>> make_builtins() {
  Scenario slow;
  slow.ttft_ms = 200;
  slow.token_ms = 20;
  Scenario echo;
  echo.echo = true;
  return {
      {"emu-401", http_error(401)},
      {"emu-401-echo", echoing(http_error(401))},
      {"emu-403", http_error(403)},
      {"emu-404", http_error(404)},
      {"emu-429", http_error(429, 1)},
      {"emu-500", http_error(500)},
      {"emu-503", http_error(503)},
      {"emu-529", http_error(529)},
      {"emu-midstream-error", of_kind(Kind::MidStreamError)},
      {"emu-reset", of_kind(Kind::ResetMidStream)},
      {"emu-malformed", of_kind(Kind::MalformedChunk)},
      {"emu-huge-line", of_kind(Kind::HugeLine)},
      {"emu-endless", of_kind(Kind::Endless)},
      {"emu-stall", of_kind(Kind::Stall)},
      {"emu-slow", slow},
      {"emu-echo", echo},
  };
}

template <typename T>
void read_field(const nlohmann::json& j, const char* name, T& out) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) return;
  try {
    out = it->get<T>();
  } catch (const nlohmann::json::exception&) {
    throw std::invalid_argument(std::string("scenario field '") + name + "' has the wrong type");
  }
}

}  // namespace

const std::vector<std::pair<std::string, Scenario>>& builtin_models() {
  static const std::vector<std::pair<std::string, Scenario>> kBuiltins = make_builtins();
  return kBuiltins;
}

std::optional<Scenario> builtin_scenario(std::string_view model) {
  for (const auto& [name, scenario] : builtin_models())
    if (name == model) return scenario;
  return std::nullopt;
}

std::string_view kind_name(Kind kind) {
  for (const auto& [k, name] : kKindNames)
    if (k == kind) return name;
  return "normal";
}

std::optional<Kind> kind_from_name(std::string_view name) {
  for (const auto& [k, n] : kKindNames)
    if (n == name) return k;
  return std::nullopt;
}

Scenario scenario_from_json(const nlohmann::json& j) {
  if (!j.is_object()) throw std::invalid_argument("scenario must be a JSON object");
  static constexpr std::array kKnown{"kind", "status", "retry_after_s", "reply", "echo", "ttft_ms", "token_ms",
                                     "huge_line_bytes", "after_tokens", "times", "crlf", "comments",
                                     "usage_null_chunks", "one_byte_writes", "flavor", "echo_credentials"};
  for (const auto& [key, value] : j.items()) {
    bool known = false;
    for (const char* k : kKnown) known = known || key == k;
    if (!known) throw std::invalid_argument("unknown scenario field '" + key + "'");
  }
  Scenario s;
  std::string kind = "normal";
  read_field(j, "kind", kind);
  auto parsed = kind_from_name(kind);
  if (!parsed) throw std::invalid_argument("unknown scenario kind '" + kind + "'");
  s.kind = *parsed;
  read_field(j, "status", s.status);
  if (j.contains("retry_after_s") && !j["retry_after_s"].is_null()) {
    int seconds = 0;
    read_field(j, "retry_after_s", seconds);
    s.retry_after_s = seconds;
  }
  read_field(j, "reply", s.reply);
  read_field(j, "echo", s.echo);
  read_field(j, "ttft_ms", s.ttft_ms);
  read_field(j, "token_ms", s.token_ms);
  read_field(j, "huge_line_bytes", s.huge_line_bytes);
  read_field(j, "after_tokens", s.after_tokens);
  read_field(j, "times", s.times);
  read_field(j, "crlf", s.crlf);
  read_field(j, "comments", s.comments);
  read_field(j, "usage_null_chunks", s.usage_null_chunks);
  read_field(j, "one_byte_writes", s.one_byte_writes);
  read_field(j, "flavor", s.flavor);
  read_field(j, "echo_credentials", s.echo_credentials);
  if (!is_known_flavor(s.flavor)) throw std::invalid_argument("unknown scenario flavor '" + s.flavor + "'");
  if (s.kind == Kind::HttpError && (s.status < 400 || s.status > 599))
    throw std::invalid_argument("http_error needs a status between 400 and 599");
  return s;
}

nlohmann::json scenario_to_json(const Scenario& s) {
  nlohmann::json j{{"kind", kind_name(s.kind)},
                   {"status", s.status},
                   {"reply", s.reply},
                   {"echo", s.echo},
                   {"ttft_ms", s.ttft_ms},
                   {"token_ms", s.token_ms},
                   {"huge_line_bytes", s.huge_line_bytes},
                   {"after_tokens", s.after_tokens},
                   {"times", s.times},
                   {"crlf", s.crlf},
                   {"comments", s.comments},
                   {"usage_null_chunks", s.usage_null_chunks},
                   {"one_byte_writes", s.one_byte_writes},
                   {"flavor", s.flavor},
                   {"echo_credentials", s.echo_credentials}};
  j["retry_after_s"] = s.retry_after_s ? nlohmann::json(*s.retry_after_s) : nlohmann::json(nullptr);
  return j;
}

void ScenarioBook::set(const std::string& model, Scenario s) {
  std::lock_guard lock(mutex_);
  if (s.times == 0) {
    by_model_.erase(model);
    return;
  }
  by_model_[model] = std::move(s);
}

void ScenarioBook::clear() {
  std::lock_guard lock(mutex_);
  by_model_.clear();
}

std::optional<Scenario> ScenarioBook::take_locked(const std::string& key) {
  auto it = by_model_.find(key);
  if (it == by_model_.end()) return std::nullopt;
  Scenario s = it->second;
  if (it->second.times > 0 && --it->second.times == 0) by_model_.erase(it);
  return s;
}

std::optional<Scenario> ScenarioBook::take_exact(const std::string& key) {
  std::lock_guard lock(mutex_);
  return take_locked(key);
}

Scenario ScenarioBook::take(const std::string& model) {
  {
    std::lock_guard lock(mutex_);
    if (auto s = take_locked(model)) return *s;
    if (auto s = take_locked("*")) return *s;
  }
  if (auto s = builtin_scenario(model)) return *s;
  return Scenario{};
}

}  // namespace byok::emu
