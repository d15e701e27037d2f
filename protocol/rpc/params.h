// Reads request parameters into plain structs with errors that name the field's JSON path
// ("range.start.character: expected integer, got string"), like clangd's ObjectMapper. Unknown fields are
// allowed (LSP clients add their own); wrong types and missing required fields are not. The first problem
// is kept and reported; later reads return defaults and are never used.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/util/result.h"

namespace byok::rpc {

class Params {
 public:
  // `path` names `j` in messages ("" for the request's params themselves).
  explicit Params(const nlohmann::json& j, std::string path = "");

  std::string string(const std::string& key);
  std::optional<std::string> opt_string(const std::string& key);
  int64_t integer(const std::string& key, int64_t min = INT64_MIN);
  std::optional<int64_t> opt_integer(const std::string& key, int64_t min = INT64_MIN);
  std::optional<double> opt_number(const std::string& key);
  std::optional<bool> opt_bool(const std::string& key);
  std::vector<std::string> opt_string_array(const std::string& key);
  Params object(const std::string& key);
  std::optional<Params> opt_object(const std::string& key);
  // Arrays of objects: one Params per element (path "models[2]").
  std::vector<Params> opt_object_array(const std::string& key);
  const nlohmann::json* raw(const std::string& key) const;  // nullptr when absent or null
  // One of a fixed set of strings.
  std::string one_of(const std::string& key, const std::vector<std::string>& allowed);

  void fail(const std::string& key, const std::string& what);  // records a custom problem
  bool ok() const { return !state_->error; }
  const Error& error() const { return *state_->error; }
  const nlohmann::json& json() const { return *j_; }
  std::string path_of(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

 private:
  struct State { std::optional<Error> error; };
  Params(const nlohmann::json* j, std::string path, std::shared_ptr<State> state)
      : j_(j), path_(std::move(path)), state_(std::move(state)) {}
  const nlohmann::json* field(const std::string& key, bool required);
  void type_error(const std::string& key, const char* expected, const nlohmann::json& got);
  const nlohmann::json* j_;
  std::string path_;
  std::shared_ptr<State> state_;
};

}  // namespace byok::rpc
