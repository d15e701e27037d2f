// Provider-neutral transcripts: every translation rule, and a model switch mid-conversation across every
// ordered pair of chat wire formats, checked in the emulator's request log.
#include <catch2/catch.hpp>

#include "core/llm/transcript.h"
#include "tests/emulator/reply_text.h"
#include "tests/store/fixture.h"
#include "tests/store/wire_history.h"

using namespace byok;
using byok::test::WireTurn;
using byok::test::World;

namespace {

struct Wire {
  std::string provider, wire, model, assistant_role;
};

const std::vector<Wire>& wires() {
  static const std::vector<Wire> w = {{"openai", "openai-chat", "gpt-4o-mini", "assistant"},
                                      {"anthropic", "anthropic", "claude-haiku-4-5", "assistant"},
                                      {"gemini", "gemini", "gemini-2.5-flash", "model"},
                                      {"ollama", "ollama-chat", "llama3:8b", "assistant"}};
  return w;
}

// The last request the emulator saw, as history in `wire`'s terms.
test::WireHistory last_history(World& w, const std::string& wire) {
  auto reqs = w.emu.requests();
  REQUIRE_FALSE(reqs.empty());
  return test::wire_history(wire, reqs.back().body);
}

chat::TurnResult send(World& w, chat::TurnRequest t) {
  auto r = w.chat->send(t, {}, {});
  REQUIRE(r);
  return std::move(*r);
}

}  // namespace

TEST_CASE("translation rules on the neutral transcript") {
  llm::ChatRequest req;
  req.system = "base";
  req.messages = {{llm::Role::System, "extra"},  {llm::Role::Assistant, "orphan answer"},
                  {llm::Role::User, "a"},        {llm::Role::User, "b"},
                  {llm::Role::Assistant, "  "},  {llm::Role::Assistant, "c"},
                  {llm::Role::User, "d"}};
  SECTION("system prompt: ChatRequest::system then Role::System messages, blank-line joined") {
    CHECK(llm::collect_system(req) == "base\n\nextra");
  }
  SECTION("consecutive same-role turns merge; empty turns vanish; system messages leave the turns") {
    auto turns = llm::conversation_turns(req);
    REQUIRE(turns.size() == 4);
    CHECK(turns[0].text == "orphan answer");
    CHECK(turns[1].role == llm::Role::User);
    CHECK(turns[1].text == "a\n\nb");
    CHECK(turns[2].text == "c");
    CHECK(turns[3].text == "d");
  }
  SECTION("alternating transcripts (Anthropic, Gemini) open with a user turn") {
    auto turns = llm::alternating_turns(req);
    REQUIRE(turns.size() == 5);
    CHECK(turns[0].role == llm::Role::User);
    CHECK(turns[0].text == "(conversation continues)");
    for (size_t i = 1; i < turns.size(); ++i) CHECK(turns[i].role != turns[i - 1].role);
  }
}

TEST_CASE("each wire format places the system prompt and names the roles its own way") {
  World w;
  const std::string reply(emu::default_chat_reply());
  for (const auto& wire : wires()) {
    INFO(wire.wire);
    auto t = w.turn(wire.provider + ":" + wire.model, "question one");
    t.system = "Answer in French.";
    auto first = send(w, t);
    CHECK(first.status == store::MessageStatus::Complete);
    CHECK(first.text == reply);
    send(w, w.turn("", "question two", first.conversation_id));
    auto h = last_history(w, wire.wire);
    CHECK(h.system == "Answer in French.");
    CHECK(h.system_in_messages == (wire.wire == "openai-chat" || wire.wire == "ollama-chat"));
    std::vector<WireTurn> expected = {{"user", "question one"}, {wire.assistant_role, reply}, {"user", "question two"}};
    CHECK(h.turns == expected);
  }
}

TEST_CASE("switching model mid-conversation sends the full history, for every pair of wire formats") {
  World w;
  const std::string reply(emu::default_chat_reply());
  for (const auto& from : wires()) {
    for (const auto& to : wires()) {
      if (from.wire == to.wire) continue;
      INFO(from.wire + " -> " + to.wire);
      auto t = w.turn(from.provider + ":" + from.model, "first, asked of " + from.provider);
      t.system = "Be terse.";
      auto first = send(w, t);
      REQUIRE(first.status == store::MessageStatus::Complete);
      auto second = send(w, w.turn(to.provider + ":" + to.model, "second, asked of " + to.provider, first.conversation_id));
      REQUIRE(second.status == store::MessageStatus::Complete);
      CHECK(second.provider == to.provider);

      auto reqs = w.emu.requests();
      REQUIRE(reqs.size() >= 2);
      // The first request went to `from` with just the first prompt…
      auto before = test::wire_history(from.wire, reqs[reqs.size() - 2].body);
      CHECK(before.turns == std::vector<WireTurn>{{"user", "first, asked of " + from.provider}});
      // …and the second to `to`, carrying everything in `to`'s format.
      auto after = test::wire_history(to.wire, reqs.back().body);
      CHECK(after.system == "Be terse.");
      std::vector<WireTurn> expected = {{"user", "first, asked of " + from.provider},
                                        {to.assistant_role, reply},
                                        {"user", "second, asked of " + to.provider}};
      CHECK(after.turns == expected);

      auto conv = w.db->conversations().get(first.conversation_id);
      REQUIRE(conv);
      REQUIRE(conv->messages.size() == 4);
      CHECK(conv->messages[1].provider == from.provider);
      CHECK(conv->messages[3].provider == to.provider);
    }
  }
}

TEST_CASE("continuing without naming a model keeps the conversation's last model") {
  World w;
  auto first = send(w, w.turn("anthropic:claude-haiku-4-5", "hi"));
  auto second = send(w, w.turn("", "again", first.conversation_id));
  CHECK(second.provider == "anthropic");
  CHECK(second.model == "claude-haiku-4-5");
}

TEST_CASE("a failed answer leaves two user turns in a row; the next provider gets them merged") {
  World w;
  auto failed = w.chat->send(w.turn("openai:emu-401", "part one"), {}, {});
  REQUIRE(failed);
  CHECK(failed->status == store::MessageStatus::Failed);
  REQUIRE(failed->error);
  CHECK(failed->error->status == 401);
  auto conv = w.db->conversations().get(failed->conversation_id);
  REQUIRE(conv);
  CHECK(conv->messages[1].status == store::MessageStatus::Failed);
  CHECK_THAT(conv->messages[1].error, Catch::Contains("401"));

  for (const auto& wire : wires()) {
    if (wire.wire == "openai-chat") continue;
    INFO(wire.wire);
    auto branch = w.db->conversations().branch(failed->conversation_id);
    REQUIRE(branch);
    send(w, w.turn(wire.provider + ":" + wire.model, "part two", *branch));
    auto h = last_history(w, wire.wire);
    CHECK(h.turns == std::vector<WireTurn>{{"user", "part one\n\npart two"}});
  }
}

TEST_CASE("a conversation that opens with an answer still opens with the user for Anthropic and Gemini") {
  World w;
  auto id = w.db->conversations().create("kept answer");
  REQUIRE(id);
  store::NewMessage a;
  a.role = llm::Role::Assistant;
  a.text = "an answer kept on its own";
  a.provider = "openai";
  a.model = "gpt-4o-mini";
  REQUIRE(w.db->conversations().append(*id, a));
  for (const auto& wire : wires()) {
    INFO(wire.wire);
    auto branch = w.db->conversations().branch(*id);
    REQUIRE(branch);
    send(w, w.turn(wire.provider + ":" + wire.model, "follow-up", *branch));
    auto h = last_history(w, wire.wire);
    REQUIRE(h.turns.size() >= 2);
    CHECK(h.turns[h.turns.size() - 2] == WireTurn{wire.assistant_role, "an answer kept on its own"});
    if (wire.wire == "anthropic" || wire.wire == "gemini") CHECK(h.turns[0] == WireTurn{"user", "(conversation continues)"});
  }
}
