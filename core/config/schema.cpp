#include "core/config/schema.h"

namespace byok::config {

std::string json_type_name(const nlohmann::json& j) {
  if (j.is_string()) return "string";
  if (j.is_boolean()) return "boolean";
  if (j.is_number_integer() || j.is_number_unsigned()) return "integer";
  if (j.is_number()) return "number";
  if (j.is_array()) return "array";
  if (j.is_object()) return "object";
  if (j.is_null()) return "null";
  return "value";
}

Schema Schema::object(std::map<std::string, Schema> fields) {
  Schema s(Type::Object);
  s.fields_ = std::make_shared<std::map<std::string, Schema>>(std::move(fields));
  return s;
}

Schema Schema::map_of(Schema value) {
  Schema s(Type::MapOf);
  s.value_ = std::make_shared<Schema>(std::move(value));
  return s;
}

Schema Schema::one_of(std::vector<Schema> alternatives) {
  Schema s(Type::OneOf);
  s.alternatives_ = std::make_shared<std::vector<Schema>>(std::move(alternatives));
  return s;
}

Schema& Schema::enum_values(std::vector<std::string> allowed) {
  enum_ = std::move(allowed);
  return *this;
}

Schema& Schema::required(std::vector<std::string> names) {
  required_ = std::move(names);
  return *this;
}

Schema& Schema::at_least(double min) {
  min_ = min;
  return *this;
}

Schema& Schema::keys(std::string what, std::function<bool(const std::string&)> valid) {
  key_what_ = std::move(what);
  key_valid_ = std::move(valid);
  return *this;
}

namespace {
// "a non-negative integer", "a positive number", "an integer >= 10"
std::string bounded(const char* kind, double min) {
  std::string k = kind;
  if (min == 0) return "a non-negative " + k;
  if (min == 1 && k == "integer") return "a positive integer";
  std::string m = nlohmann::json(min).dump();
  return std::string(k == "integer" ? "an " : "a ") + k + " >= " + m;
}
}  // namespace

std::string Schema::describe() const {
  switch (type_) {
    case Type::Any: return "any value";
    case Type::String: {
      if (enum_.empty()) return "string";
      std::string s = "one of";
      for (size_t i = 0; i < enum_.size(); ++i) s += (i ? ", \"" : " \"") + enum_[i] + "\"";
      return s;
    }
    case Type::Bool: return "boolean";
    case Type::Number: return min_ ? bounded("number", *min_) : "number";
    case Type::Integer: return min_ ? bounded("integer", *min_) : "integer";
    case Type::StringArray: return "array of strings";
    case Type::StringMap: return "object of strings";
    case Type::Object: return "object";
    case Type::MapOf: return "object";
    case Type::OneOf: {
      std::string s;
      for (size_t i = 0; i < alternatives_->size(); ++i) s += (i ? " or " : "") + (*alternatives_)[i].describe();
      return s;
    }
  }
  return "value";
}

Status Schema::check(const nlohmann::json& j, const std::string& path) const {
  auto fail = [&](const std::string& what) {
    return Error::make(ErrorKind::Config, (path.empty() ? std::string("(top level)") : path) + ": " + what);
  };
  auto expected = [&] { return fail("expected " + describe() + ", got " + json_type_name(j)); };
  switch (type_) {
    case Type::Any: return ok_status();
    case Type::String:
      if (!j.is_string()) return expected();
      if (!enum_.empty() && std::find(enum_.begin(), enum_.end(), j.get<std::string>()) == enum_.end())
        return fail("expected " + describe() + ", got \"" + j.get<std::string>() + "\"");
      return ok_status();
    case Type::Bool: return j.is_boolean() ? ok_status() : expected();
    case Type::Number:
      if (!j.is_number()) return expected();
      if (min_ && j.get<double>() < *min_) return fail("expected " + describe() + ", got " + j.dump());
      return ok_status();
    case Type::Integer:
      if (!j.is_number_integer() && !j.is_number_unsigned()) return expected();
      if (min_ && j.get<double>() < *min_)
        return fail("expected " + describe() + ", got " + j.dump());
      return ok_status();
    case Type::StringArray:
      if (!j.is_array()) return expected();
      for (size_t i = 0; i < j.size(); ++i)
        if (!j[i].is_string())
          return Error::make(ErrorKind::Config, path + "[" + std::to_string(i) + "]: expected string, got " +
                                                    json_type_name(j[i]));
      return ok_status();
    case Type::StringMap:
      if (!j.is_object()) return expected();
      for (auto& [k, v] : j.items())
        if (!v.is_string())
          return Error::make(ErrorKind::Config, path + "." + k + ": expected string, got " + json_type_name(v));
      return ok_status();
    case Type::Object: {
      if (!j.is_object()) return expected();
      for (const auto& r : required_)
        if (!j.contains(r)) return Error::make(ErrorKind::Config, path + "." + r + ": required field is missing");
      for (auto& [k, v] : j.items()) {
        auto it = fields_->find(k);
        std::string sub = path.empty() ? k : path + "." + k;
        if (it == fields_->end()) {
          std::string known;
          for (auto& [name, _] : *fields_) known += (known.empty() ? "" : ", ") + name;
          return Error::make(ErrorKind::Config, sub + ": unknown field (known fields: " + known + ")");
        }
        if (auto st = it->second.check(v, sub); !st) return st;
      }
      return ok_status();
    }
    case Type::MapOf: {
      if (!j.is_object()) return expected();
      for (auto& [k, v] : j.items()) {
        std::string sub = path.empty() ? k : path + "." + k;
        if (key_valid_ && !key_valid_(k)) return Error::make(ErrorKind::Config, sub + ": expected " + key_what_);
        if (auto st = value_->check(v, sub); !st) return st;
      }
      return ok_status();
    }
    case Type::OneOf: {
      for (const auto& alt : *alternatives_)
        if (alt.check(j, path)) return ok_status();
      // Report the error of the alternative with the same JSON type, if any, for precision.
      for (const auto& alt : *alternatives_) {
        bool same_kind = (alt.type_ == Type::Object || alt.type_ == Type::MapOf) ? j.is_object()
                         : alt.type_ == Type::String                             ? j.is_string()
                                                                                  : false;
        if (same_kind) return alt.check(j, path);
      }
      return expected();
    }
  }
  return ok_status();
}

}  // namespace byok::config
