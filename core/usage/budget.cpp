#include "core/usage/budget.h"

#include <cmath>
#include <cstdio>
#include <ctime>

#include "core/config/schema.h"
#include "core/store/sqlite.h"

namespace byok::usage {
namespace {

const config::Schema& budget_schema() {
  static const config::Schema s = config::Schema::map_of(config::Schema::object({
      {"daily_usd", config::Schema::number()},
      {"monthly_usd", config::Schema::number()},
      {"warn_at", config::Schema::number()},
  }));
  return s;
}

std::string dollars(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "$%.2f", v);
  return buf;
}

Error bad(const std::string& path, const std::string& what) { return Error(ErrorKind::Config, path + ": " + what); }

}  // namespace

Result<std::vector<Budget>> parse_budgets(const nlohmann::json& budgets,
                                          const std::function<bool(const std::string&)>& known_provider) {
  if (budgets.is_null()) return std::vector<Budget>{};
  if (auto st = budget_schema().check(budgets, "budgets"); !st) return st.error();
  std::vector<Budget> out;
  for (const auto& [scope, b] : budgets.items()) {
    std::string path = "budgets." + scope;
    Budget budget;
    budget.scope = scope;
    auto slash = scope.find('/');
    budget.provider = scope.substr(0, slash);
    if (slash != std::string::npos) {
      budget.key_name = scope.substr(slash + 1);
      if (budget.key_name->empty() || budget.key_name->find('/') != std::string::npos)
        return bad(path, "expected \"provider\" or \"provider/key-name\"");
    }
    if (budget.provider.empty()) return bad(path, "expected \"provider\" or \"provider/key-name\"");
    if (known_provider && !known_provider(budget.provider))
      return bad(path, "unknown provider '" + budget.provider + "'");
    for (const char* field : {"daily_usd", "monthly_usd"}) {
      if (!b.contains(field)) continue;
      double v = b[field].get<double>();
      if (!(v >= 0) || !std::isfinite(v)) return bad(path + "." + field, "must be a non-negative amount in USD");
      (std::string(field) == "daily_usd" ? budget.daily_usd : budget.monthly_usd) = v;
    }
    if (!budget.daily_usd && !budget.monthly_usd) return bad(path, "needs \"daily_usd\" or \"monthly_usd\"");
    if (b.contains("warn_at")) {
      budget.warn_at = b["warn_at"].get<double>();
      if (!(budget.warn_at > 0 && budget.warn_at <= 1)) return bad(path + ".warn_at", "must be between 0 and 1 (e.g. 0.8)");
    }
    out.push_back(std::move(budget));
  }
  return out;
}

int64_t local_day_start_ms(int64_t now_ms) {
  std::time_t t = static_cast<std::time_t>(now_ms / 1000);
  std::tm tm{};
  localtime_r(&t, &tm);
  tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
  tm.tm_isdst = -1;
  return static_cast<int64_t>(std::mktime(&tm)) * 1000;
}

int64_t local_month_start_ms(int64_t now_ms) {
  std::time_t t = static_cast<std::time_t>(now_ms / 1000);
  std::tm tm{};
  localtime_r(&t, &tm);
  tm.tm_mday = 1;
  tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
  tm.tm_isdst = -1;
  return static_cast<int64_t>(std::mktime(&tm)) * 1000;
}

Result<std::vector<BudgetWarning>> BudgetGuard::check(const std::string& provider, const std::string& key_name,
                                                      std::optional<double> estimated_cost_usd, int64_t now) const {
  if (now == 0) now = store::now_ms();
  std::vector<BudgetWarning> warnings;
  for (const auto& b : budgets_) {
    if (b.provider != provider || (b.key_name && *b.key_name != key_name)) continue;
    struct Period {
      const char* name;
      std::optional<double> limit;
      int64_t since;
      const char* field;
    };
    for (const Period& p : {Period{"daily", b.daily_usd, local_day_start_ms(now), "daily_usd"},
                            Period{"monthly", b.monthly_usd, local_month_start_ms(now), "monthly_usd"}}) {
      if (!p.limit) continue;
      auto spent = ledger_.spent(b.provider, b.key_name, p.since);
      if (!spent) return spent.error();
      double next = *spent + estimated_cost_usd.value_or(0);
      std::string label = b.scope + " " + p.name + " budget";
      if (*spent >= *p.limit || next > *p.limit) {
        std::string why = *spent >= *p.limit
                              ? dollars(*spent) + " of " + dollars(*p.limit) + " spent"
                              : dollars(*spent) + " of " + dollars(*p.limit) + " spent and this prompt alone costs about " +
                                    dollars(*estimated_cost_usd);
        Error e(ErrorKind::Budget,
                label + " reached: " + why + "; raise budgets." + b.scope + "." + p.field +
                    " in your byok config (" + "see `byok usage --by " + (b.key_name ? "key" : "provider") + "`)",
                provider);
        e.type = "budget_exceeded";
        return e;
      }
      if (*p.limit > 0 && *spent >= b.warn_at * *p.limit) {
        BudgetWarning w;
        w.scope = b.scope;
        w.period = p.name;
        w.spent = *spent;
        w.limit = *p.limit;
        w.message = label + ": " + dollars(*spent) + " of " + dollars(*p.limit) + " spent (" +
                    std::to_string(static_cast<int>(std::lround(100 * *spent / *p.limit))) + "%)";
        warnings.push_back(std::move(w));
      }
    }
  }
  return warnings;
}

}  // namespace byok::usage
