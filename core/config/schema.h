// A tiny JSON schema checker whose only job is precise messages: "providers.openai.base_url: expected
// string, got number". Config files, project files and protocol params all validate through it.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
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
};

std::string json_type_name(const nlohmann::json& j);

}  // namespace byok::config
