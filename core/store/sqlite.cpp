#include "core/store/sqlite.h"

#include "core/util/files.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace byok::store {
namespace fs = std::filesystem;

namespace {

Error sqlite_error(sqlite3* db, int rc, std::string_view what) {
  std::string msg = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  Error e(ErrorKind::Io, msg);
  e.type = sqlite3_errstr(rc);
  e.retryable = rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
  return e;
}

// The database directory is private (0700) and the file is created 0600 before SQLite opens it; SQLite
// gives its -wal and -shm files the database file's mode.
Status ensure_private_file(const fs::path& path) {
  if (auto dir = path.parent_path(); !dir.empty())
    if (auto st = files::ensure_private_dir(dir); !st) return st;
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Error(ErrorKind::Io, "cannot open " + path.string() + ": " + std::strerror(errno));
  ::close(fd);
  return ok_status();
}

}  // namespace

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// ---- Statement ---------------------------------------------------------------------------------------

Statement::Statement(Statement&& o) noexcept
    : db_(o.db_), stmt_(o.stmt_), sql_(std::move(o.sql_)), bind_error_(o.bind_error_),
      bind_message_(std::move(o.bind_message_)) {
  o.stmt_ = nullptr;
}

Statement& Statement::operator=(Statement&& o) noexcept {
  if (this != &o) {
    if (stmt_) sqlite3_finalize(stmt_);
    db_ = o.db_;
    stmt_ = o.stmt_;
    sql_ = std::move(o.sql_);
    bind_error_ = o.bind_error_;
    bind_message_ = std::move(o.bind_message_);
    o.stmt_ = nullptr;
  }
  return *this;
}

Statement::~Statement() {
  if (stmt_) sqlite3_finalize(stmt_);
}

Error Statement::fail(int rc) const { return sqlite_error(db_, rc, sql_); }

#define BYOK_BIND(call)                                      \
  do {                                                       \
    int rc_ = (call);                                        \
    if (rc_ != SQLITE_OK && !bind_error_) {                  \
      bind_error_ = true;                                    \
      bind_message_ = fail(rc_).message;                     \
    }                                                        \
  } while (0)

Statement& Statement::bind(int index, int64_t v) {
  BYOK_BIND(sqlite3_bind_int64(stmt_, index, v));
  return *this;
}
Statement& Statement::bind(int index, double v) {
  BYOK_BIND(sqlite3_bind_double(stmt_, index, v));
  return *this;
}
Statement& Statement::bind(int index, std::string_view v) {
  BYOK_BIND(sqlite3_bind_text64(stmt_, index, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}
Statement& Statement::bind(int index, std::optional<int64_t> v) { return v ? bind(index, *v) : bind_null(index); }
Statement& Statement::bind(int index, std::optional<double> v) { return v ? bind(index, *v) : bind_null(index); }
Statement& Statement::bind_null(int index) {
  BYOK_BIND(sqlite3_bind_null(stmt_, index));
  return *this;
}
#undef BYOK_BIND

Result<bool> Statement::step() {
  if (bind_error_) return Error(ErrorKind::Internal, bind_message_);
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return fail(rc);
}

Status Statement::run() {
  for (;;) {
    auto r = step();
    if (!r) return r.error();
    if (!*r) return ok_status();
  }
}

int64_t Statement::int_at(int col) const { return sqlite3_column_int64(stmt_, col); }
double Statement::double_at(int col) const { return sqlite3_column_double(stmt_, col); }
std::string Statement::text_at(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::string(p, static_cast<size_t>(n)) : std::string();
}
bool Statement::null_at(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
std::optional<int64_t> Statement::opt_int_at(int col) const {
  if (null_at(col)) return std::nullopt;
  return int_at(col);
}
std::optional<double> Statement::opt_double_at(int col) const {
  if (null_at(col)) return std::nullopt;
  return double_at(col);
}

// ---- Database ----------------------------------------------------------------------------------------

Result<std::unique_ptr<Database>> Database::open(const fs::path& path, const OpenOptions& opts) {
  if (opts.create) {
    if (auto st = ensure_private_file(path); !st) return st.error();
  }
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | (opts.create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error e = sqlite_error(raw, rc, "cannot open database " + path.string());
    sqlite3_close(raw);
    return e;
  }
  auto db = std::make_unique<Database>(Opened{}, raw, path);
  sqlite3_busy_timeout(raw, opts.busy_timeout_ms);
  sqlite3_extended_result_codes(raw, 1);
  // WAL: readers never block the writer, and a killed writer leaves a log SQLite replays on next open.
  // synchronous=NORMAL is durable against process crashes (the case we test) in WAL mode.
  if (auto st = db->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"); !st) {
    auto e = st.error();
    e.message = path.string() + ": " + e.message;
    return e;
  }
  return db;
}

Database::~Database() {
  if (db_) sqlite3_close(db_);
}

Result<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return sqlite_error(db_, rc, sql);
  return Statement(db_, stmt, std::string(sql));
}

Status Database::exec(std::string_view sql) {
  char* err = nullptr;
  std::string text(sql);
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    Error e(ErrorKind::Io, msg);
    e.type = sqlite3_errstr(rc);
    return e;
  }
  return ok_status();
}

Status Database::transaction(const std::function<Status()>& body) {
  if (auto st = exec("BEGIN IMMEDIATE"); !st) return st;
  Status st = body();
  if (!st) {
    (void)exec("ROLLBACK");
    return st;
  }
  if (auto c = exec("COMMIT"); !c) {
    (void)exec("ROLLBACK");
    return c;
  }
  return ok_status();
}

int64_t Database::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
int Database::changes() const { return sqlite3_changes(db_); }

}  // namespace byok::store
