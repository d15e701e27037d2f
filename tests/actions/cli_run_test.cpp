// `byok actions list` and `byok run` end to end: the real binary, a real project folder with .byok.json,
// and the provider emulator (its emu-echo model answers "echo: <last user message>", so the rendered
// prompt is observable in the output, and requests() shows what was sent).
#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/util/subprocess.h"
#include "tests/emulator/emulator.h"

using namespace byok;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {
struct Project {
  fs::path root;
  Project() {
    char tmpl[] = "/tmp/byok-run-XXXXXX";
    root = ::mkdtemp(tmpl);
    fs::create_directories(root / "config/byok");
    fs::create_directories(root / "proj/src");
  }
  ~Project() { fs::remove_all(root); }
  void write(const fs::path& rel, const std::string& text) const { std::ofstream(root / rel) << text; }
  void user_config(const emu::Emulator& e, json actions) const {
    json cfg = {{"providers", {{"openai", {{"base_url", e.https_url() + "/v1"}, {"ca_file", e.ca_file()}}}}},
                {"actions", std::move(actions)}};
    write("config/byok/config.json", cfg.dump(2));
  }
  RunResult byok(std::vector<std::string> args, const std::string& input = {}) const {
    SpawnOptions so;
    so.argv = {"/usr/bin/env", "-C", (root / "proj").string(), BYOK_BINARY};
    so.argv.insert(so.argv.end(), args.begin(), args.end());
    so.env = std::map<std::string, std::string>{{"HOME", root.string()},
                                                {"XDG_CONFIG_HOME", (root / "config").string()},
                                                {"XDG_DATA_HOME", (root / "data").string()},
                                                {"PATH", "/usr/bin:/bin"},
                                                {"OPENAI_API_KEY", "sk-actions-test-0123456789"}};
    auto r = run_program(so, input, std::chrono::seconds(60));
    REQUIRE(r.ok());
    return *r;
  }
};

std::vector<json> json_lines(const std::string& out) {
  std::vector<json> v;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) v.push_back(json::parse(line));
  return v;
}
}  // namespace

TEST_CASE("byok actions list shows built-in, user and project actions; the project overrides", "[actions][cli]") {
  emu::Emulator emu;
  emu.start();
  Project p;
  p.user_config(emu, {{"mine", {{"description", "Mine"}, {"prompt", "{{input}}"}}}});
  p.write("proj/.byok.json", json{{"actions", {{"fix", {{"description", "Team fix"}, {"prompt", "Team: {{selection}}"}}}}}}.dump());
  auto r = p.byok({"actions", "list", "--json"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::map<std::string, json> by_name;
  for (auto& a : json::parse(r.out)["actions"]) by_name[a["name"]] = a;
  CHECK(by_name["fix"]["source"] == "project");
  CHECK(by_name["fix"]["description"] == "Team fix");
  CHECK(by_name["mine"]["source"] == "user");
  CHECK(by_name["explain"]["source"] == "built-in");
  CHECK(by_name.count("commit-message") == 1);

  auto plain = p.byok({"actions", "list"});
  CHECK(plain.exit_code == 0);
  CHECK_THAT(plain.out, Catch::Contains("fix") && Catch::Contains("Team fix  [panel, project]"));
}

TEST_CASE("a bad action in .byok.json is an error naming the field", "[actions][cli]") {
  emu::Emulator emu;
  emu.start();
  Project p;
  p.user_config(emu, json::object());
  p.write("proj/.byok.json", json{{"actions", {{"fix", {{"prompt", "x"}, {"output", "x"}}}}}}.dump());
  auto r = p.byok({"run", "fix"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("actions.fix.output: expected one of \"replace\", \"insert\", \"chat\", \"panel\", got \"x\""));
  CHECK(emu.requests().empty());
  p.write("proj/.byok.json", "{}");
  auto unknown = p.byok({"run", "nope"});
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.err, Catch::StartsWith("byok: unknown action \"nope\" (known: commit-message, docstring, explain"));
}

TEST_CASE("byok run renders the action, sends it with its settings and prints the answer", "[actions][cli]") {
  emu::Emulator emu;
  emu.start();
  Project p;
  p.user_config(emu, {{"ask-about", {{"prompt", "About {{filename}} ({{language}}) lines:\n{{selection}}\nQ: {{input}}"},
                                     {"system", "Be brief."},
                                     {"model", "openai:emu-echo"},
                                     {"temperature", 0.3},
                                     {"max_tokens", 99}}}});
  p.write("proj/src/calc.py", "def add(a, b):\n    return a - b\n\nprint(add(1, 2))\n");
  auto r = p.byok({"run", "ask-about", "--file", "src/calc.py", "--range", "1:2", "--input", "why?"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out == "echo: About src/calc.py (python) lines:\ndef add(a, b):\n    return a - b\nQ: why?\n");
  CHECK_THAT(r.err, Catch::Contains("byok: context: selection src/calc.py:1-2 (~8 tokens), input (~1 token)"));
  auto reqs = emu.requests();
  REQUIRE(reqs.size() == 1);
  auto body = json::parse(reqs[0].body);
  CHECK(body["model"] == "emu-echo");
  CHECK(body["temperature"] == 0.3);
  CHECK(body["messages"][0]["content"] == "Be brief.");

  // --json: the context first, then the stream, the result and done.
  auto j = p.byok({"run", "ask-about", "--json", "--file", "src/calc.py", "--range", "4", "--input", "ok"});
  REQUIRE(j.exit_code == 0);
  auto events = json_lines(j.out);
  REQUIRE(events.size() >= 3);
  CHECK(events.front()["type"] == "context");
  CHECK(events.front()["items"][0]["label"] == "selection src/calc.py:4-4");
  CHECK(events[events.size() - 2]["type"] == "result");
  CHECK(events[events.size() - 2]["text"] == "echo: About src/calc.py (python) lines:\nprint(add(1, 2))\nQ: ok");
  CHECK(events.back()["type"] == "done");

  auto missing = p.byok({"run", "ask-about", "--input", "x"});
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Catch::Contains("action \"ask-about\" needs a selection (--file F --range L1:L2)"));
}

TEST_CASE("byok run applies the extractor, warns on secret files and reports trimming", "[actions][cli]") {
  emu::Emulator emu;
  emu.start();
  Project p;
  p.user_config(emu, {{"code-only", {{"prompt", "{{input}}"}, {"model", "openai:emu-echo"}, {"extract", "code"}}},
                      {"answer", {{"prompt", "{{input}}"}, {"model", "openai:emu-echo"}, {"extract", {{"regex", "ANSWER: (\\w+)"}}}}},
                      {"with-file", {{"prompt", "{{selection}}"}, {"model", "openai:emu-echo"}, {"context", {"file"}}}}});
  auto r = p.byok({"run", "code-only", "--input", "thinking…\n```py\nx = 1\n```\ndone"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "x = 1\n");
  r = p.byok({"run", "answer", "--input", "so ANSWER: yes"});
  CHECK(r.exit_code == 0);
  CHECK(r.out == "yes\n");
  r = p.byok({"run", "code-only", "--input", "no code"});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("the answer has no fenced code block to extract"));

  p.write("proj/.env", "DB_PASSWORD=hunter2\n");
  p.write("proj/.byokignore", "private/\n");
  r = p.byok({"run", "answer", "--input", "read @.env ANSWER: ok"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.err, Catch::Contains("byok: warning: attaching .env although it is normally excluded from context: looks like a secret file (.env) (named explicitly)"));

  std::string big;
  for (int i = 0; i < 300; ++i) big += "line " + std::to_string(i) + " of a long file.................\n";
  p.write("proj/big.txt", big);
  r = p.byok({"run", "with-file", "--file", "big.txt", "--range", "1:1", "--context-budget", "300"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.err, Catch::Contains("byok: context trimmed: file big.txt: cut from ~"));
  CHECK_THAT(r.out, Catch::StartsWith("echo: line 0 of a long file") && Catch::Contains("[… cut by byok to fit"));
}

TEST_CASE("byok run fix runs without an editor, and takes a compiler's diagnostics with --diagnostics", "[actions][cli]") {
  emu::Emulator emu;
  emu.start();
  Project p;
  p.user_config(emu, json::object());
  p.write("proj/src/calc.c", "int add(int a, int b) {\n  return a + b\n}\n\nint unused;\n");
  p.write("proj/build.log",
          "src/calc.c: In function 'add':\n"
          "src/calc.c:2:15: error: expected ';' before '}' token\n"
          "    2 |   return a + b\n"
          "      |               ^\n"
          "src/calc.c:5:5: warning: 'unused' defined but not used\n");
  // The built-in fix lists its diagnostics as optional: without any it still runs.
  auto plain = p.byok({"run", "fix", "--model", "openai:emu-echo", "--file", "src/calc.c", "--range", "1:3"});
  INFO(plain.err);
  CHECK(plain.exit_code == 0);
  CHECK(plain.out == "int add(int a, int b) {\n  return a + b\n}\n");  // the code block of emu-echo's answer
  REQUIRE(emu.requests().size() == 1);
  auto sent = json::parse(emu.requests()[0].body)["messages"].back()["content"].get<std::string>();
  CHECK(sent == "Fix the bugs in this c code from src/calc.c.\n\n```c\nint add(int a, int b) {\n  return a + b\n}\n```");

  auto with = p.byok({"run", "fix", "--json", "--model", "openai:emu-echo", "--file", "src/calc.c", "--range", "1:3",
                      "--diagnostics", "build.log"});
  REQUIRE(emu.requests().size() == 2);
  sent = json::parse(emu.requests()[1].body)["messages"].back()["content"].get<std::string>();
  CHECK_THAT(sent, Catch::Contains("from src/calc.c.\nDiagnostics reported for src/calc.c:1-3:\n"
                                   "src/calc.c:2:15: error: expected ';' before '}' token\n\n```c"));
  CHECK_THAT(sent, !Catch::Contains("unused"));  // line 5 is outside the range
  auto events = json_lines(with.out);
  REQUIRE_FALSE(events.empty());
  CHECK(events.front()["items"][1]["label"] == "diagnostics src/calc.c:1-3 (1)");

  auto stdin_diags = p.byok({"run", "fix", "--model", "openai:emu-echo", "--file", "src/calc.c", "--range", "5",
                             "--diagnostics", "-"},
                            "src/calc.c:5:5: warning: 'unused' defined but not used\n");
  REQUIRE(emu.requests().size() == 3);
  CHECK_THAT(json::parse(emu.requests()[2].body)["messages"].back()["content"].get<std::string>(),
             Catch::Contains("src/calc.c:5:5: warning: 'unused' defined but not used"));

  auto garbage = p.byok({"run", "fix", "--file", "src/calc.c", "--range", "1:3", "--diagnostics", "-"}, "all fine\n");
  CHECK(garbage.exit_code == 2);
  CHECK_THAT(garbage.err, Catch::Contains("--diagnostics (stdin): no line of the form path:line[:column]: severity: message"));
  auto no_file = p.byok({"run", "fix", "--diagnostics", "build.log"});
  CHECK(no_file.exit_code == 2);
  CHECK_THAT(no_file.err, Catch::Contains("--diagnostics needs --file"));
  CHECK(emu.requests().size() == 3);
}
