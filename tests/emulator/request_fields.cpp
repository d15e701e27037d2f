#include "tests/emulator/request_fields.h"

namespace byok::emu {
namespace {

using nlohmann::json;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string_view strip_trailing_slash(std::string_view p) {
  while (p.size() > 1 && p.back() == '/') p.remove_suffix(1);
  return p;
}

// The text of an OpenAI/Anthropic/Ollama message content: a string, or an array of typed parts.
std::string content_text(const json& content) {
  if (content.is_string()) return content.get<std::string>();
  std::string out;
  if (content.is_array())
    for (const auto& part : content)
      if (part.is_object() && part.contains("text") && part["text"].is_string()) out += part["text"].get<std::string>();
  return out;
}

// Sum of the bytes of every string in the request except identifiers, as "what the model would read".
size_t text_bytes(const json& j, std::string_view key = {}) {
  if (j.is_string()) return key == "model" || key == "role" || key == "type" ? 0 : j.get_ref<const std::string&>().size();
  size_t n = 0;
  if (j.is_object())
    for (const auto& [k, v] : j.items()) n += text_bytes(v, k);
  else if (j.is_array())
    for (const auto& v : j) n += text_bytes(v, key);
  return n;
}

std::string string_field(const json& body, const char* key) {
  auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool bool_field(const json& body, const char* key, bool fallback) {
  auto it = body.find(key);
  return it != body.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

std::string last_user_text(Endpoint ep, const json& body) {
  switch (ep) {
    case Endpoint::GeminiStream:
    case Endpoint::GeminiGenerate: {
      auto it = body.find("contents");
      if (it == body.end() || !it->is_array()) return {};
      for (auto c = it->rbegin(); c != it->rend(); ++c) {
        if (!c->is_object() || c->value("role", std::string("user")) != "user") continue;
        return content_text(c->value("parts", json::array()));
      }
      return {};
    }
    case Endpoint::OpenAiLegacy:
    case Endpoint::MistralFim:
    case Endpoint::OllamaGenerate:
    case Endpoint::LlamaCpp: {
      std::string prompt = string_field(body, "prompt");
      return prompt.empty() ? string_field(body, "input_prefix") : prompt;
    }
    default: {
      auto it = body.find("messages");
      if (it == body.end() || !it->is_array()) return {};
      for (auto m = it->rbegin(); m != it->rend(); ++m)
        if (m->is_object() && m->value("role", std::string()) == "user") return content_text(m->value("content", json()));
      return {};
    }
  }
}

}  // namespace

Endpoint classify(std::string_view method, std::string_view raw_path) {
  const std::string_view path = strip_trailing_slash(raw_path);
  if (method == "POST") {
    if (path.find(":streamGenerateContent") != std::string_view::npos) return Endpoint::GeminiStream;
    if (path.find(":generateContent") != std::string_view::npos) return Endpoint::GeminiGenerate;
    if (ends_with(path, "/chat/completions")) return Endpoint::OpenAiChat;
    if (ends_with(path, "/fim/completions")) return Endpoint::MistralFim;
    if (ends_with(path, "/completions")) return Endpoint::OpenAiLegacy;
    if (ends_with(path, "/messages")) return Endpoint::Anthropic;
    if (ends_with(path, "/api/chat")) return Endpoint::OllamaChat;
    if (ends_with(path, "/api/generate")) return Endpoint::OllamaGenerate;
    if (ends_with(path, "/infill") || ends_with(path, "/completion")) return Endpoint::LlamaCpp;
    return Endpoint::Unknown;
  }
  if (method == "GET") {
    if (ends_with(path, "/api/tags")) return Endpoint::OllamaTags;
    if (ends_with(path, "/models")) return Endpoint::ListModels;
    if (path.find("/models/") != std::string_view::npos) return Endpoint::GetModel;
    if (ends_with(path, "/health")) return Endpoint::Health;
  }
  return Endpoint::Unknown;
}

std::string_view model_list_family(const AuthHints& h, std::string_view path) {
  if (h.anthropic_version || h.x_api_key) return "anthropic";
  if (h.goog_api_key || h.key_param || path.find("/v1beta/") != std::string_view::npos ||
      path.find("/v1alpha/") != std::string_view::npos || ends_with(path, "/v1beta/models"))
    return "gemini";
  return "openai";
}

std::string model_from_path(std::string_view path) {
  if (auto pos = path.find("/deployments/"); pos != std::string_view::npos) {
    std::string_view rest = path.substr(pos + 13);
    return std::string(rest.substr(0, rest.find('/')));
  }
  if (auto pos = path.rfind("/models/"); pos != std::string_view::npos) {
    std::string_view rest = strip_trailing_slash(path.substr(pos + 8));
    return std::string(rest.substr(0, rest.find(':')));
  }
  return {};
}

bool is_fim_endpoint(Endpoint ep) {
  return ep == Endpoint::OpenAiLegacy || ep == Endpoint::MistralFim || ep == Endpoint::OllamaGenerate ||
         ep == Endpoint::LlamaCpp;
}

RequestFields read_fields(Endpoint ep, const json& body, std::string_view path) {
  RequestFields f;
  f.model = string_field(body, "model");
  if (ep == Endpoint::GeminiStream || ep == Endpoint::GeminiGenerate || f.model.empty()) {
    std::string from_path = model_from_path(path);
    if (!from_path.empty()) f.model = from_path;
  }
  if (f.model.empty()) f.model = ep == Endpoint::LlamaCpp ? "llama.cpp" : "unknown";

  switch (ep) {
    case Endpoint::GeminiStream: f.stream = true; break;
    case Endpoint::GeminiGenerate: f.stream = false; break;
    case Endpoint::OllamaChat:
    case Endpoint::OllamaGenerate: f.stream = bool_field(body, "stream", true); break;  // Ollama streams by default
    default: f.stream = bool_field(body, "stream", false); break;
  }
  if (auto it = body.find("stream_options"); it != body.end() && it->is_object())
    f.include_usage = bool_field(*it, "include_usage", false);
  f.last_user_text = last_user_text(ep, body);
  f.input_bytes = text_bytes(body);
  return f;
}

}  // namespace byok::emu
