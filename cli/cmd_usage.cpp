// `byok usage [--since D] [--by provider|model|key|day|host|kind] [--json]`: what was spent, from the ledger.
#include <cstdio>
#include <ctime>
#include <iostream>

#include "cli/chat_setup.h"
#include "cli/context.h"
#include "core/usage/budget.h"

namespace byok::cli {
namespace {

struct UsageOptions {
  std::string since = "month", by = "provider";
  bool json = false;
};

// "all", "today", "month" (this calendar month), "7d" (the last 7 days), or a local date "2026-05-01".
Result<int64_t> parse_since(const std::string& s) {
  int64_t now = store::now_ms();
  if (s == "all") return int64_t{0};
  if (s == "today") return usage::local_day_start_ms(now);
  if (s == "month") return usage::local_month_start_ms(now);
  if (s.size() >= 2 && s.size() <= 6 && s.back() == 'd' && s.find_first_not_of("0123456789") == s.size() - 1) {
    int64_t days = std::stoll(s.substr(0, s.size() - 1));
    return usage::local_day_start_ms(now - days * 86'400'000);
  }
  std::tm tm{};
  if (s.size() == 10 && strptime(s.c_str(), "%Y-%m-%d", &tm) != nullptr) {
    tm.tm_isdst = -1;
    return static_cast<int64_t>(std::mktime(&tm)) * 1000;
  }
  return Error(ErrorKind::Config, "--since '" + s + "': expected all, today, month, Nd (e.g. 7d, at most 99999d) or YYYY-MM-DD");
}

nlohmann::json row_json(const store::UsageRow& r) {
  return {{"group", r.group},
          {"requests", r.requests},
          {"input_tokens", r.input_tokens},
          {"output_tokens", r.output_tokens},
          {"estimated_requests", r.estimated_requests},
          {"unpriced_requests", r.unpriced_requests},
          {"cost_usd", r.cost_usd}};
}

void print_row(const store::UsageRow& r) {
  std::string cost = format_usd(r.cost_usd);
  if (r.unpriced_requests) cost += " (+" + std::to_string(r.unpriced_requests) + " unpriced)";
  std::string tokens_in = with_commas(r.input_tokens) + (r.estimated_requests ? "*" : "");
  std::printf("%-36s %8lld %14s %14s  %s\n", r.group.c_str(), static_cast<long long>(r.requests), tokens_in.c_str(),
              with_commas(r.output_tokens).c_str(), cost.c_str());
}

int run_usage(const UsageOptions& o) {
  auto since = parse_since(o.since);
  if (!since) {
    print_error(since.error());
    return kUsage;
  }
  auto group = store::usage_group_from(o.by);
  auto s = open_store();
  if (!s) return kUsage;
  auto rep = s->usage().report(*since, *group);
  if (!rep) {
    print_error(rep.error());
    return kProviderError;
  }
  auto acceptance = s->usage().acceptance(*since);
  if (!acceptance) {
    print_error(acceptance.error());
    return kProviderError;
  }
  if (o.json) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : rep->rows) rows.push_back(row_json(r));
    nlohmann::json completions = nlohmann::json::array();
    for (const auto& a : *acceptance)
      completions.push_back({{"model", a.model}, {"shown", a.shown}, {"accepted", a.accepted},
                             {"accepted_partially", a.accepted_partially}, {"rejected", a.rejected},
                             {"accepted_bytes", a.accepted_bytes}});
    nlohmann::json j{{"since_ms", *since}, {"by", o.by}, {"rows", rows}, {"total", row_json(rep->total)},
                     {"completions", completions}};
    std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
    return kOk;
  }
  std::printf("%-36s %8s %14s %14s  %s\n", o.by.c_str(), "REQUESTS", "INPUT TOK", "OUTPUT TOK", "COST (USD)");
  for (const auto& r : rep->rows) print_row(r);
  std::printf("%s\n", std::string(90, '-').c_str());
  print_row(rep->total);
  if (rep->total.estimated_requests) std::printf("* includes estimated token counts (~4 bytes per token)\n");
  if (!acceptance->empty()) {
    // What the completion calls bought: suggestions shown in editors and how many were taken.
    std::printf("\n%-36s %8s %9s %9s %9s\n", "inline completion", "SHOWN", "ACCEPTED", "PARTIAL", "RATE");
    for (const auto& a : *acceptance) {
      const double rate = a.shown > 0 ? 100.0 * double(a.accepted + a.accepted_partially) / double(a.shown) : 0.0;
      std::printf("%-36s %8lld %9lld %9lld %8.0f%%\n", a.model.c_str(), static_cast<long long>(a.shown),
                  static_cast<long long>(a.accepted), static_cast<long long>(a.accepted_partially), rate);
    }
  }
  return kOk;
}

}  // namespace

void register_usage(CLI::App& app, Context&) {
  auto o = std::make_shared<UsageOptions>();
  auto* cmd = app.add_subcommand("usage", "Requests, tokens and cost from the usage ledger");
  cmd->add_option("--since", o->since, "all, today, month (default), Nd, or YYYY-MM-DD");
  cmd->add_option("--by", o->by, "Group by provider, model, key, day, host or kind")
      ->check(CLI::IsMember({"provider", "model", "key", "day", "host", "kind"}));
  cmd->add_flag("--json", o->json, "One JSON object with rows and total");
  cmd->callback([o] { throw CLI::RuntimeError(run_usage(*o)); });
}

}  // namespace byok::cli
