#include "core/store/migrations.h"

#include <array>
#include <string>

namespace byok::store {
namespace {

// Migration N (1-based) takes the schema from version N-1 to N. Append only; never edit a released one.
constexpr std::array<const char*, 2> kMigrations = {
    // 1: conversations, messages, usage ledger.
    R"sql(
CREATE TABLE conversations (
  id          INTEGER PRIMARY KEY,
  title       TEXT NOT NULL,
  system      TEXT NOT NULL DEFAULT '',
  branch_of   INTEGER REFERENCES conversations(id) ON DELETE SET NULL,
  created_ms  INTEGER NOT NULL,
  updated_ms  INTEGER NOT NULL
);
CREATE TABLE messages (
  id               INTEGER PRIMARY KEY,
  conversation_id  INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  seq              INTEGER NOT NULL,
  role             TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
  text             TEXT NOT NULL,
  provider         TEXT NOT NULL DEFAULT '',
  model            TEXT NOT NULL DEFAULT '',
  status           TEXT NOT NULL CHECK (status IN ('complete', 'streaming', 'cancelled', 'failed')),
  error            TEXT NOT NULL DEFAULT '',
  input_tokens     INTEGER,
  output_tokens    INTEGER,
  created_ms       INTEGER NOT NULL,
  updated_ms       INTEGER NOT NULL,
  UNIQUE (conversation_id, seq)
);
CREATE TABLE usage (
  id               INTEGER PRIMARY KEY,
  time_ms          INTEGER NOT NULL,
  host             TEXT NOT NULL,
  kind             TEXT NOT NULL,
  provider         TEXT NOT NULL,
  model            TEXT NOT NULL,
  key_name         TEXT NOT NULL,
  input_tokens     INTEGER NOT NULL,
  output_tokens    INTEGER NOT NULL,
  estimated        INTEGER NOT NULL,
  ttft_ms          INTEGER,
  duration_ms      INTEGER NOT NULL,
  outcome          TEXT NOT NULL,
  cost_usd         REAL,
  cost_source      TEXT NOT NULL,
  conversation_id  INTEGER
);
CREATE INDEX usage_by_time ON usage (time_ms);
CREATE INDEX usage_by_provider ON usage (provider, key_name, time_ms);
)sql",
    // 2: what users did with inline completions (acceptance per model, next to what the calls cost).
    R"sql(
CREATE TABLE completion_feedback (
  id                INTEGER PRIMARY KEY,
  time_ms           INTEGER NOT NULL,
  host              TEXT NOT NULL,
  provider          TEXT NOT NULL,
  model             TEXT NOT NULL,
  kind              TEXT NOT NULL CHECK (kind IN ('shown', 'accepted', 'accepted-partially', 'rejected')),
  suggestion_bytes  INTEGER NOT NULL,
  accepted_bytes    INTEGER NOT NULL
);
CREATE INDEX completion_feedback_by_time ON completion_feedback (time_ms);
)sql",
};

}  // namespace

int current_schema_version() { return static_cast<int>(kMigrations.size()); }

Result<int> schema_version(Database& db) {
  auto lock = db.lock();
  auto st = db.prepare("PRAGMA user_version");
  if (!st) return st.error();
  auto row = st->step();
  if (!row) return row.error();
  return static_cast<int>(st->int_at(0));
}

Status migrate(Database& db) {
  auto lock = db.lock();
  auto version = schema_version(db);
  if (!version) return version.error();
  if (*version > current_schema_version())
    return Error(ErrorKind::Io, db.path().string() + ": schema version " + std::to_string(*version) +
                                    " was written by a newer byok (this one knows up to " +
                                    std::to_string(current_schema_version()) + "); upgrade byok");
  for (int v = *version; v < current_schema_version(); ++v) {
    auto st = db.transaction([&]() -> Status {
      if (auto s = db.exec(kMigrations[static_cast<size_t>(v)]); !s) return s;
      return db.exec("PRAGMA user_version = " + std::to_string(v + 1));
    });
    if (!st) {
      auto e = st.error();
      e.message = db.path().string() + ": migration to schema version " + std::to_string(v + 1) + " failed: " + e.message;
      return e;
    }
  }
  return ok_status();
}

}  // namespace byok::store
