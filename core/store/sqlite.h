// The one place byok talks to SQLite: an RAII connection and prepared statements that report failures as
// byok::Error values (kind Io, with SQLite's own message and the statement that failed). Nothing else
// includes sqlite3.h.
//
// A Database is shared by the conversation store and the usage ledger, and compare records usage from
// several threads at once, so every use holds the connection's mutex (see Database::Lock).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/util/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace byok::store {

class Statement {
 public:
  Statement(Statement&& o) noexcept;
  Statement& operator=(Statement&& o) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binding is 1-based like SQLite's; each returns *this so calls chain.
  Statement& bind(int index, int64_t v);
  Statement& bind(int index, double v);
  Statement& bind(int index, std::string_view v);
  Statement& bind(int index, const char* v) { return bind(index, std::string_view(v)); }
  Statement& bind(int index, const std::string& v) { return bind(index, std::string_view(v)); }
  Statement& bind(int index, std::optional<int64_t> v);
  Statement& bind(int index, std::optional<double> v);
  Statement& bind_null(int index);

  // Next row: true while there is one, false when done, an Error when SQLite failed.
  Result<bool> step();
  // Runs to completion (for INSERT/UPDATE/DELETE).
  Status run();

  int64_t int_at(int col) const;
  double double_at(int col) const;
  std::string text_at(int col) const;
  bool null_at(int col) const;
  std::optional<int64_t> opt_int_at(int col) const;
  std::optional<double> opt_double_at(int col) const;

 private:
  friend class Database;
  Statement(sqlite3* db, sqlite3_stmt* stmt, std::string sql) : db_(db), stmt_(stmt), sql_(std::move(sql)) {}
  Error fail(int rc) const;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  std::string sql_;
  bool bind_error_ = false;
  std::string bind_message_;
};

struct OpenOptions {
  int busy_timeout_ms = 5000;  // another byok process (an editor's engine) may be writing
  bool create = true;          // create the file (0600) and its directory (0700) when missing
};

class Database {
 public:
  // Opens (creating when allowed) the database at `path`, turns on WAL, foreign keys and busy_timeout.
  // Migrations are separate (see migrations.h) so tests can open a database at any version.
  static Result<std::unique_ptr<Database>> open(const std::filesystem::path& path, const OpenOptions& opts = {});
  struct Opened {  // only open() can make one: a Database always holds an open connection
   private:
    friend class Database;
    Opened() = default;
  };
  Database(Opened, sqlite3* db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Result<Statement> prepare(std::string_view sql);
  // Runs one or more statements without results (DDL, pragmas).
  Status exec(std::string_view sql);
  // BEGIN IMMEDIATE … COMMIT around `body`; ROLLBACK when it returns an error. Caller holds the lock.
  Status transaction(const std::function<Status()>& body);
  int64_t last_insert_id() const;
  int changes() const;
  const std::filesystem::path& path() const { return path_; }

  // Every use of the connection holds this (statements are not shared between threads).
  using Lock = std::unique_lock<std::recursive_mutex>;
  Lock lock() { return Lock(mu_); }

 private:
  sqlite3* db_ = nullptr;
  std::filesystem::path path_;
  std::recursive_mutex mu_;
};

// Milliseconds since the Unix epoch (stored timestamps).
int64_t now_ms();

}  // namespace byok::store
