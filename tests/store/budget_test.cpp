// Budgets: validated config, warnings at the fraction, and refusal before any byte is sent (the emulator's
// request log proves it). Completions count.
#include <catch2/catch.hpp>

#include "core/usage/budget.h"
#include "core/usage/metered_engine.h"
#include "tests/store/fixture.h"

using namespace byok;
using byok::test::World;
using nlohmann::json;

TEST_CASE("budget config is validated with paths") {
  auto known = [](const std::string& p) { return p == "openai" || p == "ollama"; };
  auto ok = usage::parse_budgets(json{{"openai", {{"daily_usd", 2}, {"monthly_usd", 20}, {"warn_at", 0.5}}},
                                      {"ollama/work", {{"monthly_usd", 1.5}}}},
                                 known);
  REQUIRE(ok);
  REQUIRE(ok->size() == 2);
  const auto& work = ok->at(0).scope == "ollama/work" ? ok->at(0) : ok->at(1);
  CHECK(work.provider == "ollama");
  CHECK(work.key_name == std::optional<std::string>("work"));
  CHECK(work.warn_at == Approx(0.8));

  struct Bad {
    json doc;
    std::string message;
  };
  for (const auto& b : std::vector<Bad>{
           {{{"openai", {{"daily_usd", "2"}}}}, "budgets.openai.daily_usd: expected number"},
           {{{"openai", {{"daily", 2}}}}, "budgets.openai"},
           {{{"openai", json::object()}}, "budgets.openai: needs \"daily_usd\" or \"monthly_usd\""},
           {{{"openai", {{"daily_usd", -1}}}}, "budgets.openai.daily_usd: must be a non-negative"},
           {{{"openai", {{"daily_usd", 1}, {"warn_at", 1.5}}}}, "budgets.openai.warn_at: must be between 0 and 1"},
           {{{"opneai", {{"daily_usd", 1}}}}, "budgets.opneai: unknown provider 'opneai'"},
           {{{"openai/", {{"daily_usd", 1}}}}, "expected \"provider\" or \"provider/key-name\""},
       }) {
    INFO(b.doc.dump());
    auto r = usage::parse_budgets(b.doc, known);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == ErrorKind::Config);
    CHECK_THAT(r.error().message, Catch::Contains(b.message));
  }
}

TEST_CASE("a bad budget stops the chat service from starting") {
  CHECK_THROWS_WITH(World(nlohmann::json{{"budgets", {{"openai", {{"daily_usd", "two"}}}}}}),
                    Catch::Contains("budgets.openai.daily_usd"));
}

TEST_CASE("at 100% of a budget the request is refused before any byte is sent") {
  World w(nlohmann::json{{"budgets", {{"openai", {{"daily_usd", 1.0}, {"warn_at", 0.5}}}}}});
  store::UsageRecord spent;
  spent.host = "test";
  spent.kind = "chat";
  spent.provider = "openai";
  spent.model = "gpt-4o-mini";
  spent.outcome = "ok";
  spent.cost_usd = 0.6;
  spent.cost_source = "price_table";
  REQUIRE(w.db->usage().record(spent));

  // 60%: warned, sent.
  std::vector<usage::BudgetWarning> warned;
  chat::TurnObserver obs;
  obs.on_start = [&](const chat::TurnStart& s) { warned = s.budget_warnings; };
  auto first = w.chat->send(w.turn("openai:gpt-4o-mini", "hello"), obs, {});
  REQUIRE(first);
  REQUIRE(warned.size() == 1);
  CHECK(warned[0].period == "daily");
  CHECK_THAT(warned[0].message, Catch::Contains("openai daily budget: $0.60 of $1.00 spent (60%)"));

  // 100%: refused, nothing sent, nothing stored.
  REQUIRE(w.db->usage().record(spent));
  auto sent_before = w.emu.requests().size();
  auto convs_before = w.db->conversations().list()->size();
  auto r = w.chat->send(w.turn("openai:gpt-4o-mini", "one more"), {}, {});
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == ErrorKind::Budget);
  CHECK_THAT(r.error().message, Catch::Contains("openai daily budget reached") &&
                                    Catch::Contains("of $1.00 spent") &&
                                    Catch::Contains("budgets.openai.daily_usd"));
  CHECK(w.emu.requests().size() == sent_before);
  CHECK(w.db->conversations().list()->size() == convs_before);
  auto preview = w.chat->preview(w.turn("openai:gpt-4o-mini", "one more"));
  REQUIRE(preview);
  REQUIRE(preview->refusal);
  CHECK(preview->refusal->kind == ErrorKind::Budget);
  // Another provider is not limited by openai's budget.
  CHECK(w.chat->send(w.turn("anthropic:claude-haiku-4-5", "still fine"), {}, {}));
}

TEST_CASE("a prompt whose own cost would cross the budget is refused before sending") {
  World w(nlohmann::json{{"budgets", {{"openai", {{"monthly_usd", 0.5}}}}},
           {"prices", {{"openai:pricey", {{"input", 1e6}, {"output", 1e6}}}}}});  // $1 per token
  auto r = w.chat->send(w.turn("openai:pricey", "this prompt costs more than fifty cents"), {}, {});
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == ErrorKind::Budget);
  CHECK_THAT(r.error().message, Catch::Contains("this prompt alone costs about") &&
                                    Catch::Contains("budgets.openai.monthly_usd"));
  CHECK(w.emu.requests().empty());
}

TEST_CASE("completions count against a per-key budget") {
  World w(nlohmann::json{{"budgets", {{"ollama/work", {{"monthly_usd", 20}}}}},
           {"prices", {{"ollama:codellama", {{"input", 1e6}, {"output", 1e6}}}}}});
  auto spec = w.cfg.provider("ollama");
  REQUIRE(spec);
  llm::Endpoint ep{*spec, {}};
  llm::FimRequest fim;
  fim.model = "codellama";
  fim.prefix = "def add(a, b):\n    ";
  fim.suffix = "\n";
  usage::Meter meter;
  meter.host = "test";
  meter.kind = "completion";
  meter.key_name = "work";
  std::optional<Error> refused;
  int sent = 0;
  for (int i = 0; i < 10 && !refused; ++i) {
    auto before = w.emu.requests().size();
    auto r = w.chat->metered().fim(ep, fim, meter, {}, {}, llm::CallOptions::from(w.cfg));
    if (!r.result) {
      refused = r.result.error();
      CHECK(w.emu.requests().size() == before);  // refused: not sent
      CHECK(r.usage.id == 0);
    } else {
      ++sent;
      CHECK(r.usage.kind == "completion");
      CHECK(r.usage.cost_source == "price_table");
    }
  }
  REQUIRE(refused);
  CHECK(sent >= 1);
  CHECK(refused->kind == ErrorKind::Budget);
  CHECK_THAT(refused->message, Catch::Contains("ollama/work monthly budget reached") &&
                                   Catch::Contains("budgets.ollama/work.monthly_usd"));
  // Chat with the same key is now refused too; the default key is not limited by the work budget.
  auto t = w.turn("ollama:codellama", "hi");
  t.selection.key_name = "work";
  auto chat = w.chat->send(t, {}, {});
  REQUIRE_FALSE(chat);
  CHECK(chat.error().kind == ErrorKind::Budget);
  CHECK(w.chat->send(w.turn("ollama:codellama", "hi"), {}, {}));
}
