// Spending limits. Config:
//   "budgets": {"openai": {"daily_usd": 2, "monthly_usd": 20, "warn_at": 0.8},
//               "openai/work": {"monthly_usd": 5}}
// keyed by provider (every key of it) or provider/key-name. Days and months are local calendar days and
// months. Before a request is sent its provider's budgets are checked against the ledger: at warn_at
// (default 0.8) of a limit the caller is warned; at 100% — or when the prompt's estimated cost would
// cross it — the request is refused with an Error of kind Budget that names the budget, the spend and the
// config key to raise. Every request kind counts, inline completions included.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/store/usage_ledger.h"
#include "core/util/result.h"

namespace byok::usage {

struct Budget {
  std::string scope;  // "openai" or "openai/work"
  std::string provider;
  std::optional<std::string> key_name;  // nullopt: every key of the provider
  std::optional<double> daily_usd, monthly_usd;
  double warn_at = 0.8;
};

// Validates the "budgets" object; errors name the path ("budgets.openai.daily_usd: expected number, got
// string", "budgets.openai.warn_at: must be between 0 and 1"); with `known_provider`, a budget for a
// provider that does not exist is an error too (a typo would otherwise never limit anything).
Result<std::vector<Budget>> parse_budgets(const nlohmann::json& budgets,
                                          const std::function<bool(const std::string&)>& known_provider = {});

struct BudgetWarning {
  std::string scope, period;  // "daily" / "monthly"
  double spent = 0, limit = 0;
  std::string message;        // "openai daily budget: $1.62 of $2.00 spent (81%)"
};

// Start of the local day / month containing `now_ms`, in ms since the epoch.
int64_t local_day_start_ms(int64_t now_ms);
int64_t local_month_start_ms(int64_t now_ms);

class BudgetGuard {
 public:
  BudgetGuard(std::vector<Budget> budgets, store::UsageLedger& ledger) : budgets_(std::move(budgets)), ledger_(ledger) {}

  // Ok with any warnings, or an Error of kind Budget. `estimated_cost_usd` is the prompt's known minimum
  // cost (may be nullopt when the model has no price).
  Result<std::vector<BudgetWarning>> check(const std::string& provider, const std::string& key_name,
                                           std::optional<double> estimated_cost_usd, int64_t now_ms = 0) const;
  const std::vector<Budget>& budgets() const { return budgets_; }

 private:
  std::vector<Budget> budgets_;
  store::UsageLedger& ledger_;
};

}  // namespace byok::usage
