#include "tests/emulator/router.h"

#include <httplib.h>
#include <openssl/ssl.h>
#include <poll.h>

#include <chrono>
#include <cstdio>
#include <memory>

#include "tests/emulator/control_api.h"
#include "tests/emulator/reply_text.h"
#include "tests/emulator/request_fields.h"
#include "tests/emulator/stream_driver.h"
#include "tests/emulator/wire.h"

namespace byok::emu {
namespace {

using Kind = Scenario::Kind;
using std::chrono::milliseconds;

// Adapts cpp-httplib's DataSink to the driver's BodySink.
class HttplibSink final : public BodySink {
 public:
  HttplibSink(httplib::DataSink& sink, int tls_fd) : sink_(sink), tls_fd_(tls_fd) {}
  bool write(std::string_view bytes) override { return sink_.write(bytes.data(), bytes.size()); }
  // DataSink::is_writable peeks at the socket (cpp-httplib 0.11 is_socket_alive) and sees a plain-HTTP peer
  // leave. A TLS peer sends close_notify before its FIN, so the peek finds data and calls it alive; for TLS
  // we therefore also ask the kernel whether the peer has shut its side down.
  bool client_alive() override {
    if (!sink_.is_writable()) return false;
    if (tls_fd_ < 0) return true;
    pollfd p{tls_fd_, POLLRDHUP, 0};
    return ::poll(&p, 1, 0) == 0 || (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) == 0;
  }

 private:
  httplib::DataSink& sink_;
  int tls_fd_;
};

// The socket under a TLS request, for HttplibSink's hang-up check; -1 for plain HTTP.
int tls_fd_of(const httplib::Request& req) { return req.ssl ? SSL_get_fd(req.ssl) : -1; }

RequestLog::End to_log_end(StreamEnd e) {
  switch (e) {
    case StreamEnd::Completed: return RequestLog::End::Completed;
    case StreamEnd::ClientClosed: return RequestLog::End::ClientClosed;
    case StreamEnd::ServerCut: return RequestLog::End::ServerCut;
  }
  return RequestLog::End::ServerCut;
}

RecordedRequest record_of(const httplib::Request& req, bool tls) {
  RecordedRequest r;
  r.method = req.method;
  r.path = req.path;
  if (auto q = req.target.find('?'); q != std::string::npos) r.query = req.target.substr(q + 1);
  r.body = req.body;
  for (const auto& [k, v] : req.headers)
    if (k != "REMOTE_ADDR" && k != "REMOTE_PORT" && k != "LOCAL_ADDR" && k != "LOCAL_PORT") r.headers.emplace_back(k, v);
  r.remote = req.remote_addr + ":" + std::to_string(req.remote_port);
  r.tls = tls;
  r.received = std::chrono::steady_clock::now();
  return r;
}

std::string new_id(ServerContext& ctx) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "emu%08llx", static_cast<unsigned long long>(++ctx.next_id));
  return buf;
}

void set_headers(httplib::Response& res, const Headers& headers) {
  for (const auto& [k, v] : headers) res.set_header(k, v);
}

// Every answer goes through a content provider so that the releaser tells the log how the write ended.
void respond(ServerContext& ctx, httplib::Response& res, size_t log_id, HttpBody body, const Headers& extra = {}) {
  res.status = body.status;
  set_headers(res, body.headers);
  set_headers(res, extra);
  auto text = std::make_shared<std::string>(std::move(body.body));
  RequestLog& log = ctx.log;
  res.set_content_provider(
      text->size(), body.content_type,
      [text](size_t offset, size_t length, httplib::DataSink& sink) { return sink.write(text->data() + offset, length); },
      [&log, log_id](bool success) {
        log.end(log_id, success ? RequestLog::End::Completed : RequestLog::End::ClientClosed);
      });
}

// A body produced over time by the stream driver, sent with chunked transfer encoding.
using Player = std::function<StreamEnd(BodySink&)>;
void respond_chunked(ServerContext& ctx, const httplib::Request& req, httplib::Response& res, size_t log_id,
                     const std::string& content_type, Player play) {
  res.status = 200;
  auto end = std::make_shared<std::optional<StreamEnd>>();
  RequestLog& log = ctx.log;
  res.set_chunked_content_provider(
      content_type,
      [end, play = std::move(play), fd = tls_fd_of(req)](size_t, httplib::DataSink& sink) {
        HttplibSink body(sink, fd);
        *end = play(body);
        if (**end != StreamEnd::Completed) return false;  // cpp-httplib then drops the connection mid-body
        sink.done();
        return true;
      },
      [&log, log_id, end](bool success) {
        // No outcome means the provider never ran: the connection failed before the body started.
        log.end(log_id, end->has_value() ? to_log_end(**end)
                                         : (success ? RequestLog::End::Completed : RequestLog::End::ClientClosed));
      });
}

std::unique_ptr<Wire> make_wire(Endpoint ep, Exchange x) {
  switch (ep) {
    case Endpoint::OpenAiChat: return make_openai_chat(std::move(x));
    case Endpoint::OpenAiLegacy: return make_openai_legacy_completion(std::move(x));
    case Endpoint::MistralFim: return make_mistral_fim(std::move(x));
    case Endpoint::Anthropic: return make_anthropic_messages(std::move(x));
    case Endpoint::GeminiStream:
    case Endpoint::GeminiGenerate: return make_gemini(std::move(x));
    case Endpoint::OllamaChat: return make_ollama_chat(std::move(x));
    case Endpoint::OllamaGenerate: return make_ollama_generate(std::move(x));
    default: return make_llamacpp_completion(std::move(x));
  }
}

AuthHints auth_hints(const httplib::Request& req) {
  AuthHints h;
  h.anthropic_version = req.has_header("anthropic-version");
  h.x_api_key = req.has_header("x-api-key");
  h.goog_api_key = req.has_header("x-goog-api-key");
  h.key_param = req.has_param("key");
  return h;
}

// The real APIs check credentials before anything else; so do we (and no Scenario is consumed).
std::optional<HttpBody> auth_failure(Endpoint ep, const httplib::Request& req) {
  const bool anthropic = ep == Endpoint::Anthropic ||
                         ((ep == Endpoint::ListModels || ep == Endpoint::GetModel) &&
                          model_list_family(auth_hints(req), req.path) == "anthropic");
  const bool gemini = ep == Endpoint::GeminiStream || ep == Endpoint::GeminiGenerate ||
                      ((ep == Endpoint::ListModels || ep == Endpoint::GetModel) &&
                       model_list_family(auth_hints(req), req.path) == "gemini");
  if (anthropic) {
    const bool bearer = req.get_header_value("Authorization").rfind("Bearer ", 0) == 0;
    if (!req.has_header("x-api-key") && !bearer)
      return anthropic_error_body(401, "authentication_error", "x-api-key header is required");
    if (!req.has_header("anthropic-version"))
      return anthropic_error_body(400, "invalid_request_error", "anthropic-version: header is required");
  }
  if (gemini && !req.has_header("x-goog-api-key") && !req.has_param("key")) return gemini_missing_key();
  return std::nullopt;
}

// A server that repeats the credentials it received in its error message (some proxies and self-hosted
// servers do): the error keeps its provider's shape, only the message changes.
HttpBody echo_credentials(HttpBody error, const httplib::Request& req) {
  std::string quoted;
  for (const char* name : {"Authorization", "x-api-key", "x-goog-api-key", "api-key"})
    if (req.has_header(name)) quoted += std::string(quoted.empty() ? "" : ", ") + name + ": " + req.get_header_value(name);
  const std::string message = "Invalid key: " + (quoted.empty() ? std::string("none given") : quoted);
  auto j = nlohmann::json::parse(error.body, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return error;
  if (j.contains("error") && j["error"].is_object()) j["error"]["message"] = message;
  else if (j.contains("error") && j["error"].is_string()) j["error"] = message;  // Ollama
  else j["message"] = message;
  error.body = j.dump();
  return error;
}

// The model list under a test's scenario (set for kModelListScenario): only HTTP errors apply.
std::optional<HttpBody> model_list_failure(ServerContext& ctx, Endpoint ep, const httplib::Request& req) {
  auto s = ctx.scenarios.take_exact(kModelListScenario);
  if (!s || s->kind != Kind::HttpError) return std::nullopt;
  const std::string_view family = model_list_family(auth_hints(req), req.path);
  HttpBody error = ep == Endpoint::OllamaTags ? ollama_error_body(s->status, "unauthorized")
                   : family == "anthropic"    ? anthropic_error_body(s->status, "authentication_error", "invalid x-api-key")
                   : family == "gemini"       ? gemini_error_body(s->status)
                                              : openai_error_body(s->status, "Incorrect API key provided", "invalid_request_error",
                                                                  "invalid_api_key");
  return s->echo_credentials ? echo_credentials(std::move(error), req) : error;
}

HttpBody model_info(Endpoint ep, const httplib::Request& req) {
  const std::string_view family = model_list_family(auth_hints(req), req.path);
  if (ep == Endpoint::OllamaTags) return ollama_tags();
  if (ep == Endpoint::ListModels) {
    if (family == "anthropic") return anthropic_models();
    if (family == "gemini") return gemini_models();
    return openai_models();
  }
  const std::string id = model_from_path(req.path);
  if (family == "anthropic") return anthropic_model(id);
  if (family == "gemini") return gemini_model(id);
  return openai_model(id);
}

HttpBody bad_json_body(Endpoint ep) {
  const std::string msg = "We could not parse the JSON body of your request.";
  switch (ep) {
    case Endpoint::Anthropic: return anthropic_error_body(400, "invalid_request_error", msg);
    case Endpoint::GeminiStream:
    case Endpoint::GeminiGenerate: return gemini_error_body(400);
    case Endpoint::OllamaChat:
    case Endpoint::OllamaGenerate: return ollama_error_body(400, "invalid character in request body");
    default: return openai_error_body(400, msg, "invalid_request_error", "");
  }
}

std::string reply_text(const Scenario& s, Endpoint ep, const RequestFields& f) {
  if (!s.reply.empty()) return s.reply;
  if (s.echo) return "echo: " + f.last_user_text;
  return std::string(is_fim_endpoint(ep) ? default_fim_reply() : default_chat_reply());
}

// Non-streamed answers under a Scenario: faults that need a stream degrade to their closest whole-body form.
void respond_whole(ServerContext& ctx, const httplib::Request& req, httplib::Response& res, size_t log_id, const Wire& wire, const Scenario& s,
                   const StreamPlan& plan, const std::string& text, const Headers& headers) {
  const StopSignal& stop = ctx.stop;
  HttpBody whole = wire.complete(text, estimate_tokens(text.size()));
  switch (s.kind) {
    case Kind::MidStreamError:  // no stream to fail in: the server fails the whole request instead
      return respond(ctx, res, log_id, wire.error(500), headers);
    case Kind::MalformedChunk:
      whole.body.resize(whole.body.size() / 2);
      return respond(ctx, res, log_id, std::move(whole), headers);
    case Kind::ResetMidStream: {
      // Content-Length promises the whole body; half of it arrives, then the connection drops.
      set_headers(res, headers);
      auto body = std::make_shared<std::string>(std::move(whole.body));
      auto log_end = [&log = ctx.log, log_id](bool) { log.end(log_id, RequestLog::End::ServerCut); };
      res.status = 200;
      res.set_content_provider(
          body->size(), whole.content_type,
          [body](size_t offset, size_t, httplib::DataSink& sink) {
            if (offset == 0) sink.write(body->data(), body->size() / 2);
            return false;
          },
          log_end);
      return;
    }
    case Kind::HugeLine:
    case Kind::Endless: {
      set_headers(res, headers);
      const size_t total = s.kind == Kind::HugeLine ? s.huge_line_bytes : 0;
      return respond_chunked(ctx, req, res, log_id, whole.content_type, [&stop, total, ttft = plan.ttft](BodySink& sink) {
        if (!stop.sleep_for(ttft)) return StreamEnd::ServerCut;
        return play_filler("{\"filler\":\"", total, sink, stop);
      });
    }
    case Kind::Stall:
      set_headers(res, headers);
      return respond_chunked(ctx, req, res, log_id, whole.content_type, [&stop](BodySink& sink) { return play_stall(sink, stop); });
    default:
      // A whole answer arrives when generation would have finished.
      stop.sleep_for(plan.ttft + plan.token_gap * static_cast<int>(plan.pieces.size()));
      return respond(ctx, res, log_id, std::move(whole), headers);
  }
}

void generate(ServerContext& ctx, const httplib::Request& req, httplib::Response& res, size_t log_id, Endpoint ep) {
  const nlohmann::json body = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) return respond(ctx, res, log_id, bad_json_body(ep));

  const RequestFields f = read_fields(ep, body, req.path);
  const Scenario s = ctx.scenarios.take(f.model);

  Exchange x;
  x.model = f.model;
  x.id = new_id(ctx);
  x.created = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  x.prompt_tokens = estimate_tokens(f.input_bytes);
  x.stream = f.stream;
  x.include_usage = f.include_usage;
  x.usage_null_chunks = s.usage_null_chunks;
  x.flavor = s.flavor;
  auto wire = std::shared_ptr<Wire>(make_wire(ep, std::move(x)));
  const Headers headers = wire->response_headers();

  if (s.kind == Kind::HttpError) {
    Headers extra = headers;
    if (s.retry_after_s) extra.emplace_back("Retry-After", std::to_string(*s.retry_after_s));
    HttpBody error = wire->error(s.status);
    if (s.echo_credentials) error = echo_credentials(std::move(error), req);
    return respond(ctx, res, log_id, std::move(error), extra);
  }

  const std::string text = reply_text(s, ep, f);
  StreamPlan plan;
  plan.scenario = s;
  plan.pieces = split_reply(text);
  plan.ttft = milliseconds(s.ttft_ms > 0 ? s.ttft_ms : ctx.options.default_ttft_ms);
  plan.token_gap = milliseconds(s.token_ms > 0 ? s.token_ms : ctx.options.default_token_ms);

  if (!f.stream) return respond_whole(ctx, req, res, log_id, *wire, s, plan, text, headers);

  set_headers(res, headers);
  res.set_header("Cache-Control", "no-cache");
  const StopSignal& stop = ctx.stop;
  respond_chunked(ctx, req, res, log_id, wire->stream_content_type(),
                  [wire, plan = std::move(plan), &stop](BodySink& sink) { return play_stream(*wire, plan, sink, stop); });
}

}  // namespace

void serve(ServerContext& ctx, const httplib::Request& req, httplib::Response& res, bool tls) {
  if (req.path.rfind("/_emu/", 0) == 0) return handle_control(ctx, req, res);

  const size_t log_id = ctx.log.begin(record_of(req, tls));
  const bool new_connection = ctx.log.note_connection(req.remote_addr + ":" + std::to_string(req.remote_port), tls);
  const milliseconds rtt(ctx.options.rtt_ms);
  if (rtt.count() > 0) {
    if (new_connection) ctx.stop.sleep_for(rtt);  // the handshake round trip(s) a new connection costs
    ctx.stop.sleep_for(rtt);                      // request out, first response byte back
  }

  const Endpoint ep = classify(req.method, req.path);
  if (auto failure = auth_failure(ep, req)) return respond(ctx, res, log_id, std::move(*failure));
  switch (ep) {
    case Endpoint::ListModels:
    case Endpoint::GetModel:
    case Endpoint::OllamaTags:
      if (auto failure = model_list_failure(ctx, ep, req)) return respond(ctx, res, log_id, std::move(*failure));
      return respond(ctx, res, log_id, model_info(ep, req));
    case Endpoint::Health: return respond(ctx, res, log_id, HttpBody{200, "application/json", R"({"status":"ok"})", {}});
    case Endpoint::Unknown:
      return respond(ctx, res, log_id,
                     openai_error_body(404,
                                       "Unknown request URL: " + req.method + " " + req.path +
                                           ". Please check the URL for typos, or see the docs at "
                                           "https://platform.openai.com/docs/api-reference/.",
                                       "invalid_request_error", "unknown_url"));
    default: return generate(ctx, req, res, log_id, ep);
  }
}

}  // namespace byok::emu
