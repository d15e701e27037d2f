// The byok database as a whole: one SQLite file ($XDG_DATA_HOME/byok/byok.db, WAL, 0600 in a 0700
// directory) migrated to the current schema, holding conversations and the usage ledger.
#pragma once

#include <filesystem>
#include <memory>

#include "core/store/conversation_store.h"
#include "core/store/sqlite.h"
#include "core/store/usage_ledger.h"

namespace byok::store {

class Store {
 public:
  // Opens and migrates the database at `path`.
  static Result<std::unique_ptr<Store>> open(const std::filesystem::path& path);
  // config::data_dir() / "byok.db".
  static std::filesystem::path default_path();
  struct Migrated {  // only open() can make one: a Store is always at the current schema
   private:
    friend class Store;
    Migrated() = default;
  };
  Store(Migrated, std::unique_ptr<Database> db) : db_(std::move(db)), conversations_(*db_), usage_(*db_) {}

  Database& db() { return *db_; }
  ConversationStore& conversations() { return conversations_; }
  UsageLedger& usage() { return usage_; }

 private:
  std::unique_ptr<Database> db_;
  ConversationStore conversations_;
  UsageLedger usage_;
};

}  // namespace byok::store
