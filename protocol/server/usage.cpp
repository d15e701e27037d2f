// byok/usage: tokens and cost from the shared usage ledger (the same rows as `byok usage`, whichever host
// sent them): today's and this month's totals, this month per model, and this month's rows.
#include <chrono>
#include <ctime>

#include "protocol/server/handlers.h"

namespace byok::server {
namespace {

// Local midnight today, or of the first of this month, in ms since the epoch.
int64_t local_start_ms(bool month) {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  ::localtime_r(&now, &tm);
  tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
  if (month) tm.tm_mday = 1;
  tm.tm_isdst = -1;
  return static_cast<int64_t>(std::mktime(&tm)) * 1000;
}

nlohmann::json cost_json(const store::UsageRow& r) {
  // Unknown when every request lacked a price; otherwise the known part (unpricedRequests says how many not).
  return r.requests > 0 && r.unpriced_requests == r.requests ? nlohmann::json() : nlohmann::json(r.cost_usd);
}

nlohmann::json totals_json(const store::UsageRow& r) {
  return {{"requests", r.requests}, {"inputTokens", r.input_tokens}, {"outputTokens", r.output_tokens},
          {"costUsd", cost_json(r)}, {"estimatedRequests", r.estimated_requests},
          {"unpricedRequests", r.unpriced_requests}};
}

}  // namespace

void register_usage(rpc::Dispatcher& d, Session& s) {
  d.on_request("byok/usage", rpc::Dispatcher::Run::Worker,
               [&s](const nlohmann::json& params, rpc::Reply reply, const CancelToken&) {
    rpc::Params p(params);
    if (!p.ok()) return reply.error(p.error());
    auto svc = s.services();
    if (!svc) return reply.error(svc.error());
    auto& ledger = (*svc)->store().usage();
    auto today = ledger.report(local_start_ms(false), store::UsageGroup::Model);
    if (!today) return reply.error(today.error());
    auto month = ledger.report(local_start_ms(true), store::UsageGroup::Model);
    if (!month) return reply.error(month.error());
    auto rows = ledger.since(local_start_ms(true));
    if (!rows) return reply.error(rows.error());
    nlohmann::json by_model = nlohmann::json::array();
    for (const auto& r : month->rows) {
      auto j = totals_json(r);
      j["model"] = r.group;
      by_model.push_back(j);
    }
    nlohmann::json list = nlohmann::json::array();
    for (const auto& r : *rows) {
      list.push_back({{"timeMs", r.time_ms}, {"host", r.host}, {"kind", r.kind}, {"provider", r.provider},
                      {"model", r.model}, {"keyName", r.key_name}, {"inputTokens", r.input_tokens},
                      {"outputTokens", r.output_tokens}, {"estimated", r.estimated}, {"outcome", r.outcome},
                      {"costUsd", r.cost_usd ? nlohmann::json(*r.cost_usd) : nlohmann::json()}});
    }
    // Inline completion acceptance this month, per model.
    auto acceptance = ledger.acceptance(local_start_ms(true));
    if (!acceptance) return reply.error(acceptance.error());
    nlohmann::json completions = nlohmann::json::array();
    for (const auto& a : *acceptance) {
      completions.push_back({{"model", a.model}, {"shown", a.shown}, {"accepted", a.accepted},
                             {"acceptedPartially", a.accepted_partially}, {"rejected", a.rejected},
                             {"acceptedBytes", a.accepted_bytes},
                             {"acceptanceRate", a.shown > 0 ? nlohmann::json(double(a.accepted + a.accepted_partially) / double(a.shown))
                                                            : nlohmann::json()}});
    }
    reply(nlohmann::json{{"scope", "ledger"}, {"total", totals_json(month->total)}, {"today", totals_json(today->total)},
                         {"month", totals_json(month->total)}, {"byModel", by_model}, {"rows", list},
                         {"completions", completions}});
  });
}

}  // namespace byok::server
