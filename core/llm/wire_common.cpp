#include <cmath>
#include <ctime>
#include <nlohmann/json.hpp>

#include "core/keys/credential_headers.h"
#include "core/keys/pinning.h"
#include "core/llm/decode_guard.h"
#include "core/llm/wire.h"

namespace byok::llm {
using nlohmann::json;

Result<http::Request> WireAdapter::build_chat(const ChatRequest&, const Endpoint& ep, const config::EndpointSpec&) const {
  return Error::make(ErrorKind::Config, ep.spec.name + ": wire '" + name() + "' does not do chat");
}
Result<http::Request> WireAdapter::build_fim(const FimRequest&, const Endpoint& ep, const config::EndpointSpec&) const {
  return Error::make(ErrorKind::Config, ep.spec.name + ": wire '" + name() + "' does not do fill-in-the-middle");
}

namespace {
std::string url_escape_segment(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == ':' || c == '@') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) s.replace(pos, from.size(), to);
}
}  // namespace

Result<http::Request> base_request(const Endpoint& ep, const config::EndpointSpec& es, const std::string& model) {
  const auto& spec = ep.spec;
  std::string path = es.path;
  replace_all(path, "{model}", url_escape_segment(model));
  replace_all(path, "{api_version}", spec.api_version);
  http::Request r;
  r.url = spec.base_url.with_path_appended(path);
  if (spec.needs_key() && ep.key.empty())
    return Error{ErrorKind::Key, "no API key for provider '" + spec.name + "'" +
                                     (spec.key_env.empty() ? "" : " (set " + spec.key_env + " or run `byok keys set " + spec.name + "`)"),
                 spec.name};
  if (!ep.key.empty()) {
    if (auto pinned = keys::check_key_destination(spec, r.url); !pinned) return pinned.error();
    std::string key(ep.key.reveal());
    switch (spec.auth) {
      case config::AuthStyle::Bearer:
      case config::AuthStyle::BearerOptional:
        r.headers.push_back({"Authorization", "Bearer " + key, true});
        break;
      case config::AuthStyle::XApiKey: r.headers.push_back({"x-api-key", key, true}); break;
      case config::AuthStyle::GoogApiKey: r.headers.push_back({"x-goog-api-key", key, true}); break;
      case config::AuthStyle::AzureApiKey: r.headers.push_back({"api-key", key, true}); break;
      case config::AuthStyle::None: break;
    }
    secure_wipe(key);
  }
  // A configured header may carry a credential of its own ("Authorization": "Bearer …" for a gateway).
  for (const auto& [k, v] : spec.headers) r.headers.push_back({k, v, keys::is_sensitive_header(k)});
  r.headers.push_back({"User-Agent", "byok/" BYOK_VERSION, false});
  return r;
}

Error stream_error(const std::string& provider, std::string message, std::string type, int status) {
  Error e;
  e.kind = ErrorKind::Provider;
  e.provider = provider;
  e.message = std::move(message);
  e.type = std::move(type);
  e.status = status;
  e.retryable = e.type == "overloaded_error" || e.type == "rate_limit_error" || e.type == "server_error" ||
                e.type == "api_error" || e.type == "UNAVAILABLE" || e.type == "INTERNAL";
  return e;
}

namespace {
// A delay from a provider's number. Anything not finite or negative is ignored; anything over a day is
// held at a day (the engine reports long waits instead of sleeping), so the conversion to an integer can
// never overflow (a float-cast overflow is undefined; found by tests/fuzz/fuzz_error_body.cpp).
std::optional<std::chrono::milliseconds> delay_ms(double ms) {
  if (!std::isfinite(ms) || ms < 0) return std::nullopt;
  constexpr double kDayMs = 24.0 * 3600 * 1000;
  return std::chrono::milliseconds(static_cast<int64_t>(std::min(ms, kDayMs)));
}
}  // namespace

std::optional<std::chrono::milliseconds> parse_retry_after(const http::ResponseHead& head, std::string_view body) {
  if (auto ms = head.header("retry-after-ms"); !ms.empty()) {
    try {
      if (auto d = delay_ms(std::stod(ms))) return d;
    } catch (...) {
    }
  }
  if (auto ra = head.header("retry-after"); !ra.empty()) {
    if (ra.find_first_not_of("0123456789.") == std::string::npos) {
      try {
        if (auto d = delay_ms(std::stod(ra) * 1000)) return d;
      } catch (...) {
      }
    }
    std::tm tm{};
    if (strptime(ra.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm)) {
      auto when = timegm(&tm);
      auto now = std::time(nullptr);
      return delay_ms(when > now ? double(when - now) * 1000 : 0);
    }
  }
  // Google: error.details[].retryDelay "19s" (may be fractional).
  auto j = json::parse(body, nullptr, false);
  if (j.is_object() && j.contains("error") && j["error"].is_object() && j["error"].contains("details") &&
      j["error"]["details"].is_array()) {
    for (const auto& d : j["error"]["details"]) {
      if (d.is_object() && d.contains("retryDelay") && d["retryDelay"].is_string()) {
        std::string s = d["retryDelay"];
        try {
          if (auto delay = delay_ms(std::stod(s) * 1000)) return delay;
        } catch (...) {
        }
      }
    }
  }
  return std::nullopt;
}

Error parse_error_response(const std::string& provider, int status, std::string_view body,
                           const http::ResponseHead& head) {
  Error e;
  e.kind = ErrorKind::Provider;
  e.provider = provider;
  e.status = status;
  auto j = json::parse(body, nullptr, false);
  auto str = [](const json& v) -> std::string {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
    return {};
  };
  if (j.is_object()) {
    if (j.contains("error")) {
      const auto& err = j["error"];
      if (err.is_object()) {
        e.message = str(err.value("message", json()));
        e.type = str(err.value("type", json()));
        if (e.type.empty()) e.type = str(err.value("status", json()));  // Google RPC
        if (e.type.empty()) e.type = str(err.value("code", json()));
      } else if (err.is_string()) {
        e.message = err.get<std::string>();  // Ollama
      }
    }
    if (e.message.empty() && j.contains("message")) e.message = str(j["message"]);  // Mistral 401
    if (e.message.empty() && j.contains("detail")) {                               // Mistral 401/422
      const auto& d = j["detail"];
      if (d.is_string()) e.message = d;
      else if (d.is_array() && !d.empty() && d[0].is_object()) {
        e.message = str(d[0].value("msg", json()));
        if (d[0].contains("loc")) e.message += " (at " + d[0]["loc"].dump() + ")";
      }
    }
  }
  if (e.message.empty()) {
    std::string text(body.substr(0, 300));
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    e.message = text.empty() ? "HTTP " + std::to_string(status) + " with no error message" : text;
  }
  e.retryable = status == 408 || status == 429 || status == 500 || status == 502 || status == 503 ||
                status == 504 || status == 529 || e.type == "overloaded_error";
  if (auto xs = head.header("x-should-retry"); xs == "false") e.retryable = false;
  e.retry_after = parse_retry_after(head, body);
  return e;
}

Result<std::vector<ModelListing>> parse_model_list(std::string_view dialect, std::string_view body,
                                                   const std::string& provider) {
  auto j = json::parse(body, nullptr, false);
  auto bad = [&] {
    return Error{ErrorKind::Stream, "model list from " + provider + " is not in the expected " +
                                        std::string(dialect) + " format",
                 provider};
  };
  // A listing is untrusted JSON: an entry of the wrong type (a number for "name") makes nlohmann's typed
  // accessors throw; that is a bad listing, reported as such, never an exception out of the engine.
  try {
    if (!j.is_object()) return bad();
    std::vector<ModelListing> out;
    if (dialect == "gemini") {
      if (!j.contains("models") || !j["models"].is_array()) return bad();
      for (const auto& m : j["models"]) {
        std::string name = m.value("name", "");
        if (name.rfind("models/", 0) == 0) name = name.substr(7);
        if (m.contains("supportedGenerationMethods") && m["supportedGenerationMethods"].is_array()) {
          bool gen = false;
          for (const auto& g : m["supportedGenerationMethods"]) gen |= g == "generateContent";
          if (!gen) continue;
        }
        out.push_back({name, count_field(m, "inputTokenLimit")});
      }
    } else if (dialect == "ollama") {
      if (!j.contains("models") || !j["models"].is_array()) return bad();
      for (const auto& m : j["models"]) out.push_back({m.value("name", ""), 0});
    } else {
      if (!j.contains("data") || !j["data"].is_array()) return bad();
      for (const auto& m : j["data"]) {
        if (!m.is_object()) continue;
        out.push_back({m.value("id", ""), m.value("max_input_tokens", int64_t{0})});
      }
    }
    return out;
  } catch (const json::exception& e) {
    auto err = bad();
    err.message += std::string(" (") + e.what() + ")";
    return err;
  }
}

}  // namespace byok::llm
