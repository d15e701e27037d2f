// A tiny JSON schema checker whose only job is precise messages: "providers.openai.base_url: expected
// string, got number". Config files, project files and protocol params all validate through it.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/util/result.h"

namespace byok::config {

class Schema {
 public:
  enum class Type { Any, String, Bool, Number, Integer, StringArray, StringMap, Object, MapOf, OneOf };
  static Schema any() { return Schema(Type::Any); }
  static Schema string() { return Schema(Type::String); }
  static Schema boolean() { return Schema(Type::Bool); }
  static Schema number() { return Schema(Type::Number); }
  static Schema integer() { return Schema(Type::Integer); }
  static Schema string_array() { return Schema(Type::StringArray); }
  static Schema string_map() { return Schema(Type::StringMap); }
  // An object with known fields; unknown fields are errors.
  static Schema object(std::map<std::string, Schema> fields);
  // An object whose keys are free (names) and whose values all follow `value`.
  static Schema map_of(Schema value);
  // Any one of the alternatives (e.g. "code" or {"regex": …}); the message lists the expected forms.
  static Schema one_of(std::vector<Schema> alternatives);
  Schema& enum_values(std::vector<std::string> allowed);  // for strings
  Schema& required(std::vector<std::string> names);       // for objects
  // For numbers and integers: the smallest value allowed (0 → "expected a non-negative integer").
  Schema& at_least(double min);
  // For map_of: every key must satisfy `valid`; `what` describes the expected form in messages
  // (e.g. "a \"provider:model\" key").
  Schema& keys(std::string what, std::function<bool(const std::string&)> valid);

  // Returns the first problem found, with its path, or ok.
  Status check(const nlohmann::json& j, const std::string& path) const;
  std::string describe() const;

 private:
  explicit Schema(Type t) : type_(t) {}
  Type type_;
  std::shared_ptr<std::map<std::string, Schema>> fields_;
  std::shared_ptr<Schema> value_;
  std::shared_ptr<std::vector<Schema>> alternatives_;
  std::vector<std::string> enum_;
  std::vector<std::string> required_;
  std::optional<double> min_;
  std::string key_what_;
  std::function<bool(const std::string&)> key_valid_;
};

std::string json_type_name(const nlohmann::json& j);

}  // namespace byok::config
