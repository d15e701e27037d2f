#include "tests/emulator/wire.h"

#include "tests/emulator/json_style.h"
#include "tests/emulator/scenario.h"

namespace byok::emu {

std::string sse_data(const ojson& j) { return "data: " + j.dump() + "\n\n"; }

std::string sse_event(std::string_view name, const ojson& j) {
  return "event: " + std::string(name) + "\ndata: " + j.dump() + "\n\n";
}

std::string ndjson_line(const ojson& j) { return go_style(j.dump()) + "\n"; }

std::string truncate_event(std::string_view event) {
  size_t body_end = event.size();
  while (body_end > 0 && (event[body_end - 1] == '\n' || event[body_end - 1] == '\r')) --body_end;
  const std::string_view terminator = event.substr(body_end);
  const std::string_view body = event.substr(0, body_end);
  const size_t last_line = body.find_last_of('\n') == std::string_view::npos ? 0 : body.find_last_of('\n') + 1;
  const size_t keep = last_line + (body.size() - last_line) / 2;
  return std::string(body.substr(0, keep)) + std::string(terminator);
}

std::string_view status_text(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 529: return "Overloaded";
    default: return status >= 500 ? "Server Error" : "Client Error";
  }
}

std::vector<std::string> listed_model_ids(std::string_view family) {
  std::vector<std::string> ids;
  if (family == "openai") ids = {"gpt-4o-mini", "gpt-4o", "gpt-3.5-turbo-instruct", "codestral-latest"};
  else if (family == "anthropic") ids = {"claude-sonnet-4-5", "claude-3-5-haiku-latest"};
  else if (family == "gemini") ids = {"gemini-2.0-flash", "gemini-2.5-pro"};
  else if (family == "ollama") ids = {"llama3.2:latest", "qwen2.5-coder:1.5b"};
  for (const auto& [name, scenario] : builtin_models()) ids.push_back(name);
  return ids;
}

}  // namespace byok::emu
