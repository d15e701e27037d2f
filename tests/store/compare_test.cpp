// Compare: three models stream at once (total time ≈ the slowest, not the sum), events are tagged, every
// answer has its timings, tokens and cost, and any answer can be kept in a conversation.
#include <catch2/catch.hpp>

#include <chrono>
#include <mutex>

#include "core/compare/compare.h"
#include "tests/emulator/reply_text.h"
#include "tests/store/fixture.h"
#include "tests/store/wire_history.h"

using namespace byok;
using byok::test::World;
using namespace std::chrono;

TEST_CASE("three models stream concurrently: total time is about the slowest, not the sum") {
  World w;
  const int chunks = static_cast<int>(emu::split_reply(emu::default_chat_reply()).size());
  const std::vector<std::pair<std::string, int>> models = {
      {"openai:gpt-4o-mini", 40}, {"anthropic:claude-haiku-4-5", 60}, {"gemini:gemini-2.5-flash", 80}};
  int64_t sum = 0, slowest = 0;
  for (const auto& [label, token_ms] : models) {
    emu::Scenario s;
    s.token_ms = token_ms;
    s.ttft_ms = token_ms;
    w.emu.set_scenario(label.substr(label.find(':') + 1), s);
    sum += int64_t{token_ms} * chunks;
    slowest = std::max<int64_t>(slowest, int64_t{token_ms} * chunks);
  }
  compare::CompareService cmp(*w.chat);
  compare::CompareRequest req;
  for (const auto& [label, _] : models) req.models.push_back(test::sel(label));
  req.request.messages = {{llm::Role::User, "Say hello"}};

  std::vector<std::string> texts(models.size());
  std::vector<int> first_delta_order, done_order;
  std::vector<std::string> done_labels;
  compare::CompareObserver obs;
  obs.on_event = [&](size_t i, const std::string& label, const llm::Event& ev) {
    CHECK(label == models[i].first);
    if (const auto* d = std::get_if<llm::TextDelta>(&ev)) {
      if (texts[i].empty()) first_delta_order.push_back(static_cast<int>(i));
      texts[i] += d->text;
    }
  };
  obs.on_done = [&](const compare::CompareAnswer& a) { done_order.push_back(static_cast<int>(a.index)); };
  auto t0 = steady_clock::now();
  auto answers = cmp.run(req, obs, {});
  auto total = duration_cast<milliseconds>(steady_clock::now() - t0).count();
  REQUIRE(answers);
  INFO("chunks " << chunks << ", total " << total << " ms, slowest " << slowest << " ms, sum " << sum << " ms");
  CHECK(total >= slowest);
  CHECK(total < slowest + (sum - slowest) / 2);  // far from the sum
  // All three were streaming before any finished.
  REQUIRE(first_delta_order.size() == 3);
  REQUIRE(done_order.size() == 3);
  CHECK(done_order == std::vector<int>{0, 1, 2});  // fastest first

  for (const auto& a : *answers) {
    INFO(a.label);
    CHECK_FALSE(a.error);
    CHECK(a.text == std::string(emu::default_chat_reply()));
    CHECK(texts[a.index] == a.text);
    REQUIRE(a.summary);
    CHECK(a.summary->ttft_ms >= models[a.index].second);
    CHECK(a.latency_ms >= a.summary->ttft_ms);
    CHECK(a.usage.output_tokens > 0);
    REQUIRE(a.usage.cost_usd);
    CHECK(a.usage.kind == "compare");
  }
}

TEST_CASE("compare: one model failing or over budget does not stop the others") {
  World w(nlohmann::json{{"budgets", {{"gemini", {{"daily_usd", 0}}}}}});
  compare::CompareService cmp(*w.chat);
  compare::CompareRequest req;
  req.models = {test::sel("openai:emu-429"), test::sel("anthropic:claude-haiku-4-5"),
                test::sel("gemini:gemini-2.5-flash")};
  req.request.messages = {{llm::Role::User, "hi"}};
  auto answers = cmp.run(req, {}, {});
  REQUIRE(answers);
  REQUIRE((*answers)[0].error);
  CHECK((*answers)[0].error->status == 429);
  CHECK_FALSE((*answers)[1].error);
  REQUIRE((*answers)[2].error);
  CHECK((*answers)[2].error->kind == ErrorKind::Budget);
  CHECK((*answers)[2].usage.id == 0);
  for (const auto& r : w.emu.requests()) CHECK(r.path.find("gemini") == std::string::npos);
}

TEST_CASE("compare: a bad model name fails the whole comparison before anything is sent") {
  World w;
  compare::CompareService cmp(*w.chat);
  compare::CompareRequest req;
  app::Selection bad;
  bad.provider = "nosuch";
  req.models = {test::sel("openai:gpt-4o-mini"), bad};
  req.request.messages = {{llm::Role::User, "hi"}};
  auto r = cmp.run(req, {}, {});
  REQUIRE_FALSE(r);
  CHECK_THAT(r.error().message, Catch::Contains("unknown provider 'nosuch'"));
  CHECK(w.emu.requests().empty());
}

TEST_CASE("compare on top of a conversation; the chosen answer is kept as a branch or appended") {
  World w;
  auto first = w.chat->send(w.turn("openai:gpt-4o-mini", "context question"), {}, {});
  REQUIRE(first);
  emu::Scenario echo;
  echo.echo = true;
  w.emu.set_scenario("*", echo);
  compare::CompareService cmp(*w.chat);
  compare::CompareRequest req;
  req.conversation = first->conversation_id;
  req.models = {test::sel("anthropic:claude-haiku-4-5"), test::sel("ollama:llama3")};
  req.request.messages = {{llm::Role::User, "which is best?"}};
  auto answers = cmp.run(req, {}, {});
  REQUIRE(answers);
  // Both saw the conversation's history.
  for (const auto& r : w.emu.requests()) {
    if (r.path.find("/v1/messages") != std::string::npos) {
      auto h = test::wire_history("anthropic", r.body);
      REQUIRE(h.turns.size() == 3);
      CHECK(h.turns[0].text == "context question");
    }
  }
  auto branch = cmp.keep(req, (*answers)[1], compare::KeepMode::Branch);
  REQUIRE(branch);
  CHECK(*branch != first->conversation_id);
  auto b = w.db->conversations().get(*branch);
  REQUIRE(b);
  CHECK(b->info.branch_of == first->conversation_id);
  REQUIRE(b->messages.size() == 4);
  CHECK(b->messages[2].text == "which is best?");
  CHECK(b->messages[3].provider == "ollama");
  CHECK(b->messages[3].text == "echo: which is best?");
  auto orig = w.db->conversations().get(first->conversation_id);
  CHECK(orig->messages.size() == 2);  // the source is untouched

  auto appended = cmp.keep(req, (*answers)[0], compare::KeepMode::Append);
  REQUIRE(appended);
  CHECK(*appended == first->conversation_id);
  orig = w.db->conversations().get(first->conversation_id);
  REQUIRE(orig->messages.size() == 4);
  CHECK(orig->messages[3].provider == "anthropic");

  compare::CompareRequest fresh;
  fresh.request.messages = {{llm::Role::User, "new topic"}};
  auto fresh_id = cmp.keep(fresh, (*answers)[0], compare::KeepMode::Append);
  REQUIRE(fresh_id);
  CHECK(w.db->conversations().info(*fresh_id)->title == "new topic");
}
