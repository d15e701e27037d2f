// A Wire is one provider dialect answering one request: it turns "here is a piece of text" or "fail now"
// into the exact bytes that provider sends. The stream driver (stream_driver.h) decides *when* and *what*
// from the Scenario; the Wire only knows the format. One wire_*.cpp file per provider family.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace byok::emu {

using Headers = std::vector<std::pair<std::string, std::string>>;

// What a dialect needs to know about the request it answers.
struct Exchange {
  std::string model;
  std::string id;             // unique per request; each dialect adds its own prefix (chatcmpl-, msg_, ...)
  std::int64_t created = 0;   // unix seconds
  int prompt_tokens = 1;
  bool stream = false;
  bool include_usage = false;      // OpenAI stream_options.include_usage
  bool usage_null_chunks = false;  // Scenario::usage_null_chunks
};

// A complete (non-streamed) HTTP answer.
struct HttpBody {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  Headers headers;
};

class Wire {
 public:
  explicit Wire(Exchange x) : x_(std::move(x)) {}
  virtual ~Wire() = default;
  const Exchange& exchange() const { return x_; }

  // ---- streaming; every returned string is one whole framed event (line endings LF unless CRLF is native)
  virtual std::string stream_content_type() const { return "text/event-stream"; }
  virtual bool is_sse() const { return true; }           // false for NDJSON: no comments there
  virtual std::string data_line_prefix() const { return "data: "; }  // what starts a huge line
  virtual std::vector<std::string> stream_head() const = 0;           // before the first text
  // One text chunk; `tokens_so_far` = completion tokens including this piece.
  virtual std::string stream_text(std::string_view piece, int tokens_so_far) const = 0;
  virtual std::vector<std::string> stream_tail(int completion_tokens) const = 0;  // finish, usage, sentinel
  virtual std::string stream_error() const = 0;  // the provider's in-stream error (MidStreamError)

  // ---- whole responses
  virtual HttpBody complete(std::string_view text, int completion_tokens) const = 0;
  virtual HttpBody error(int status) const = 0;  // provider-shaped error body for an HTTP status
  virtual Headers response_headers() const { return {}; }  // request ids etc., on every answer

 protected:
  Exchange x_;
};

// Framing helpers shared by the dialects.
using ojson = nlohmann::ordered_json;
std::string sse_data(const ojson& j);                            // "data: {json}\n\n"
std::string sse_event(std::string_view name, const ojson& j);    // "event: name\ndata: {json}\n\n"
std::string ndjson_line(const ojson& j);                         // "{json}\n" (Go escaping)

// The truncated form of a framed event for MalformedChunk: its last line cut in the middle, the frame's
// terminating line breaks kept so that the client dispatches (and must reject) the broken JSON.
std::string truncate_event(std::string_view event);

// The canonical reason phrase of an HTTP status (529 = "Overloaded", as Anthropic sends it).
std::string_view status_text(int status);

// ---- the dialects
std::unique_ptr<Wire> make_openai_chat(Exchange x);
std::unique_ptr<Wire> make_openai_legacy_completion(Exchange x);  // also DeepSeek /beta/completions
std::unique_ptr<Wire> make_mistral_fim(Exchange x);
std::unique_ptr<Wire> make_anthropic_messages(Exchange x);
std::unique_ptr<Wire> make_gemini(Exchange x);
std::unique_ptr<Wire> make_ollama_chat(Exchange x);
std::unique_ptr<Wire> make_ollama_generate(Exchange x);
std::unique_ptr<Wire> make_llamacpp_completion(Exchange x);  // /completion and /infill

// ---- model lists and single models, in each provider's shape
HttpBody openai_models();
HttpBody openai_model(const std::string& id);
HttpBody anthropic_models();
HttpBody anthropic_model(const std::string& id);
HttpBody gemini_models();
HttpBody gemini_model(const std::string& id);
HttpBody ollama_tags();

// ---- errors that happen before a dialect is chosen (bad auth headers, unknown routes, bad JSON)
HttpBody gemini_error_body(int status);
HttpBody gemini_missing_key();
HttpBody anthropic_error_body(int status, const std::string& type, const std::string& message);
HttpBody openai_error_body(int status, const std::string& message, const std::string& type, const std::string& code);
HttpBody ollama_error_body(int status, const std::string& message);

// The emulator's model ids: a few plausible names plus the built-in scenario models.
std::vector<std::string> listed_model_ids(std::string_view family);  // "openai", "anthropic", "gemini", "ollama"

}  // namespace byok::emu
