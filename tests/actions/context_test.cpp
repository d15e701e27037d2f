// Context: exclusion (.byokignore, .gitignore via a real git repository, secret-looking files), @path
// files with warnings, token accounting, trimming with notices, and prepare_action over real files.
#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "core/actions/action.h"
#include "core/actions/prepare.h"
#include "core/context/exclusion.h"
#include "core/context/gather.h"
#include "core/context/trim.h"
#include "core/util/subprocess.h"

using namespace byok;
using namespace byok::context;
namespace fs = std::filesystem;

namespace {
struct Workspace {
  fs::path root;
  Workspace() {
    char tmpl[] = "/tmp/byok-actions-XXXXXX";
    root = ::mkdtemp(tmpl);
  }
  ~Workspace() { fs::remove_all(root); }
  void write(const std::string& rel, const std::string& text) const {
    fs::create_directories((root / rel).parent_path());
    std::ofstream(root / rel) << text;
  }
  void git(std::vector<std::string> args) const {
    SpawnOptions so;
    so.argv = {"git", "-C", root.string(), "-c", "user.email=t@example.com", "-c", "user.name=t"};
    so.argv.insert(so.argv.end(), args.begin(), args.end());
    so.env = std::map<std::string, std::string>{{"PATH", "/usr/bin:/bin"}, {"HOME", root.string()}};
    auto r = run_program(so, "", std::chrono::seconds(20));
    REQUIRE(r.ok());
    INFO(r->err);
    REQUIRE(r->exit_code == 0);
  }
};

actions::Action action_from(const nlohmann::json& j) {
  auto a = actions::parse_action("t", j, "user");
  REQUIRE(a.ok());
  return *a;
}
}  // namespace

TEST_CASE("secret-looking files are recognised by name and by content", "[context][exclusion]") {
  for (const char* n : {".env", ".env.local", "prod.env", "server.pem", "tls.key", "id_rsa", "id_ed25519.pub", ".netrc"}) {
    INFO(n);
    CHECK(secret_file_name(n));
  }
  for (const char* n : {"main.cpp", "environment.md", "keyboard.c", "README"}) {
    INFO(n);
    CHECK_FALSE(secret_file_name(n));
  }
  CHECK(content_looks_secret("OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwxyz0123"));
  CHECK(content_looks_secret("aws = AKIAABCDEFGHIJKLMNOP"));
  CHECK(content_looks_secret("-----BEGIN OPENSSH PRIVATE KEY-----\n"));
  CHECK_FALSE(content_looks_secret("int main() { return sk - 1; }"));
}

TEST_CASE(".byokignore, .gitignore and secret files are excluded; named files attach with a warning", "[context][exclusion]") {
  Workspace ws;
  ws.git({"init", "-q"});
  ws.write(".gitignore", "build/\n*.log\n");
  ws.write(".byokignore", "# private notes\nnotes/\n/vendor/big.c\n*.secret.md\n");
  ws.write("src/main.cpp", "int main() {}\n");
  ws.write("build/out.cpp", "generated\n");
  ws.write("run.log", "log\n");
  ws.write("notes/todo.md", "todo\n");
  ws.write("vendor/big.c", "big\n");
  ws.write("docs/plan.secret.md", "plan\n");
  ws.write(".env", "X=1\n");
  ws.write("config.txt", "token: sk-ant-abcdefghijklmnopqrstuvwxyz012345\n");

  ExclusionRules rules(ws.root);
  CHECK_FALSE(rules.reason(ws.root / "src/main.cpp"));
  CHECK(rules.reason(ws.root / "build/out.cpp") == std::optional<std::string>("ignored by .gitignore"));
  CHECK(rules.reason(ws.root / "run.log") == std::optional<std::string>("ignored by .gitignore"));
  CHECK(rules.reason(ws.root / "notes/todo.md") == std::optional<std::string>("matches .byokignore pattern \"notes/\""));
  CHECK(rules.reason(ws.root / "vendor/big.c") == std::optional<std::string>("matches .byokignore pattern \"/vendor/big.c\""));
  CHECK(rules.reason(ws.root / "docs/plan.secret.md") ==
        std::optional<std::string>("matches .byokignore pattern \"*.secret.md\""));
  CHECK(rules.reason(ws.root / ".env") == std::optional<std::string>("looks like a secret file (.env)"));
  CHECK(rules.reason(ws.root / "config.txt") == std::optional<std::string>("content looks like an API key or private key"));

  auto named = named_files({"src/main.cpp", ".env"}, ws.root, rules);
  REQUIRE(named.ok());
  REQUIRE(named->items.size() == 2);
  CHECK(named->items[1].text == "X=1\n");
  REQUIRE(named->warnings.size() == 1);
  CHECK(named->warnings[0] ==
        "attaching .env although it is normally excluded from context: looks like a secret file (.env) (named explicitly)");
  auto missing = named_files({"nope.txt"}, ws.root, rules);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message == "@nope.txt: no such file");
  CHECK(at_paths("look at @src/main.cpp, and @README.md. not me@example.com") ==
        std::vector<std::string>{"src/main.cpp", "README.md"});
}

TEST_CASE("context items count tokens at ~4 bytes each and trimming reports what was cut", "[context][trim]") {
  auto sel = make_item("selection", "selection a.cpp:1-2", std::string(40, 'x'));
  CHECK(sel.tokens == 10);
  CHECK(describe(sel) == "selection a.cpp:1-2 (~10 tokens)");
  std::string big;
  for (int i = 0; i < 100; ++i) big += std::string(39, 'a' + i % 26) + "\n";  // 100 lines, 4,000 bytes
  auto file = make_item("file", "file a.cpp", big);
  auto clip = make_item("clipboard", "clipboard", std::string(400, 'c'));
  CHECK(file.tokens == 1000);

  std::vector<ContextItem> fits{sel, file};
  auto none = trim_to_budget(fits, 2000);
  REQUIRE(none.ok());
  CHECK(none->notices.empty());
  CHECK(none->total_tokens == 1010);

  std::vector<ContextItem> items{sel, file, clip};
  auto r = trim_to_budget(items, 510);
  REQUIRE(r.ok());
  REQUIRE(r->notices.size() == 2);
  CHECK(r->notices[0] == "clipboard: left out (~100 tokens) to fit the budget of ~510 tokens");  // cut first
  CHECK_THAT(r->notices[1], Catch::StartsWith("file a.cpp: cut from ~1000 to ~") &&
                                Catch::EndsWith(" tokens to fit the budget of ~510 tokens"));
  CHECK(r->total_tokens <= 510);
  REQUIRE(items.size() == 2);
  CHECK(items[0].text == sel.text);  // the selection is never cut
  CHECK(items[1].trimmed);
  CHECK_THAT(items[1].text, Catch::EndsWith("[… cut by byok to fit the model's context budget …]\n"));

  std::vector<ContextItem> only_sel{sel};
  auto over = trim_to_budget(only_sel, 5);
  REQUIRE_FALSE(over.ok());
  CHECK_THAT(over.error().message, Catch::StartsWith("the selection and input alone are ~10 tokens, over the model's budget of ~5"));
}

TEST_CASE("prepare_action renders file, range, input, git diff and attached context", "[context][prepare]") {
  Workspace ws;
  ws.git({"init", "-q"});
  ws.write("src/calc.py", "def add(a, b):\n    return a - b\n\nprint(add(1, 2))\n");
  ws.git({"add", "."});
  ws.git({"commit", "-qm", "init"});
  ws.write("src/calc.py", "def add(a, b):\n    return a + b\n\nprint(add(1, 2))\n");
  ws.git({"add", "."});  // staged: git_diff_staged has the change, git_diff is empty

  actions::RunInputs in;
  in.root = ws.root;
  in.file = ws.root / "src/calc.py";
  in.file_shown = "src/calc.py";
  in.range = LineRange{1, 2};
  in.input = "French";
  auto a = action_from({{"prompt", "{{language}} {{filename}} [{{selection}}] to {{input}}"}, {"context", {"file"}}});
  auto p = actions::prepare_action(a, in, 0);
  REQUIRE(p.ok());
  CHECK(p->prompt == "python src/calc.py [def add(a, b):\n    return a + b] to French\n\n--- file src/calc.py ---\n" +
                         std::string("def add(a, b):\n    return a + b\n\nprint(add(1, 2))\n"));
  REQUIRE(p->items.size() == 3);
  CHECK(p->items[0].label == "selection src/calc.py:1-2");
  CHECK(p->context_tokens == p->items[0].tokens + p->items[1].tokens + p->items[2].tokens);

  auto commit = action_from({{"prompt", "Message for:\n{{git_diff_staged}}"}});
  auto c = actions::prepare_action(commit, in, 0);
  REQUIRE(c.ok());
  CHECK_THAT(c->prompt, Catch::Contains("-    return a - b\n+    return a + b"));
  auto unstaged = actions::prepare_action(action_from({{"prompt", "{{git_diff}}"}}), in, 0);
  REQUIRE_FALSE(unstaged.ok());
  CHECK_THAT(unstaged.error().message, Catch::StartsWith("git diff (unstaged) is empty"));

  actions::RunInputs bare;
  bare.root = ws.root;
  auto need_sel = actions::prepare_action(a, bare, 0);
  REQUIRE_FALSE(need_sel.ok());
  CHECK(need_sel.error().message == "action \"t\" needs a selection (--file F --range L1:L2)");
  auto need_input = actions::prepare_action(action_from({{"prompt", "{{input}}"}}), bare, 0);
  REQUIRE_FALSE(need_input.ok());
  CHECK(need_input.error().message == "action \"t\" needs input text (--input TEXT)");

  // @path in the input attaches the file; a secret one with a warning.
  ws.write(".env", "DB_PASSWORD=hunter2\n");
  bare.input = "compare @src/calc.py with @.env";
  auto at = actions::prepare_action(action_from({{"prompt", "Q: {{input}}\n{{files}}"}}), bare, 0);
  REQUIRE(at.ok());
  CHECK_THAT(at->prompt, Catch::Contains("--- src/calc.py ---\ndef add") && Catch::Contains("--- .env ---\nDB_PASSWORD"));
  REQUIRE(at->warnings.size() == 1);
  CHECK_THAT(at->warnings[0], Catch::StartsWith("attaching .env although"));

  // Over budget: the file is cut, the selection kept, and a notice says so.
  std::string big;
  for (int i = 0; i < 400; ++i) big += "line " + std::to_string(i) + " of a long file............\n";
  ws.write("big.txt", big);
  in.file = ws.root / "big.txt";
  in.file_shown = "big.txt";
  in.range = LineRange{1, 1};
  auto trimmed = actions::prepare_action(action_from({{"prompt", "{{selection}}"}, {"context", {"file"}}}), in, 200);
  REQUIRE(trimmed.ok());
  REQUIRE(trimmed->notices.size() == 1);
  CHECK_THAT(trimmed->notices[0], Catch::StartsWith("file big.txt: cut from ~"));
  CHECK(trimmed->context_tokens <= 200);
}

TEST_CASE("diagnostics in the selected range are attached, and compiler output is parsed", "[context][diagnostics]") {
  std::vector<Diagnostic> diags{{"", 2, 12, 0, "error", "expected ';' after return statement", "clang"},
                                {"", 9, 1, 0, "warning", "unused variable 'x'", ""},
                                {"", 1, 0, 4, "hint", "spans the selection\nsecond line", "lint"}};
  auto item = diagnostics_item(diags, "src/calc.c", LineRange{2, 3});
  CHECK(item.kind == "diagnostics");
  CHECK(item.label == "diagnostics src/calc.c:2-3 (2)");
  CHECK(item.text ==
        "Diagnostics reported for src/calc.c:2-3:\n"
        "src/calc.c:2:12: error: expected ';' after return statement [clang]\n"
        "src/calc.c:1: hint: spans the selection\n  second line [lint]\n");
  auto none = diagnostics_item(diags, "src/calc.c", LineRange{5, 6});
  CHECK(none.text == "No diagnostics reported for src/calc.c:5-6.\n");
  CHECK(diagnostics_item(diags, "src/calc.c", std::nullopt).label == "diagnostics src/calc.c (3)");

  Workspace ws;
  ws.write("src/calc.c", "int add(int a, int b) {\n  return a + b\n}\n");
  ws.write("src/other.c", "\n");
  const std::string out =
      "src/calc.c: In function 'add':\n"
      "src/calc.c:2:15: error: expected ';' before '}' token\n"
      "    2 |   return a + b\n"
      "      |               ^\n"
      "src/other.c:1:1: warning: empty file\n" +
      (ws.root / "src/calc.c").string() + ":3: note: absolute paths match too\n"
      "src/calc.c:1:5: fatal error: bad thing\n";
  auto parsed = parse_compiler_output(out, "src/calc.c", ws.root / "src/calc.c", ws.root);
  REQUIRE(parsed.ok());
  REQUIRE(parsed->size() == 3);
  CHECK(format_diagnostic((*parsed)[0], "") == "src/calc.c:2:15: error: expected ';' before '}' token");
  CHECK(format_diagnostic((*parsed)[1], "") == "src/calc.c:3: note: absolute paths match too");
  CHECK((*parsed)[2].severity == "error");
  auto garbage = parse_compiler_output("all good\n", "build.log", ws.root / "src/calc.c", ws.root);
  REQUIRE_FALSE(garbage.ok());
  CHECK(garbage.error().message == "--diagnostics build.log: no line of the form path:line[:column]: severity: message");
}

TEST_CASE("open buffers are attached except the current file and those the exclusion rules forbid", "[context][buffers]") {
  Workspace ws;
  ws.write(".byokignore", "private/\n");
  ws.write("src/a.c", "int a;\n");
  ws.write("src/b.c", "int b;\n");
  ws.write("private/notes.txt", "plans\n");
  ws.write(".env", "DB_PASSWORD=hunter2\n");
  ExclusionRules rules(ws.root);
  std::vector<OpenBuffer> open{{"src/a.c", ws.root / "src/a.c", "int a;\n"},
                               {"src/b.c", ws.root / "src/b.c", "int b = 2; /* unsaved */\n"},
                               {"private/notes.txt", ws.root / "private/notes.txt", "plans\n"},
                               {".env", ws.root / ".env", "DB_PASSWORD=hunter2\n"},
                               {"[No Name]", std::nullopt, "token sk-ant-api03-" + std::string(40, 'x') + "\n"},
                               {"scratch", std::nullopt, "a scratch note\n"},
                               {"empty", std::nullopt, ""}};
  auto got = buffer_items(open, ws.root / "src/a.c", rules);
  REQUIRE(got.items.size() == 2);
  CHECK(got.items[0].label == "buffer src/b.c");
  CHECK(got.items[0].text == "int b = 2; /* unsaved */\n");  // the editor's text, not the disk's
  CHECK(got.items[1].label == "buffer scratch");
  REQUIRE(got.notices.size() == 3);
  CHECK(got.notices[0] == "left out open buffer private/notes.txt: matches .byokignore pattern \"private/\"");
  CHECK(got.notices[1] == "left out open buffer .env: looks like a secret file (.env)");
  CHECK(got.notices[2] == "left out open buffer [No Name]: content looks like an API key or private key");

  // Through an action: {{buffers}} renders "--- name ---" sections; the notices reach the user.
  actions::RunInputs in;
  in.root = ws.root;
  in.file = ws.root / "src/a.c";
  in.file_shown = "src/a.c";
  in.range = LineRange{1, 1};
  in.buffers = open;
  auto a = action_from({{"prompt", "{{selection}} with\n{{buffers}}"}});
  auto p = actions::prepare_action(a, in, 0);
  REQUIRE(p.ok());
  CHECK(p->prompt == "int a; with\n--- src/b.c ---\nint b = 2; /* unsaved */\n--- scratch ---\na scratch note\n");
  CHECK(p->notices.size() == 3);
  in.buffers.reset();
  auto need = actions::prepare_action(a, in, 0);
  REQUIRE_FALSE(need.ok());
  CHECK(need.error().message == "action \"t\" needs open buffers (from the editor)");
}

TEST_CASE("optional context (\"kind?\") is attached when the host has it and empty otherwise", "[context][prepare]") {
  Workspace ws;
  ws.write("calc.py", "def add(a, b):\n    return a - b\n");
  actions::RunInputs in;
  in.root = ws.root;
  in.file = ws.root / "calc.py";
  in.file_shown = "calc.py";
  in.range = LineRange{2, 2};
  auto all = actions::load_actions(nlohmann::json::object());
  REQUIRE(all.ok());
  const auto* fix = actions::find_action(*all, "fix");
  REQUIRE(fix);
  CHECK(actions::is_optional_context(*fix, "diagnostics"));
  auto without = actions::prepare_action(*fix, in, 0);
  REQUIRE(without.ok());  // the CLI has no editor: fix still runs
  CHECK(without->prompt == "Fix the bugs in this python code from calc.py.\n\n```python\n    return a - b\n```");
  CHECK(without->items.size() == 1);
  in.diagnostics = std::vector<Diagnostic>{{"", 2, 5, 0, "error", "add subtracts", "pylint"},
                                           {"", 1, 1, 0, "warning", "outside the selection", ""}};
  auto with = actions::prepare_action(*fix, in, 0);
  REQUIRE(with.ok());
  CHECK_THAT(with->prompt, Catch::Contains("from calc.py.\nDiagnostics reported for calc.py:2-2:\n"
                                           "calc.py:2:5: error: add subtracts [pylint]\n\n```python"));
  CHECK_THAT(with->prompt, !Catch::Contains("outside the selection"));
  REQUIRE(with->items.size() == 2);
  CHECK(with->items[1].label == "diagnostics calc.py:2-2 (1)");

  auto bad = actions::parse_action("t", {{"prompt", "x"}, {"context", {"diagnostic?"}}}, "user");
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.error().message, Catch::StartsWith("actions.t.context[0]: expected one of ") &&
                                      Catch::Contains("(a trailing ? marks it optional), got \"diagnostic?\""));
}
