// The usage ledger: a row for every request kind (chat, rewrite, compare, completion, title), provider
// usage preferred, estimates flagged, provider-reported cost preferred over the price table, reports.
#include <catch2/catch.hpp>

#include <thread>

#include "core/compare/compare.h"
#include "core/usage/estimate.h"
#include "tests/store/fixture.h"

using namespace byok;
using byok::test::World;
using namespace std::chrono_literals;

TEST_CASE("the token estimate is ~4 bytes per token, never 0 for text") {
  CHECK(usage::estimate_tokens("") == 0);
  CHECK(usage::estimate_tokens("a") == 1);
  CHECK(usage::estimate_tokens("abcd") == 1);
  CHECK(usage::estimate_tokens("abcde") == 2);
  llm::ChatRequest r;
  r.system = "abcd";
  r.messages = {{llm::Role::User, "abcdefgh"}};
  CHECK(usage::estimate_prompt_tokens(r) == (1 + 4) + (2 + 4));
  config::ModelInfo info;
  info.input_per_mtok = 2.0;
  info.output_per_mtok = 10.0;
  CHECK(*usage::price_usd(info, 1'000'000, 100'000) == Approx(3.0));
  info.output_per_mtok.reset();
  CHECK_FALSE(usage::price_usd(info, 1, 1));
}

TEST_CASE("a provider-reported cost wins over the price table; no usage means estimated") {
  auto spec = config::Config{}.provider("openai");
  REQUIRE(spec);
  llm::Endpoint ep{*spec, {}};
  usage::Meter m;
  usage::Observed seen;
  seen.text = "twelve bytes";
  llm::StreamSummary s;
  s.usage = llm::Usage{100, 20, 0.0123};
  auto r = usage::usage_record(ep, "gpt-4o-mini", m, 50, seen, s);
  CHECK(r.cost_source == "provider");
  CHECK(*r.cost_usd == Approx(0.0123));
  CHECK_FALSE(r.estimated);
  s.usage = llm::Usage{100, 20, std::nullopt};
  r = usage::usage_record(ep, "gpt-4o-mini", m, 50, seen, s);
  CHECK(r.cost_source == "price_table");
  CHECK(*r.cost_usd == Approx((100 * 0.15 + 20 * 0.6) / 1e6));
  s.usage.reset();
  r = usage::usage_record(ep, "gpt-4o-mini", m, 50, seen, s);
  CHECK(r.estimated);
  CHECK(r.input_tokens == 50);
  CHECK(r.output_tokens == 3);
  r = usage::usage_record(ep, "no-such-model", m, 50, seen, s);
  CHECK_FALSE(r.cost_usd);
  CHECK(r.cost_source.empty());
}

TEST_CASE("every request kind leaves a usage row") {
  World w;
  // chat
  auto chat = w.chat->send(w.turn("openai:gpt-4o-mini", "hello"), {}, {});
  REQUIRE(chat);
  // rewrite (a host's rewrite is a chat turn of kind "rewrite")
  auto rw = w.turn("anthropic:claude-haiku-4-5", "Rewrite: teh cat");
  rw.kind = "rewrite";
  REQUIRE(w.chat->send(rw, {}, {}));
  // compare, two models
  compare::CompareService cmp(*w.chat);
  compare::CompareRequest creq;
  creq.models = {test::sel("openai:gpt-4o-mini"), test::sel("gemini:gemini-2.5-flash")};
  creq.request.messages = {{llm::Role::User, "compare me"}};
  auto answers = cmp.run(creq, {}, {});
  REQUIRE(answers);
  // completion
  auto spec = w.cfg.provider("openai");
  REQUIRE(spec);
  llm::Endpoint ep{*spec, Secret("sk-test-openai-0000")};
  llm::FimRequest fim{.model = "gpt-3.5-turbo-instruct", .prefix = "int add(int a, int b) {\n  ", .suffix = "\n}\n", .max_tokens = 16, .temperature = {}, .stop = {}};
  usage::Meter meter;
  meter.host = "test";
  meter.kind = "completion";
  auto f = w.chat->metered().fim(ep, fim, meter, {}, {}, llm::CallOptions::from(w.cfg));
  REQUIRE(f.result);
  // title
  auto title = w.chat->make_title(chat->conversation_id, {}, {});
  REQUIRE(title);
  CHECK_FALSE(title->empty());

  auto rows = w.db->usage().since(0);
  REQUIRE(rows);
  std::map<std::string, int> kinds;
  for (const auto& r : *rows) {
    INFO(r.kind + " " + r.provider + ":" + r.model);
    kinds[r.kind]++;
    CHECK(r.host == "test");
    CHECK(r.outcome == "ok");
    CHECK(r.input_tokens > 0);
    CHECK(r.output_tokens > 0);
    CHECK_FALSE(r.estimated);  // the emulator reports usage like the real providers
    CHECK(r.ttft_ms >= 0);
    CHECK(r.duration_ms >= r.ttft_ms);
    CHECK(r.cost_source == "price_table");
    REQUIRE(r.cost_usd);
    CHECK(*r.cost_usd > 0);
    CHECK(r.time_ms > 0);
  }
  CHECK(kinds == std::map<std::string, int>{{"chat", 1}, {"rewrite", 1}, {"compare", 2}, {"completion", 1}, {"title", 1}});
  CHECK(rows->front().conversation_id == chat->conversation_id);

  auto rep = w.db->usage().report(0, store::UsageGroup::Provider);
  REQUIRE(rep);
  CHECK(rep->total.requests == 6);
  std::map<std::string, int64_t> by;
  for (const auto& r : rep->rows) by[r.group] = r.requests;
  CHECK(by == std::map<std::string, int64_t>{{"openai", 4}, {"anthropic", 1}, {"gemini", 1}});
  auto kinds_rep = w.db->usage().report(0, store::UsageGroup::Kind);
  REQUIRE(kinds_rep);
  CHECK(kinds_rep->rows.size() == 5);
  CHECK(w.db->usage().report(store::now_ms() + 60'000, store::UsageGroup::Day)->total.requests == 0);
}

TEST_CASE("a cancelled stream keeps its partial answer, marked cancelled, with an estimated usage row") {
  World w;
  emu::Scenario stall;
  stall.kind = emu::Scenario::Kind::Stall;
  w.emu.set_scenario("stalls", stall);
  CancelSource cancel;
  chat::TurnObserver obs;
  obs.on_event = [&](const llm::Event& ev) {
    if (std::holds_alternative<llm::TextDelta>(ev)) cancel.cancel();
  };
  auto r = w.chat->send(w.turn("openai:stalls", "start and stall"), obs, cancel.token());
  REQUIRE(r);
  CHECK(r->status == store::MessageStatus::Cancelled);
  CHECK_FALSE(r->text.empty());
  auto conv = w.db->conversations().get(r->conversation_id);
  REQUIRE(conv);
  CHECK(conv->messages[1].status == store::MessageStatus::Cancelled);
  CHECK(conv->messages[1].text == r->text);
  CHECK(r->usage.outcome == "cancelled");
  CHECK(r->usage.estimated);
  CHECK(r->usage.output_tokens > 0);
  auto rows = w.db->usage().since(0);
  REQUIRE(rows);
  REQUIRE(rows->size() == 1);
  CHECK(rows->front().outcome == "cancelled");
}
