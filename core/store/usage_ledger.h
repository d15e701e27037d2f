// The usage ledger: one row per request sent to a provider (chat, rewrite, compare, completion), whoever
// sent it. Token counts come from the provider's usage fields; when it gave none they are estimated
// (~4 bytes per token, see core/usage/estimate.h) and the row says so. Budgets are checked against it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/store/sqlite.h"

namespace byok::store {

struct UsageRecord {
  int64_t time_ms = 0;        // when the request was sent; 0 = now
  std::string host;           // "cli", "nvim", "vscode", "libreoffice", "lsp"
  std::string kind;           // "chat", "rewrite", "compare", "completion", "title", "summary"
  std::string provider, model;
  std::string key_name = "default";
  int64_t input_tokens = 0, output_tokens = 0;
  bool estimated = false;     // tokens estimated because the provider reported none
  int64_t ttft_ms = -1;       // -1: no text arrived
  int64_t duration_ms = 0;
  std::string outcome;        // "ok", "cancelled", "failed"
  std::optional<double> cost_usd;  // nullopt: no price known for this model
  std::string cost_source;    // "provider" (reported in the response), "price_table", "local" (free),
                              // "none" (nothing processed), "" (unknown)
  std::optional<int64_t> conversation_id;
  int64_t id = 0;             // set when read back
};

enum class UsageGroup { Provider, Model, Key, Day, Host, Kind };
std::optional<UsageGroup> usage_group_from(std::string_view name);  // "provider", "model", "key", "day", "host", "kind"
const char* to_string(UsageGroup g);

struct UsageRow {
  std::string group;  // the provider, "provider:model", "provider/key", "YYYY-MM-DD" (local), host or kind
  int64_t requests = 0;
  int64_t input_tokens = 0, output_tokens = 0;
  int64_t estimated_requests = 0;  // rows whose tokens were estimated
  int64_t unpriced_requests = 0;   // rows with no known cost (not in cost_usd)
  double cost_usd = 0;
};

struct UsageReport {
  std::vector<UsageRow> rows;  // ordered by group (days ascending; others by cost, highest first)
  UsageRow total;              // group "total"
};

// One thing a user did with an inline completion suggestion.
struct CompletionFeedbackRecord {
  int64_t time_ms = 0;  // 0 = now
  std::string host, provider, model;
  std::string kind;  // shown, accepted, accepted-partially, rejected
  int64_t suggestion_bytes = 0, accepted_bytes = 0;
};

// Acceptance of inline completions per "provider:model": what the completion calls bought.
struct AcceptanceRow {
  std::string model;
  int64_t shown = 0, accepted = 0, accepted_partially = 0, rejected = 0;
  int64_t accepted_bytes = 0;
};

class UsageLedger {
 public:
  explicit UsageLedger(Database& db) : db_(db) {}

  Result<int64_t> record(const UsageRecord& r);
  // Rows since `since_ms` (inclusive), newest last.
  Result<std::vector<UsageRecord>> since(int64_t since_ms);
  Result<UsageReport> report(int64_t since_ms, UsageGroup by);
  // Known cost spent by a provider (and, when key_name is set, that key) since `since_ms`.
  Result<double> spent(const std::string& provider, const std::optional<std::string>& key_name, int64_t since_ms);

  Status record_feedback(const CompletionFeedbackRecord& r);
  // Per model since `since_ms`, most shown first.
  Result<std::vector<AcceptanceRow>> acceptance(int64_t since_ms);

 private:
  Database& db_;
};

}  // namespace byok::store
