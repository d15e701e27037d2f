// What a client asked for, read from the request the way each provider reads it: which endpoint (by path
// suffix, so base URLs with prefixes such as Groq's /openai/v1 or Azure's /openai/deployments/{dep} work),
// which model, streamed or not, and the text that echo scenarios and token counts need.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace byok::emu {

enum class Endpoint {
  OpenAiChat,      // POST …/chat/completions (OpenAI, Mistral, DeepSeek, Groq, Azure, Ollama /v1, ...)
  OpenAiLegacy,    // POST …/completions (not chat, not fim), incl. DeepSeek …/beta/completions
  MistralFim,      // POST …/fim/completions
  Anthropic,       // POST …/messages
  GeminiStream,    // POST …/models/{m}:streamGenerateContent
  GeminiGenerate,  // POST …/models/{m}:generateContent
  OllamaChat,      // POST /api/chat
  OllamaGenerate,  // POST /api/generate
  LlamaCpp,        // POST …/infill, …/completion
  ListModels,      // GET …/models (shape chosen by the auth headers)
  GetModel,        // GET …/models/{id}
  OllamaTags,      // GET /api/tags
  Health,          // GET …/health (llama.cpp)
  Unknown,
};

Endpoint classify(std::string_view method, std::string_view path);

// Which provider's shape a model-list request wants, from its auth headers and path:
// "anthropic", "gemini" or "openai".
struct AuthHints {
  bool anthropic_version = false, x_api_key = false, goog_api_key = false, key_param = false;
};
std::string_view model_list_family(const AuthHints& hints, std::string_view path);

struct RequestFields {
  std::string model;
  bool stream = false;
  bool include_usage = false;
  std::string last_user_text;  // for echo scenarios
  size_t input_bytes = 0;      // text the client sent, for prompt token counts
};

// Reads the fields of a generation request. `body` must be a JSON object.
RequestFields read_fields(Endpoint ep, const nlohmann::json& body, std::string_view path);

// The model named in a path: Gemini's …/models/{model}:verb, Azure's …/deployments/{dep}/…, or the id of
// a GET …/models/{id}. Empty when the path names none.
std::string model_from_path(std::string_view path);

bool is_fim_endpoint(Endpoint ep);

}  // namespace byok::emu
