// The SQLite store on its own: file privacy, WAL, migrations, conversations, branches and exports.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "core/store/migrations.h"
#include "core/store/store.h"
#include "tests/store/fixture.h"

using namespace byok;
using byok::test::TempDir;

namespace {
std::string single_text(store::Database& db, const std::string& sql) {
  auto st = db.prepare(sql);
  REQUIRE(st);
  auto row = st->step();
  REQUIRE(row);
  REQUIRE(*row);
  return st->text_at(0);
}
}  // namespace

TEST_CASE("the database is created 0600 in a 0700 directory, in WAL mode, at the current schema") {
  TempDir tmp;
  auto path = tmp.path() / "nested" / "byok.db";
  auto s = store::Store::open(path);
  REQUIRE(s);
  struct stat st{};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  REQUIRE(::stat(path.parent_path().c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  CHECK(single_text((*s)->db(), "PRAGMA journal_mode") == "wal");
  auto v = store::schema_version((*s)->db());
  REQUIRE(v);
  CHECK(*v == store::current_schema_version());
  // Reopening an up-to-date database is a no-op.
  s->reset();
  auto again = store::Store::open(path);
  REQUIRE(again);
}

TEST_CASE("a database from a newer byok is refused, naming the versions") {
  TempDir tmp;
  auto path = tmp.path() / "byok.db";
  {
    auto db = store::Database::open(path);
    REQUIRE(db);
    REQUIRE((*db)->exec("PRAGMA user_version = 99"));
  }
  auto s = store::Store::open(path);
  REQUIRE_FALSE(s);
  CHECK_THAT(s.error().message, Catch::Contains("schema version 99") && Catch::Contains("newer byok"));
}

TEST_CASE("conversations: create, append, list, rename, branch, remove") {
  TempDir tmp;
  auto s = store::Store::open(tmp.path() / "byok.db");
  REQUIRE(s);
  auto& convs = (*s)->conversations();
  auto id = convs.create("First", "be brief");
  REQUIRE(id);
  store::NewMessage u;
  u.text = "hello";
  REQUIRE(convs.append(*id, u));
  store::NewMessage a;
  a.role = llm::Role::Assistant;
  a.text = "hi there";
  a.provider = "openai";
  a.model = "gpt-4o-mini";
  auto aid = convs.append(*id, a);
  REQUIRE(aid);
  REQUIRE(convs.finish(*aid, "hi there!", {store::MessageStatus::Complete, "", 5, 3}));

  auto c = convs.get(*id);
  REQUIRE(c);
  REQUIRE(c->messages.size() == 2);
  CHECK(c->messages[0].seq == 1);
  CHECK(c->messages[1].text == "hi there!");
  CHECK(c->messages[1].output_tokens == 3);
  CHECK(c->info.last_model == "openai:gpt-4o-mini");
  CHECK(c->info.message_count == 2);

  auto req = store::to_chat_request(*c);
  CHECK(req.system == "be brief");
  REQUIRE(req.messages.size() == 2);
  CHECK(req.messages[1].role == llm::Role::Assistant);

  REQUIRE(convs.rename(*id, "Renamed"));
  auto b = convs.branch(*id, 1);
  REQUIRE(b);
  auto bc = convs.get(*b);
  REQUIRE(bc);
  CHECK(bc->info.branch_of == *id);
  CHECK(bc->info.title == "Renamed");
  REQUIRE(bc->messages.size() == 1);
  CHECK(bc->messages[0].text == "hello");

  auto list = convs.list();
  REQUIRE(list);
  CHECK(list->size() == 2);
  REQUIRE(convs.remove(*id));
  CHECK_FALSE(convs.get(*id));
  auto missing = convs.rename(*id, "x");
  REQUIRE_FALSE(missing);
  CHECK_THAT(missing.error().message, Catch::Contains("no conversation " + std::to_string(*id)));
  // The branch survives its source being deleted.
  auto after = convs.info(*b);
  REQUIRE(after);
  CHECK_FALSE(after->branch_of.has_value());
  CHECK_FALSE(convs.append(*id, u));
}

TEST_CASE("exports keep every turn, the model and the status") {
  TempDir tmp;
  auto s = store::Store::open(tmp.path() / "byok.db");
  REQUIRE(s);
  auto& convs = (*s)->conversations();
  auto id = convs.create("Export me");
  REQUIRE(id);
  store::NewMessage u;
  u.text = "question ünï";
  REQUIRE(convs.append(*id, u));
  store::NewMessage a;
  a.role = llm::Role::Assistant;
  a.provider = "anthropic";
  a.model = "claude-haiku-4-5";
  auto aid = convs.append(*id, a);
  REQUIRE(aid);
  REQUIRE(convs.finish(*aid, "partial", {store::MessageStatus::Cancelled, "cancelled", {}, {}}));
  auto c = convs.get(*id);
  REQUIRE(c);
  auto md = store::export_markdown(*c);
  CHECK_THAT(md, Catch::Contains("# Export me") && Catch::Contains("## User\n\nquestion ünï") &&
                     Catch::Contains("## Assistant (anthropic:claude-haiku-4-5) — cancelled") &&
                     Catch::Contains("partial"));
  auto j = store::export_json(*c);
  CHECK(j["title"] == "Export me");
  REQUIRE(j["messages"].size() == 2);
  CHECK(j["messages"][1]["status"] == "cancelled");
  CHECK(j["messages"][1]["model"] == "claude-haiku-4-5");
}

TEST_CASE("titles come from the first line of the first prompt") {
  CHECK(store::title_from_prompt("  Fix   the\tbug\nin main.cpp") == "Fix the bug");
  CHECK(store::title_from_prompt("") == "(untitled)");
  auto t = store::title_from_prompt(std::string(100, 'x'));
  CHECK(t.size() <= 60 + std::string("…").size());
  auto words = store::title_from_prompt("one two three four five six seven eight nine ten eleven twelve thirteen");
  CHECK_THAT(words, Catch::EndsWith("…"));
}
