// Context windows: the oldest turns are dropped (and counted) when the history would not fit; the newest
// message is never truncated — it is refused before anything is stored or sent.
#include <catch2/catch.hpp>

#include "core/chat/context_window.h"
#include "tests/store/fixture.h"
#include "tests/store/wire_history.h"

using namespace byok;
using byok::test::World;

TEST_CASE("fit_to_window drops oldest turns, keeps the system prompt and the newest message") {
  llm::ChatRequest req;
  req.system = "sys";
  for (int i = 0; i < 6; ++i)
    req.messages.push_back({i % 2 ? llm::Role::Assistant : llm::Role::User, std::string(40, char('a' + i))});
  // Each message: 10 tokens + 4 framing; system 1 + 4.
  auto all = chat::fit_to_window(req, 0, 0, "m");
  REQUIRE(all);
  CHECK(all->dropped_messages == 0);
  auto fitted = chat::fit_to_window(req, 60, 10, "m");
  REQUIRE(fitted);
  // 60 - 10 reserve = 50: system (5) + three messages (42) fit; the leading answer goes too, leaving 2.
  CHECK(fitted->dropped_messages == 4);
  REQUIRE(fitted->request.messages.size() == 2);
  CHECK(fitted->request.messages.front().role == llm::Role::User);
  CHECK(fitted->request.messages.back().text == std::string(40, 'f'));
  CHECK(fitted->request.system == "sys");
  auto too_big = chat::fit_to_window(req, 20, 10, "openai:tiny");
  REQUIRE_FALSE(too_big);
  CHECK_THAT(too_big.error().message, Catch::Contains("openai:tiny's context window of 20 tokens"));
}

TEST_CASE("a long conversation on a small window: oldest turns dropped, the user told how many") {
  World w(nlohmann::json{{"providers", {{"openai", {{"models", {{"tiny", {{"context", 200}}}}}}}}}});
  const std::string p1(160, '1'), p2(160, '2'), p3(160, '3');
  auto first = w.chat->send(w.turn("openai:tiny", p1), {}, {});
  REQUIRE(first);
  auto second = w.chat->send(w.turn("openai:tiny", p2, first->conversation_id), {}, {});
  REQUIRE(second);
  CHECK(second->dropped_messages == 0);

  auto preview = w.chat->preview(w.turn("openai:tiny", p3, first->conversation_id));
  REQUIRE(preview);
  CHECK(preview->dropped_messages == 2);
  CHECK(preview->estimate.context_window == 200);
  CHECK(preview->estimate.input_tokens > 0);
  CHECK_FALSE(preview->refusal);

  int told = -1;
  chat::TurnObserver obs;
  obs.on_start = [&](const chat::TurnStart& s) { told = s.dropped_messages; };
  auto third = w.chat->send(w.turn("openai:tiny", p3, first->conversation_id), obs, {});
  REQUIRE(third);
  CHECK(told == 2);
  CHECK(third->dropped_messages == 2);
  auto h = test::wire_history("openai-chat", w.emu.requests().back().body);
  REQUIRE(h.turns.size() == 3);
  CHECK(h.turns[0].text == p2);
  CHECK(h.turns[2].text == p3);  // whole, not truncated
  // Dropped from the request only: the stored conversation keeps everything.
  auto conv = w.db->conversations().get(first->conversation_id);
  REQUIRE(conv);
  CHECK(conv->messages.size() == 6);
}

TEST_CASE("a newest message too big for the window is refused: nothing stored, nothing sent") {
  World w(nlohmann::json{{"providers", {{"openai", {{"models", {{"tiny", {{"context", 200}}}}}}}}}});
  auto first = w.chat->send(w.turn("openai:tiny", "short"), {}, {});
  REQUIRE(first);
  auto sent_before = w.emu.requests().size();
  auto r = w.chat->send(w.turn("openai:tiny", std::string(2000, 'x'), first->conversation_id), {}, {});
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == ErrorKind::Config);
  CHECK_THAT(r.error().message, Catch::Contains("context window of 200 tokens"));
  CHECK(w.emu.requests().size() == sent_before);
  auto conv = w.db->conversations().get(first->conversation_id);
  REQUIRE(conv);
  CHECK(conv->messages.size() == 2);
  auto preview = w.chat->preview(w.turn("openai:tiny", std::string(2000, 'x'), first->conversation_id));
  REQUIRE(preview);
  REQUIRE(preview->refusal);
  CHECK_THAT(preview->refusal->message, Catch::Contains("context window"));
}

TEST_CASE("features.chat.history = summarize: the left-out turns are replaced by a metered summary") {
  World w(nlohmann::json{{"providers", {{"openai", {{"models", {{"tiny", {{"context", 200}}}}}}}}},
                         {"features", {{"chat", {{"history", "summarize"}}}}}});
  const std::string p1 = "the secret word is pineapple " + std::string(131, '1');
  const std::string p2(160, '2'), p3(160, '3');
  auto first = w.chat->send(w.turn("openai:tiny", p1), {}, {});
  REQUIRE(first);
  auto second = w.chat->send(w.turn("openai:tiny", p2, first->conversation_id), {}, {});
  REQUIRE(second);
  REQUIRE(second->dropped_messages == 0);
  const size_t before = w.emu.requests().size();

  int told_dropped = -1, told_summarized = -1;
  chat::TurnObserver obs;
  obs.on_start = [&](const chat::TurnStart& s) {
    told_dropped = s.dropped_messages;
    told_summarized = s.summarized_messages;
  };
  auto third = w.chat->send(w.turn("openai:tiny", p3, first->conversation_id), obs, {});
  REQUIRE(third);
  CHECK(told_dropped >= 2);
  CHECK(told_summarized == 2);
  CHECK(third->summarized_messages == 2);
  // Two requests: the summary of the left-out turns (which carries them), then the turn itself.
  auto reqs = w.emu.requests();
  REQUIRE(reqs.size() == before + 2);
  CHECK(reqs[before].body.find("pineapple") != std::string::npos);
  CHECK(reqs[before].body.find("Summarise this conversation") != std::string::npos);
  const auto& turn = reqs[before + 1].body;
  CHECK(turn.find("Summary of the earlier part of this conversation (2 messages left out") != std::string::npos);
  CHECK(turn.find("pineapple") == std::string::npos);  // the turn itself is gone, its summary stands in
  // The summary is booked in the ledger like any request.
  auto rows = w.db->usage().since(0);
  REQUIRE(rows);
  int summaries = 0;
  for (const auto& r : *rows) summaries += r.kind == "summary";
  CHECK(summaries == 1);
  // The stored conversation keeps every message; the summary is not one of them.
  auto conv = w.db->conversations().get(first->conversation_id);
  REQUIRE(conv);
  CHECK(conv->messages.size() == 6);
}

TEST_CASE("features.chat.history with an unknown value is a config error naming the path") {
  CHECK_THROWS_WITH(World(nlohmann::json{{"features", {{"chat", {{"history", "forget"}}}}}}),
                    Catch::Contains("features.chat.history: expected \"drop\" or \"summarize\", got \"forget\""));
}
