#include "protocol/rpc/params.h"

#include "core/config/schema.h"
#include "protocol/rpc/rpc_error.h"

namespace byok::rpc {
namespace {
const nlohmann::json kNull;
}

Params::Params(const nlohmann::json& j, std::string path)
    : j_(&j), path_(std::move(path)), state_(std::make_shared<State>()) {
  if (!j.is_object() && !j.is_null())
    state_->error = param_error(path_, "expected object, got " + config::json_type_name(j));
}

void Params::fail(const std::string& key, const std::string& what) {
  if (!state_->error) state_->error = param_error(key.empty() ? path_ : path_of(key), what);
}

void Params::type_error(const std::string& key, const char* expected, const nlohmann::json& got) {
  fail(key, std::string("expected ") + expected + ", got " + config::json_type_name(got));
}

const nlohmann::json* Params::field(const std::string& key, bool required) {
  if (state_->error) return nullptr;
  const nlohmann::json* f = nullptr;
  if (j_->is_object()) {
    auto it = j_->find(key);
    if (it != j_->end() && !it->is_null()) f = &*it;
  }
  if (!f && required) fail(key, "required");
  return f;
}

const nlohmann::json* Params::raw(const std::string& key) const {
  if (!j_->is_object()) return nullptr;
  auto it = j_->find(key);
  return it == j_->end() || it->is_null() ? nullptr : &*it;
}

std::string Params::string(const std::string& key) {
  auto* f = field(key, true);
  if (!f) return {};
  if (!f->is_string()) return type_error(key, "string", *f), std::string();
  return f->get<std::string>();
}

std::optional<std::string> Params::opt_string(const std::string& key) {
  auto* f = field(key, false);
  if (!f) return std::nullopt;
  if (!f->is_string()) return type_error(key, "string", *f), std::nullopt;
  return f->get<std::string>();
}

int64_t Params::integer(const std::string& key, int64_t min) {
  auto* f = field(key, true);
  if (!f) return 0;
  auto v = opt_integer(key, min);
  return v.value_or(0);
}

std::optional<int64_t> Params::opt_integer(const std::string& key, int64_t min) {
  auto* f = field(key, false);
  if (!f) return std::nullopt;
  if (!f->is_number_integer() && !f->is_number_unsigned()) return type_error(key, "integer", *f), std::nullopt;
  if (f->is_number_unsigned() && f->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))
    return fail(key, "integer out of range"), std::nullopt;
  int64_t v = f->get<int64_t>();
  if (v < min) return fail(key, "must be at least " + std::to_string(min) + ", got " + std::to_string(v)), std::nullopt;
  return v;
}

std::optional<double> Params::opt_number(const std::string& key) {
  auto* f = field(key, false);
  if (!f) return std::nullopt;
  if (!f->is_number()) return type_error(key, "number", *f), std::nullopt;
  return f->get<double>();
}

std::optional<bool> Params::opt_bool(const std::string& key) {
  auto* f = field(key, false);
  if (!f) return std::nullopt;
  if (!f->is_boolean()) return type_error(key, "boolean", *f), std::nullopt;
  return f->get<bool>();
}

std::vector<std::string> Params::opt_string_array(const std::string& key) {
  std::vector<std::string> out;
  auto* f = field(key, false);
  if (!f) return out;
  if (!f->is_array()) return type_error(key, "array of strings", *f), out;
  for (size_t i = 0; i < f->size(); ++i) {
    if (!(*f)[i].is_string()) {
      type_error(key + "[" + std::to_string(i) + "]", "string", (*f)[i]);
      return {};
    }
    out.push_back((*f)[i].get<std::string>());
  }
  return out;
}

Params Params::object(const std::string& key) {
  auto* f = field(key, true);
  if (!f) return Params(&kNull, path_of(key), state_);
  if (!f->is_object()) type_error(key, "object", *f);
  return Params(f, path_of(key), state_);
}

std::optional<Params> Params::opt_object(const std::string& key) {
  auto* f = field(key, false);
  if (!f) return std::nullopt;
  if (!f->is_object()) return type_error(key, "object", *f), std::nullopt;
  return Params(f, path_of(key), state_);
}

std::vector<Params> Params::opt_object_array(const std::string& key) {
  std::vector<Params> out;
  auto* f = field(key, false);
  if (!f) return out;
  if (!f->is_array()) return type_error(key, "array", *f), out;
  for (size_t i = 0; i < f->size(); ++i) {
    std::string k = key + "[" + std::to_string(i) + "]";
    if (!(*f)[i].is_object()) {
      type_error(k, "object", (*f)[i]);
      return {};
    }
    out.push_back(Params(&(*f)[i], path_of(k), state_));
  }
  return out;
}

std::string Params::one_of(const std::string& key, const std::vector<std::string>& allowed) {
  std::string v = string(key);
  if (!ok()) return v;
  for (const auto& a : allowed)
    if (a == v) return v;
  std::string list;
  for (size_t i = 0; i < allowed.size(); ++i) list += (i ? ", \"" : "\"") + allowed[i] + "\"";
  fail(key, "expected one of " + list + ", got \"" + v + "\"");
  return v;
}

}  // namespace byok::rpc
