#include "protocol/server/streaming.h"

namespace byok::server {
namespace {

Result<Answer> finish(Session& s, const app::Target& t, Result<llm::StreamSummary> r, std::string text) {
  if (!r) return r.error();
  Answer a{std::move(text), *r, std::nullopt};
  if (r->usage) a.cost_usd = s.usage.record(t.endpoint.spec, t.model, *r->usage);
  else a.cost_usd = s.usage.record(t.endpoint.spec, t.model, llm::Usage{});
  return a;
}

}  // namespace

Result<Answer> stream_chat(Session& s, const app::Target& t, llm::ChatRequest req,
                           const std::function<void(const std::string&)>& on_text, const CancelToken& cancel,
                           std::string* partial) {
  req.model = t.model;
  std::string text;
  auto r = s.engine.chat(t.endpoint, req, [&](const llm::Event& ev) {
    if (auto* d = std::get_if<llm::TextDelta>(&ev)) {
      text += d->text;
      if (on_text) on_text(d->text);
    }
  }, cancel, s.call_options());
  if (partial) *partial = text;
  return finish(s, t, std::move(r), std::move(text));
}

Result<Answer> stream_fim(Session& s, const app::Target& t, llm::FimRequest req,
                          const std::function<void(const std::string&)>& on_text, const CancelToken& cancel) {
  req.model = t.model;
  std::string text;
  auto r = s.engine.fim(t.endpoint, req, [&](const llm::Event& ev) {
    if (auto* d = std::get_if<llm::TextDelta>(&ev)) {
      text += d->text;
      if (on_text) on_text(d->text);
    }
  }, cancel, s.call_options());
  return finish(s, t, std::move(r), std::move(text));
}

nlohmann::json usage_json(const Answer& a) {
  nlohmann::json u = nlohmann::json::object();
  if (a.summary.usage) {
    u["inputTokens"] = a.summary.usage->input_tokens;
    u["outputTokens"] = a.summary.usage->output_tokens;
  }
  u["costUsd"] = a.cost_usd ? nlohmann::json(*a.cost_usd) : nlohmann::json();
  return u;
}

std::string strip_code_fence(const std::string& text) {
  size_t b = text.find_first_not_of(" \t\r\n");
  if (b == std::string::npos || text.compare(b, 3, "```") != 0) return text;
  size_t first_nl = text.find('\n', b);
  size_t close = text.rfind("```");
  if (first_nl == std::string::npos || close <= first_nl) return text;
  std::string inner = text.substr(first_nl + 1, close - first_nl - 1);
  return inner;
}

}  // namespace byok::server
