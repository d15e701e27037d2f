#include "protocol/server/streaming.h"

namespace byok::server {
namespace {

// Budget check before the first byte, a ledger row afterwards (host "lsp"/"nvim"), whatever the kind.
Result<Answer> metered(Session& s, const std::string& kind,
                       const std::function<void(const std::string&)>& on_text, std::string* partial,
                       const std::function<usage::MeteredResult(usage::MeteredEngine&, const usage::Meter&,
                                                                const llm::EventCallback&)>& send) {
  auto svc = s.services();
  if (!svc) return svc.error();
  usage::Meter meter;
  meter.host = s.host;
  meter.kind = kind;
  auto m = send((*svc)->metered(), meter, [&](const llm::Event& ev) {
    if (auto* d = std::get_if<llm::TextDelta>(&ev))
      if (on_text) on_text(d->text);
  });
  if (partial) *partial = m.text;
  if (!m.result) return m.result.error();
  return Answer{std::move(m.text), *m.result, m.usage.cost_usd};
}

}  // namespace

Result<Answer> stream_chat(Session& s, const app::Target& t, llm::ChatRequest req,
                           const std::function<void(const std::string&)>& on_text, const CancelToken& cancel,
                           std::string* partial, const std::string& kind) {
  req.model = t.model;
  return metered(s, kind, on_text, partial, [&](usage::MeteredEngine& e, const usage::Meter& meter,
                                                   const llm::EventCallback& emit) {
    return e.chat(t.endpoint, req, meter, emit, cancel, s.call_options());
  });
}

Result<Answer> stream_fim(Session& s, const app::Target& t, llm::FimRequest req,
                          const std::function<void(const std::string&)>& on_text, const CancelToken& cancel,
                          const std::string& kind) {
  req.model = t.model;
  return metered(s, kind, on_text, nullptr, [&](usage::MeteredEngine& e, const usage::Meter& meter,
                                                   const llm::EventCallback& emit) {
    return e.fim(t.endpoint, req, meter, emit, cancel, s.call_options());
  });
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
