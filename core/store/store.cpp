#include "core/store/store.h"

#include "core/config/config.h"
#include "core/store/migrations.h"

namespace byok::store {

Result<std::unique_ptr<Store>> Store::open(const std::filesystem::path& path) {
  auto db = Database::open(path);
  if (!db) return db.error();
  if (auto st = migrate(**db); !st) return st.error();
  return std::make_unique<Store>(Migrated{}, std::move(*db));
}

std::filesystem::path Store::default_path() { return config::data_dir() / "byok.db"; }

}  // namespace byok::store
