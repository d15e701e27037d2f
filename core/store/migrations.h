// The database schema, versioned with SQLite's user_version. Each migration moves the schema one version
// up inside a transaction; a database written by a newer byok is refused rather than guessed at.
// docs/conversations.md describes the tables.
#pragma once

#include "core/store/sqlite.h"

namespace byok::store {

// The schema version this build writes.
int current_schema_version();
// Brings `db` up to current_schema_version(); an error names the version that failed.
Status migrate(Database& db);
// The version recorded in the file (0 for a new database).
Result<int> schema_version(Database& db);

}  // namespace byok::store
