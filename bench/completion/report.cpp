#include "bench/completion/report.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "bench/completion/oracle.h"

namespace byok::bench {
namespace {

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t i = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5));
  return v[i];
}

std::string row(const ReplayResult& r) {
  char buf[512];
  const auto& c = r.counters;
  std::snprintf(buf, sizeof buf, "| %-13s | %-8s | %5lld | %5lld | %5lld | %8lld | %7lld | %8lld | %5lld | %5lld | %4lld/%-4lld | %5.0f | %5.0f |\n",
                r.trace.c_str(), r.engine.c_str(), static_cast<long long>(r.keys), static_cast<long long>(c.sent),
                static_cast<long long>(c.cancelled_upstream), static_cast<long long>(c.prompt_tokens),
                static_cast<long long>(c.completion_tokens), static_cast<long long>(c.prompt_tokens + c.completion_tokens),
                static_cast<long long>(r.shown), static_cast<long long>(r.matched), static_cast<long long>(r.pauses_with_ghost),
                static_cast<long long>(r.pauses), percentile(r.pause_latency_ms, 0.5), percentile(r.pause_latency_ms, 0.95));
  return buf;
}

}  // namespace

std::string format_report(const std::vector<ReplayResult>& results, const BenchSetup& setup) {
  std::string out;
  char head[512];
  std::snprintf(head, sizeof head,
                "Emulated provider: time to first token %d ms, %d ms between chunks (~%d tokens/s), %d ms round trip, "
                "HTTPS; the model is right %d%% of the time when the text so far is on track.\n\n",
                setup.ttft_ms, setup.token_ms, setup.token_ms > 0 ? 1000 / setup.token_ms : 0, setup.rtt_ms, kOracleAccuracyPercent);
  out += head;
  out += "| trace         | engine   |  keys |  sent | cancl | prompt t | compl t |   billed | shown | match | pause/ghost |   p50 |   p95 |\n";
  out += "|---------------|----------|------:|------:|------:|---------:|--------:|---------:|------:|------:|------------:|------:|------:|\n";
  std::map<std::string, ReplayResult> totals;
  for (const auto& r : results) {
    out += row(r);
    auto& t = totals[r.engine];
    t.trace = "TOTAL";
    t.engine = r.engine;
    t.keys += r.keys;
    t.counters.sent += r.counters.sent;
    t.counters.cancelled_upstream += r.counters.cancelled_upstream;
    t.counters.prompt_tokens += r.counters.prompt_tokens;
    t.counters.completion_tokens += r.counters.completion_tokens;
    t.shown += r.shown;
    t.matched += r.matched;
    t.pauses += r.pauses;
    t.pauses_with_ghost += r.pauses_with_ghost;
    t.pause_latency_ms.insert(t.pause_latency_ms.end(), r.pause_latency_ms.begin(), r.pause_latency_ms.end());
  }
  for (const auto& [_, t] : totals) out += row(t);
  if (totals.count("byok") && totals.count("naive")) {
    const auto& b = totals["byok"];
    const auto& n = totals["naive"];
    const double billed_b = static_cast<double>(b.counters.prompt_tokens + b.counters.completion_tokens);
    const double billed_n = static_cast<double>(n.counters.prompt_tokens + n.counters.completion_tokens);
    char tail[512];
    std::snprintf(tail, sizeof tail,
                  "\nbilled tokens: byok %.0f vs naive %.0f -> %.1fx fewer (target >= 5x)\n"
                  "p50 keystroke pause -> ghost text: byok %.0f ms vs naive %.0f ms (target: no worse)\n"
                  "billed tokens per matched suggestion: byok %.0f vs naive %.0f\n",
                  billed_b, billed_n, billed_b > 0 ? billed_n / billed_b : 0.0, percentile(b.pause_latency_ms, 0.5),
                  percentile(n.pause_latency_ms, 0.5), b.matched ? billed_b / static_cast<double>(b.matched) : 0.0,
                  n.matched ? billed_n / static_cast<double>(n.matched) : 0.0);
    out += tail;
    if (totals.count("byok lsp")) {
      const auto& l = totals["byok lsp"];
      const double billed_l = static_cast<double>(l.counters.prompt_tokens + l.counters.completion_tokens);
      std::snprintf(tail, sizeof tail,
                    "through byok lsp (a real engine process over JSON-RPC, billed tokens from its usage ledger): "
                    "%.0f billed -> %.1fx fewer than naive; p50 pause -> ghost text %.0f ms (in-process %.0f ms)\n",
                    billed_l, billed_l > 0 ? billed_n / billed_l : 0.0, percentile(l.pause_latency_ms, 0.5),
                    percentile(b.pause_latency_ms, 0.5));
      out += tail;
    }
  }
  out += "\nsent: provider calls; cancl: cut off upstream by a newer request; prompt/compl t: billed tokens (provider "
         "counts, estimates for calls cut off); shown: keys after which ghost text appeared before the next key; "
         "match: shown text was exactly what the user typed next; pause/ghost: pauses (>= 400 ms) with ghost text / "
         "all pauses; p50/p95: ms from the last key before a pause to ghost text.\n";
  return out;
}

}  // namespace byok::bench
