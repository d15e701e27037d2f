#include "core/usage/metered_engine.h"

#include <chrono>

#include "core/store/sqlite.h"
#include "core/usage/estimate.h"
#include "core/util/log.h"

namespace byok::usage {

store::UsageRecord usage_record(const llm::Endpoint& ep, const std::string& model, const Meter& meter,
                                int64_t prompt_tokens_estimate, const Observed& seen,
                                const Result<llm::StreamSummary>& result) {
  store::UsageRecord r;
  r.time_ms = seen.start_ms;
  r.host = meter.host;
  r.kind = meter.kind;
  r.provider = ep.spec.name;
  r.model = model;
  r.key_name = meter.key_name;
  r.conversation_id = meter.conversation_id;
  r.ttft_ms = seen.ttft_ms;
  r.duration_ms = seen.duration_ms;
  if (result) {
    r.outcome = "ok";
  } else {
    r.outcome = result.error().kind == ErrorKind::Cancelled ? "cancelled" : "failed";
  }
  std::optional<llm::Usage> usage = seen.usage;
  if (result && result->usage) usage = result->usage;
  if (usage && (usage->input_tokens > 0 || usage->output_tokens > 0)) {
    r.input_tokens = usage->input_tokens;
    r.output_tokens = usage->output_tokens;
  } else {
    r.estimated = true;
    bool started = result.ok() || !seen.text.empty() || result.error().kind == ErrorKind::Cancelled;
    r.input_tokens = started ? prompt_tokens_estimate : 0;
    r.output_tokens = estimate_tokens(seen.text);
  }
  if (usage && usage->cost_usd) {
    r.cost_usd = usage->cost_usd;
    r.cost_source = "provider";
  } else if (auto priced = price_usd(ep.spec, model, r.input_tokens, r.output_tokens)) {
    r.cost_usd = priced;
    r.cost_source = "price_table";
  } else if (ep.spec.local) {
    r.cost_usd = 0.0;  // a server on the user's own machine bills nothing (unless config gives it prices)
    r.cost_source = "local";
  } else if (r.input_tokens == 0 && r.output_tokens == 0) {
    r.cost_usd = 0.0;  // nothing was processed: nothing to bill, priced or not
    r.cost_source = "none";
  }
  return r;
}

MeteredResult MeteredEngine::chat(const llm::Endpoint& ep, const llm::ChatRequest& req, const Meter& meter,
                                  const llm::EventCallback& emit, const CancelToken& cancel,
                                  const llm::CallOptions& opts) {
  return run(ep, req.model, estimate_prompt_tokens(req), meter, emit,
             [&](const llm::EventCallback& e) { return engine_.chat(ep, req, e, cancel, opts); });
}

MeteredResult MeteredEngine::fim(const llm::Endpoint& ep, const llm::FimRequest& req, const Meter& meter,
                                 const llm::EventCallback& emit, const CancelToken& cancel,
                                 const llm::CallOptions& opts) {
  return run(ep, req.model, estimate_fim_tokens(req), meter, emit,
             [&](const llm::EventCallback& e) { return engine_.fim(ep, req, e, cancel, opts); });
}

MeteredResult MeteredEngine::run(const llm::Endpoint& ep, const std::string& model, int64_t prompt_tokens,
                                 const Meter& meter, const llm::EventCallback& emit, const Send& send) {
  MeteredResult out;
  auto warnings = budgets_.check(ep.spec.name, meter.key_name, price_usd(ep.spec, model, prompt_tokens, 0));
  if (!warnings) {
    out.result = warnings.error();
    return out;
  }
  if (meter.on_budget_warning)
    for (const auto& w : *warnings) meter.on_budget_warning(w);

  Observed seen;
  seen.start_ms = store::now_ms();
  auto t0 = std::chrono::steady_clock::now();
  auto since_start = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  };
  out.result = send([&](const llm::Event& ev) {
    if (const auto* d = std::get_if<llm::TextDelta>(&ev)) {
      if (seen.ttft_ms < 0) seen.ttft_ms = since_start();
      seen.text += d->text;
    } else if (const auto* u = std::get_if<llm::Usage>(&ev)) {
      seen.usage = *u;
    }
    if (emit) emit(ev);
  });
  seen.duration_ms = since_start();
  out.usage = usage_record(ep, model, meter, prompt_tokens, seen, out.result);
  if (auto id = ledger_.record(out.usage)) {
    out.usage.id = *id;
  } else {
    // The answer already reached the user; a ledger failure must not turn it into an error.
    log::error("usage ledger: " + id.error().message);
  }
  out.text = std::move(seen.text);
  return out;
}

}  // namespace byok::usage
