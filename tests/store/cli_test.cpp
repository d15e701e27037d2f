// The real `byok` binary: conversations recorded by `ask`, continued with another provider, history and
// usage commands, compare --json, budgets — and crash safety: SIGKILL mid-stream, then the database must
// open cleanly with the user's message and the partial answer up to the last flush.
#include <signal.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "core/store/store.h"
#include "core/util/subprocess.h"
#include "tests/store/fixture.h"

using namespace byok;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

struct Cli {
  test::TempDir dir;
  emu::Emulator emu;

  explicit Cli(json config = json::object()) {
    emu.start();
    std::filesystem::create_directories(dir.path() / "config" / "byok");
    json doc{{"providers", test::emulator_providers(emu)}, {"retries", {{"max_attempts", 1}}}};
    for (auto& [k, v] : config.items()) doc[k] = v;
    std::ofstream(dir.path() / "config" / "byok" / "config.json") << doc.dump(2);
  }

  std::map<std::string, std::string> env() const {
    return {{"PATH", "/usr/bin:/bin"},
            {"HOME", dir.path().string()},
            {"XDG_DATA_HOME", (dir.path() / "data").string()},
            {"XDG_CONFIG_HOME", (dir.path() / "config").string()},
            {"OPENAI_API_KEY", "sk-test-openai-0000"},
            {"ANTHROPIC_API_KEY", "sk-ant-test-0000"},
            {"GEMINI_API_KEY", "gm-test-0000"}};
  }

  SpawnOptions spawn_options(std::vector<std::string> args) const {
    SpawnOptions o;
    o.argv = {BYOK_BINARY};
    o.argv.insert(o.argv.end(), args.begin(), args.end());
    o.env = env();
    return o;
  }

  RunResult run(std::vector<std::string> args) const {
    auto r = run_program(spawn_options(std::move(args)), "", 60s);
    REQUIRE(r);
    return *r;
  }

  std::filesystem::path db_path() const { return dir.path() / "data" / "byok" / "byok.db"; }
};

std::vector<json> json_lines(const std::string& out) {
  std::vector<json> v;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) v.push_back(json::parse(line));
  return v;
}

// Opens the database a killed byok left behind and checks SQLite finds it intact.
std::unique_ptr<store::Store> open_intact(const std::filesystem::path& db) {
  auto s = store::Store::open(db);
  REQUIRE(s);
  {
    auto lock = (*s)->db().lock();
    auto ic = (*s)->db().prepare("PRAGMA integrity_check");
    REQUIRE(ic);
    REQUIRE(*ic->step());
    CHECK(ic->text_at(0) == "ok");
  }
  return std::move(*s);
}

}  // namespace

TEST_CASE("byok ask records the exchange; --continue switches provider with the full history") {
  Cli cli;
  auto first = cli.run({"ask", "--json", "--model", "anthropic:claude-haiku-4-5", "--system", "Be kind.", "What is 2+2?"});
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  auto events = json_lines(first.out);
  REQUIRE(events.back()["type"] == "done");
  REQUIRE(events.back()["conversation"].is_number_integer());
  int64_t id = events.back()["conversation"];

  auto second = cli.run({"ask", "--json", "--continue", std::to_string(id), "--model", "gemini:gemini-2.5-flash", "And 3+3?"});
  INFO(second.err);
  REQUIRE(second.exit_code == 0);
  CHECK(json_lines(second.out).back()["conversation"] == id);
  auto body = json::parse(cli.emu.requests().back().body);
  REQUIRE(body["contents"].size() == 3);
  CHECK(body["contents"][0]["parts"][0]["text"] == "What is 2+2?");
  CHECK(body["contents"][1]["role"] == "model");
  CHECK(body["systemInstruction"]["parts"][0]["text"] == "Be kind.");

  // Without a model, the conversation's last one (gemini) answers.
  auto third = cli.run({"ask", "--json", "-c", std::to_string(id), "Thanks"});
  REQUIRE(third.exit_code == 0);
  CHECK(json_lines(third.out).back()["provider"] == "gemini");

  auto list = cli.run({"history", "list", "--json"});
  REQUIRE(list.exit_code == 0);
  auto arr = json::parse(list.out);
  REQUIRE(arr.size() == 1);
  CHECK(arr[0]["messages"] == 6);
  CHECK(arr[0]["title"] == "What is 2+2?");

  auto md = cli.run({"history", "export", std::to_string(id), "--format", "md"});
  REQUIRE(md.exit_code == 0);
  CHECK_THAT(md.out, Catch::Contains("## Assistant (anthropic:claude-haiku-4-5)") &&
                         Catch::Contains("## Assistant (gemini:gemini-2.5-flash)") && Catch::Contains("And 3+3?"));
  auto js = cli.run({"history", "export", std::to_string(id), "--format", "json"});
  REQUIRE(js.exit_code == 0);
  CHECK(json::parse(js.out)["messages"].size() == 6);

  auto usage = cli.run({"usage", "--json", "--by", "provider", "--since", "all"});
  REQUIRE(usage.exit_code == 0);
  auto u = json::parse(usage.out);
  CHECK(u["total"]["requests"] == 3);
  CHECK(u["total"]["cost_usd"].get<double>() > 0);

  CHECK(cli.run({"history", "rename", std::to_string(id), "Arithmetic"}).exit_code == 0);
  CHECK_THAT(cli.run({"history", "show", std::to_string(id)}).out, Catch::Contains("# Arithmetic"));
  CHECK(cli.run({"history", "rm", std::to_string(id)}).exit_code == 0);
  auto gone = cli.run({"history", "show", std::to_string(id)});
  CHECK(gone.exit_code != 0);
  CHECK_THAT(gone.err, Catch::Contains("no conversation " + std::to_string(id)));
  auto bad = cli.run({"ask", "--continue", "999", "hi"});
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("no conversation 999"));
}

TEST_CASE("byok compare --json streams every model with tagged events and per-model stats") {
  Cli cli;
  auto r = cli.run({"compare", "--json", "--model", "openai:gpt-4o-mini", "--model", "anthropic:claude-haiku-4-5",
                    "--model", "ollama:llama3", "--keep", "2", "Compare this"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::map<std::string, std::string> text;
  std::map<std::string, json> done;
  int64_t kept = 0;
  for (const auto& e : json_lines(r.out)) {
    REQUIRE(e.contains("model"));
    if (e["type"] == "delta") text[e["model"]] += e["text"].get<std::string>();
    if (e["type"] == "done") done[e["model"]] = e;
    if (e["type"] == "kept") kept = e["conversation"];
  }
  REQUIRE(done.size() == 3);
  for (const auto& [model, d] : done) {
    INFO(model);
    CHECK(text[model] == "Hello from the byok emulator — ünïcødé ✓ 👋.");
    CHECK(d["ttft_ms"].is_number());
    CHECK(d["latency_ms"].is_number());
    CHECK(d["output_tokens"].get<int>() > 0);
    CHECK(d.contains("cost_usd"));
  }
  REQUIRE(kept > 0);
  auto show = cli.run({"history", "show", "--json", std::to_string(kept)});
  REQUIRE(show.exit_code == 0);
  CHECK(json::parse(show.out)["messages"][1]["provider"] == "anthropic");
  auto usage = json::parse(cli.run({"usage", "--json", "--by", "kind", "--since", "today"}).out);
  REQUIRE(usage["rows"].size() == 1);
  CHECK(usage["rows"][0]["group"] == "compare");
  CHECK(usage["rows"][0]["requests"] == 3);

  auto blocks = cli.run({"compare", "--model", "openai:gpt-4o-mini", "--model", "ollama:llama3", "Plain"});
  REQUIRE(blocks.exit_code == 0);
  CHECK_THAT(blocks.out, Catch::Contains("== openai:gpt-4o-mini ==") && Catch::Contains("== ollama:llama3 ==") &&
                             Catch::Contains("tokens ·"));
}

TEST_CASE("byok ask refuses over budget before sending, naming the budget and the fix") {
  Cli cli(json{{"budgets", {{"openai", {{"daily_usd", 0}}}}}});
  auto r = cli.run({"ask", "--model", "openai:gpt-4o-mini", "hello"});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("openai daily budget reached") && Catch::Contains("budgets.openai.daily_usd"));
  CHECK(cli.emu.requests().empty());
  auto est = cli.run({"ask", "--estimate", "--json", "--model", "openai:gpt-4o-mini", "hello"});
  auto e = json::parse(est.out);
  CHECK(e["input_tokens"].get<int>() > 0);
  CHECK(e["context_window"] == 128000);
  CHECK_THAT(e["refusal"].get<std::string>(), Catch::Contains("budget"));
  CHECK(cli.emu.requests().empty());

  Cli bad(json{{"budgets", {{"openai", {{"daily_usd", "lots"}}}}}});
  auto b = bad.run({"ask", "--model", "openai:gpt-4o-mini", "hello"});
  CHECK(b.exit_code == 2);
  CHECK_THAT(b.err, Catch::Contains("budgets.openai.daily_usd: expected number"));
}

TEST_CASE("SIGKILL mid-stream loses at most the in-flight part; the database opens cleanly") {
  Cli cli;
  std::string reply;
  for (int i = 0; i < 40; ++i) reply += "word" + std::to_string(i) + " ";
  emu::Scenario slow;
  slow.reply = reply;
  slow.token_ms = 60;  // ~60 chunks: several seconds of streaming
  cli.emu.set_scenario("slow-story", slow);

  auto proc = Subprocess::spawn(cli.spawn_options({"ask", "--model", "ollama:slow-story", "Tell me a long story"}));
  REQUIRE(proc);

  // Watch the database from outside (as another process would) until a partial answer has been flushed.
  std::string seen;
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline && seen.size() < 40) {
    std::this_thread::sleep_for(50ms);
    if (!std::filesystem::exists(cli.db_path())) continue;
    auto db = store::Database::open(cli.db_path(), {1000, false});
    if (!db) continue;
    auto st = (*db)->prepare("SELECT text FROM messages WHERE role = 'assistant'");
    if (!st) continue;  // schema not created yet
    if (auto row = st->step(); row && *row) seen = st->text_at(0);
  }
  REQUIRE(seen.size() >= 40);
  REQUIRE(::kill(proc->pid(), SIGKILL) == 0);
  CHECK(proc->wait() == 128 + SIGKILL);

  auto s = open_intact(cli.db_path());
  auto list = s->conversations().list();
  REQUIRE(list);
  REQUIRE(list->size() == 1);
  auto conv = s->conversations().get(list->front().id);
  REQUIRE(conv);
  REQUIRE(conv->messages.size() == 2);
  CHECK(conv->messages[0].text == "Tell me a long story");
  CHECK(conv->messages[0].status == store::MessageStatus::Complete);
  const auto& answer = conv->messages[1];
  CHECK(answer.status == store::MessageStatus::Streaming);  // shown as interrupted
  CHECK(answer.provider == "ollama");
  // What survived is a prefix of the reply, at least what had been seen flushed, and short of the whole.
  CHECK(reply.compare(0, answer.text.size(), answer.text) == 0);
  CHECK(answer.text.size() >= seen.size());
  CHECK(answer.text.size() < reply.size());

  // The next byok opens it and carries on.
  auto show = cli.run({"history", "show", std::to_string(conv->info.id)});
  CHECK(show.exit_code == 0);
  CHECK_THAT(show.out, Catch::Contains("(interrupted)"));
  auto next = cli.run({"ask", "--json", "-c", std::to_string(conv->info.id), "Go on"});
  CHECK(next.exit_code == 0);
  auto body = json::parse(cli.emu.requests().back().body);
  REQUIRE(body["messages"].size() == 3);
  CHECK(body["messages"][1]["content"] == answer.text);
}

TEST_CASE("100 SIGKILLs at random points of byok ask: the database stays intact and usable") {
  Cli cli;
  std::string reply;
  for (int i = 0; i < 30; ++i) reply += "w" + std::to_string(i) + " ";
  emu::Scenario quick;
  quick.reply = reply;
  quick.token_ms = 2;
  cli.emu.set_scenario("quick-story", quick);
  std::mt19937 rng(20261126);  // fixed: a failure reproduces
  std::uniform_int_distribution<int> delay_us(0, 60'000);
  int killed = 0;
  for (int round = 0; round < 100; ++round) {
    auto proc = Subprocess::spawn(cli.spawn_options({"ask", "--model", "ollama:quick-story", "round " + std::to_string(round)}));
    REQUIRE(proc);
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(rng)));  // opening, writing, streaming, exiting
    if (::kill(proc->pid(), SIGKILL) == 0) ++killed;
    (void)proc->wait();
  }
  CHECK(killed > 50);
  auto s = open_intact(cli.db_path());
  auto list = s->conversations().list();
  REQUIRE(list);
  for (const auto& info : *list) {
    auto conv = s->conversations().get(info.id);
    REQUIRE(conv);
    // A conversation is created with the user's message in it; an answer is complete, or shown as interrupted.
    REQUIRE_FALSE(conv->messages.empty());
    CHECK(conv->messages[0].role == llm::Role::User);
    CHECK(conv->messages[0].text.rfind("round ", 0) == 0);
    for (size_t i = 1; i < conv->messages.size(); ++i)
      CHECK(reply.compare(0, conv->messages[i].text.size(), conv->messages[i].text) == 0);
  }
  // And byok carries on with it.
  auto after = cli.run({"ask", "--model", "ollama:quick-story", "after the storm"});
  CHECK(after.exit_code == 0);
  CHECK(cli.run({"history", "list"}).exit_code == 0);
}
