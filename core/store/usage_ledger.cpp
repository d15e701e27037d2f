#include "core/store/usage_ledger.h"

#include <algorithm>
#include <ctime>
#include <map>

namespace byok::store {
namespace {

std::string local_day(int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::string group_of(const UsageRecord& r, UsageGroup by) {
  switch (by) {
    case UsageGroup::Provider: return r.provider;
    case UsageGroup::Model: return r.provider + ":" + r.model;
    case UsageGroup::Key: return r.provider + "/" + r.key_name;
    case UsageGroup::Day: return local_day(r.time_ms);
    case UsageGroup::Host: return r.host;
    case UsageGroup::Kind: return r.kind;
  }
  return r.provider;
}

void add(UsageRow& row, const UsageRecord& r) {
  row.requests++;
  row.input_tokens += r.input_tokens;
  row.output_tokens += r.output_tokens;
  if (r.estimated) row.estimated_requests++;
  if (r.cost_usd) row.cost_usd += *r.cost_usd;
  else row.unpriced_requests++;
}

}  // namespace

std::optional<UsageGroup> usage_group_from(std::string_view name) {
  if (name == "provider") return UsageGroup::Provider;
  if (name == "model") return UsageGroup::Model;
  if (name == "key") return UsageGroup::Key;
  if (name == "day") return UsageGroup::Day;
  if (name == "host") return UsageGroup::Host;
  if (name == "kind") return UsageGroup::Kind;
  return std::nullopt;
}

const char* to_string(UsageGroup g) {
  switch (g) {
    case UsageGroup::Provider: return "provider";
    case UsageGroup::Model: return "model";
    case UsageGroup::Key: return "key";
    case UsageGroup::Day: return "day";
    case UsageGroup::Host: return "host";
    case UsageGroup::Kind: return "kind";
  }
  return "provider";
}

Result<int64_t> UsageLedger::record(const UsageRecord& r) {
  auto lock = db_.lock();
  auto st = db_.prepare(
      "INSERT INTO usage (time_ms, host, kind, provider, model, key_name, input_tokens, output_tokens, estimated, "
      "ttft_ms, duration_ms, outcome, cost_usd, cost_source, conversation_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!st) return st.error();
  st->bind(1, r.time_ms ? r.time_ms : now_ms()).bind(2, r.host).bind(3, r.kind).bind(4, r.provider).bind(5, r.model);
  st->bind(6, r.key_name).bind(7, r.input_tokens).bind(8, r.output_tokens).bind(9, int64_t{r.estimated ? 1 : 0});
  st->bind(10, r.ttft_ms >= 0 ? std::optional<int64_t>(r.ttft_ms) : std::nullopt).bind(11, r.duration_ms);
  st->bind(12, r.outcome).bind(13, r.cost_usd).bind(14, r.cost_source).bind(15, r.conversation_id);
  if (auto run = st->run(); !run) return run.error();
  return db_.last_insert_id();
}

Result<std::vector<UsageRecord>> UsageLedger::since(int64_t since_ms) {
  auto lock = db_.lock();
  auto st = db_.prepare(
      "SELECT id, time_ms, host, kind, provider, model, key_name, input_tokens, output_tokens, estimated, ttft_ms, "
      "duration_ms, outcome, cost_usd, cost_source, conversation_id FROM usage WHERE time_ms >= ? ORDER BY time_ms, id");
  if (!st) return st.error();
  st->bind(1, since_ms);
  std::vector<UsageRecord> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    UsageRecord r;
    r.id = st->int_at(0);
    r.time_ms = st->int_at(1);
    r.host = st->text_at(2);
    r.kind = st->text_at(3);
    r.provider = st->text_at(4);
    r.model = st->text_at(5);
    r.key_name = st->text_at(6);
    r.input_tokens = st->int_at(7);
    r.output_tokens = st->int_at(8);
    r.estimated = st->int_at(9) != 0;
    r.ttft_ms = st->opt_int_at(10).value_or(-1);
    r.duration_ms = st->int_at(11);
    r.outcome = st->text_at(12);
    r.cost_usd = st->opt_double_at(13);
    r.cost_source = st->text_at(14);
    r.conversation_id = st->opt_int_at(15);
    out.push_back(std::move(r));
  }
  return out;
}

Result<UsageReport> UsageLedger::report(int64_t since_ms, UsageGroup by) {
  auto rows = since(since_ms);
  if (!rows) return rows.error();
  std::map<std::string, UsageRow> groups;
  UsageReport rep;
  rep.total.group = "total";
  for (const auto& r : *rows) {
    auto key = group_of(r, by);
    auto& g = groups[key];
    g.group = key;
    add(g, r);
    add(rep.total, r);
  }
  for (auto& [_, g] : groups) rep.rows.push_back(g);
  if (by != UsageGroup::Day) {
    std::stable_sort(rep.rows.begin(), rep.rows.end(),
                     [](const UsageRow& a, const UsageRow& b) { return a.cost_usd > b.cost_usd; });
  }
  return rep;
}

Result<double> UsageLedger::spent(const std::string& provider, const std::optional<std::string>& key_name,
                                  int64_t since_ms) {
  auto lock = db_.lock();
  auto st = db_.prepare(
      "SELECT COALESCE(SUM(cost_usd), 0) FROM usage WHERE provider = ? AND time_ms >= ? AND (? = 0 OR key_name = ?)");
  if (!st) return st.error();
  st->bind(1, provider).bind(2, since_ms).bind(3, int64_t{key_name ? 1 : 0}).bind(4, key_name.value_or(""));
  auto row = st->step();
  if (!row) return row.error();
  return st->double_at(0);
}

Status UsageLedger::record_feedback(const CompletionFeedbackRecord& r) {
  auto lock = db_.lock();
  auto st = db_.prepare(
      "INSERT INTO completion_feedback (time_ms, host, provider, model, kind, suggestion_bytes, accepted_bytes) "
      "VALUES (?,?,?,?,?,?,?)");
  if (!st) return st.error();
  const int64_t t = r.time_ms ? r.time_ms : now_ms();
  return st->bind(1, t).bind(2, r.host).bind(3, r.provider).bind(4, r.model).bind(5, r.kind)
      .bind(6, r.suggestion_bytes).bind(7, r.accepted_bytes).run();
}

Result<std::vector<AcceptanceRow>> UsageLedger::acceptance(int64_t since_ms) {
  auto lock = db_.lock();
  auto st = db_.prepare(
      "SELECT provider || ':' || model, "
      "SUM(kind = 'shown'), SUM(kind = 'accepted'), SUM(kind = 'accepted-partially'), SUM(kind = 'rejected'), "
      "SUM(accepted_bytes) FROM completion_feedback WHERE time_ms >= ? GROUP BY provider, model "
      "ORDER BY SUM(kind = 'shown') DESC");
  if (!st) return st.error();
  st->bind(1, since_ms);
  std::vector<AcceptanceRow> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    AcceptanceRow a;
    a.model = st->text_at(0);
    a.shown = st->int_at(1);
    a.accepted = st->int_at(2);
    a.accepted_partially = st->int_at(3);
    a.rejected = st->int_at(4);
    a.accepted_bytes = st->int_at(5);
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace byok::store
