// The provider emulator: a loopback HTTP and HTTPS server that answers like the real AI providers do,
// byte for byte (OpenAI chat + legacy completions, Anthropic messages, Gemini, Ollama, Mistral FIM,
// llama.cpp), and misbehaves on demand (HTTP errors, mid-stream errors, resets, malformed and huge lines,
// endless and stalled streams).
//
// Why it exists: the engine's streaming clients must be tested against real sockets and real TLS, and the
// faults that matter (a stream cut in the middle of a UTF-8 character, a 429 with Retry-After, a server that
// stops talking) cannot be produced on demand by the real services. Wire formats follow
// shared/docs/providers.md; the SDK fidelity tests (tests/sdk) prove the official SDKs accept them.
//
// Three ways to choose what the emulator does for a request:
//   1. set_scenario(model, Scenario) from C++ ("*" = every model);
//   2. built-in model names (see builtin_models() in scenario.h): emu-401, emu-429, emu-reset, emu-echo, ...;
//      the model list (GET …/models, /api/tags) follows set_scenario(kModelListScenario) only;
//   3. control endpoints on the same ports: POST /_emu/scenario, GET /_emu/requests, POST /_emu/reset,
//      GET /_emu/stats (see control_api.h).
// Precedence: an exact-model scenario, then "*", then a built-in model name, then Normal.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tests/emulator/test_pki.h"

namespace byok::emu {

// What the emulator does for one request.
struct Scenario {
  enum class Kind {
    Normal,          // the reply, well formed
    HttpError,       // `status` with a provider-shaped error body before any streaming
    MidStreamError,  // HTTP 200, `after_tokens` text chunks, then the provider's in-stream error event
    ResetMidStream,  // HTTP 200, `after_tokens` text chunks, then the connection is cut (chunked body unfinished)
    MalformedChunk,  // HTTP 200, `after_tokens` text chunks, then one truncated JSON line, then a clean end
    HugeLine,        // HTTP 200, then one line of `huge_line_bytes` bytes that never ends
    Endless,         // text chunks forever, until the client goes away (hard stop after 10 minutes)
    Stall,           // the first text chunk, then silence until the client goes away or the emulator stops
  };
  Kind kind = Kind::Normal;
  int status = 200;                  // for HttpError (401, 403, 404, 429, 500, 503, 529, 400, ...)
  std::optional<int> retry_after_s;  // Retry-After header on HttpError
  std::string reply;                 // text to stream; empty = the default reply (see reply_text.h)
  bool echo = false;                 // reply = "echo: " + text of the last user message
  int ttft_ms = 0;                   // delay before the first body byte (0 = Options::default_ttft_ms)
  int token_ms = 0;                  // delay between text chunks (0 = Options::default_token_ms)
  size_t huge_line_bytes = 50u << 20;
  int after_tokens = 2;              // mid-stream faults: text chunks sent before the fault
  int times = -1;                    // apply to the next N matching requests, then forget it (-1 = always)
  // HttpError: the error message quotes the credential headers received (Authorization, x-api-key,
  // x-goog-api-key, api-key), as a careless or hostile server might; clients must not repeat them.
  bool echo_credentials = false;

  // Transport fidelity knobs: variants real servers produce that clients must survive.
  bool crlf = false;               // line endings CRLF instead of LF (Gemini always uses CRLF)
  bool comments = false;           // SSE comments (": keep-alive", ": OPENROUTER PROCESSING", ":") between events
  bool usage_null_chunks = false;  // OpenAI-style chunks carry "usage":null and "service_tier" (2025 servers)
  bool one_byte_writes = false;    // the body is written one byte per chunk
  // Chat Completions as a particular OpenAI-compatible server sends it (providers.md §4-§10): "azure",
  // "groq", "vllm", "openrouter", "deepseek", "llamacpp", "mistral"; empty = OpenAI itself.
  std::string flavor;
};

// The pseudo model name whose scenario (an HttpError) applies to model-list requests, which name no model.
inline constexpr const char* kModelListScenario = "_models";

struct Options {
  bool http = true, https = true;
  int http_port = 0, https_port = 0;  // 0 = pick a free port
  std::string cert_dir;               // where ca.pem, server.pem, server-key.pem go (empty = a fresh temp dir)
  std::optional<CertSpec> server_cert;  // the HTTPS server certificate; default: localhost + 127.0.0.1,
                                        // valid now-1h .. now+1d, signed by a fresh test CA
  int rtt_ms = 0;  // emulated round trip: slept when a connection's first request arrives, and again before
                   // each response's first byte
  int default_ttft_ms = 0, default_token_ms = 0;
};

// One request as the emulator saw it. Control endpoints (/_emu/*) are not recorded.
struct RecordedRequest {
  std::string method, path, query;  // query is the raw text after '?', may be empty
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // as received
  std::string remote;               // "addr:port"; identifies the connection
  bool tls = false;
  bool client_closed_early = false;  // the client went away before the response was complete
  bool completed = false;            // the response was written in full
  std::chrono::steady_clock::time_point received, finished;  // finished is set when the response ends
};

class Emulator {
 public:
  explicit Emulator(Options = {});
  ~Emulator();  // stops the servers and joins their threads
  Emulator(const Emulator&) = delete;
  Emulator& operator=(const Emulator&) = delete;

  // Generates the certificates, binds the ports and returns once both servers accept connections.
  // Throws std::runtime_error with a clear message on failure (port taken, cert_dir not writable, ...).
  void start();
  // Stops the servers; stalled and endless streams end within ~10 ms. Called by the destructor.
  void stop();

  int http_port() const;
  int https_port() const;
  std::string http_url() const;   // "http://127.0.0.1:PORT"
  std::string https_url() const;  // "https://localhost:PORT" (the cert is valid for localhost and 127.0.0.1)
  std::string ca_file() const;    // PEM of the test CA that signed the server cert

  void set_scenario(const std::string& model, Scenario s);  // "*" = every model
  void clear_scenarios();

  std::vector<RecordedRequest> requests() const;  // thread-safe snapshot
  void clear_requests();
  int connections_accepted() const;  // distinct TCP connections that sent a request (HTTP + HTTPS)
  int tls_handshakes() const;        // distinct TLS connections that sent a request
  // Waits until request #index has finished (completed, cut, or the client closed); false on timeout.
  bool wait_for_request_end(size_t index, std::chrono::milliseconds timeout) const;

  struct Impl;  // public only so the implementation files can name it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace byok::emu
