// The small pieces: FIM templates byte for byte, mode decision, post-processing, chat stripping, cache,
// typed-ahead matching, debounce, options and backend choice.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "core/completion/backend.h"
#include "core/completion/chat_prompt.h"
#include "core/completion/debounce.h"
#include "core/completion/fim_template.h"
#include "core/completion/lru_cache.h"
#include "core/completion/mode.h"
#include "core/completion/options.h"
#include "core/completion/postprocess.h"
#include "core/completion/typed_ahead.h"
#include "core/config/config.h"

using namespace byok::completion;
using namespace std::chrono_literals;

namespace {
std::string fim(const char* name, const char* prefix = "def f(", const char* suffix = "return a + b") {
  const auto* t = find_fim_template(name);
  REQUIRE(t != nullptr);
  return render(*t, prefix, suffix);
}
std::optional<std::string> post(std::string_view raw, std::string_view prefix, std::string_view suffix, Mode mode,
                                std::vector<std::string> stops = {}) {
  return postprocess(raw, {prefix, suffix, mode}, stops);
}
}  // namespace

TEST_CASE("FIM templates render byte-exact (providers.md §12)") {
  CHECK(fim("codellama") == "<PRE> def f( <SUF>return a + b <MID>");
  CHECK(fim("starcoder2") == "<fim_prefix>def f(<fim_suffix>return a + b<fim_middle>");
  CHECK(fim("starcoder") == fim("starcoder2"));
  CHECK(fim("qwen2.5-coder") == "<|fim_prefix|>def f(<|fim_suffix|>return a + b<|fim_middle|>");
  CHECK(fim("codestral") == "<s>[SUFFIX]return a + b[PREFIX]def f(");
  // DeepSeek-Coder: U+FF5C bars and U+2581 blocks, checked against the byte listing in providers.md.
  const std::string ds = fim("deepseek-coder", "P", "S");
  const std::string begin = "\x3c\xef\xbd\x9c\x66\x69\x6d\xe2\x96\x81\x62\x65\x67\x69\x6e\xef\xbd\x9c\x3e";
  const std::string hole = "\x3c\xef\xbd\x9c\x66\x69\x6d\xe2\x96\x81\x68\x6f\x6c\x65\xef\xbd\x9c\x3e";
  const std::string end = "\x3c\xef\xbd\x9c\x66\x69\x6d\xe2\x96\x81\x65\x6e\x64\xef\xbd\x9c\x3e";
  CHECK(ds == begin + "P" + hole + "S" + end);
  const auto* t = find_fim_template("deepseek-coder");
  CHECK(t->stops.front() == "\x3c\xef\xbd\x9c\x65\x6e\x64\xe2\x96\x81\x6f\x66\xe2\x96\x81\x73\x65\x6e\x74\x65\x6e\x63\x65\xef\xbd\x9c\x3e");
  CHECK(find_fim_template("codellama")->stops == std::vector<std::string>{"<EOT>", "</s>"});
  CHECK(find_fim_template("qwen2.5-coder")->stops.size() == 6);
  CHECK(find_fim_template("gpt-4") == nullptr);
}

TEST_CASE("the config schema accepts exactly the templates the engine knows") {
  for (auto name : fim_template_names()) {
    auto o = Options::from_json({{"fim_template", std::string(name)}});
    REQUIRE(o);
    CHECK(o->backend == BackendKind::RawTemplate);
  }
  auto bad = Options::from_json({{"fim_template", "gpt-4"}});
  REQUIRE(!bad);
  CHECK(bad.error().message.find("features.completion.fim_template") != std::string::npos);
}

TEST_CASE("mode: one line mid-line, a block after an opener") {
  Options o;
  struct Row { const char* prefix; const char* suffix; Trigger trigger; Mode want; };
  const Row rows[] = {
      {"int x = f(", ");\n", Trigger::Automatic, Mode::SingleLine},            // middle of a line
      {"if (ok) {\n    ", "\n}\n", Trigger::Automatic, Mode::MultiLine},      // empty line after an opener
      {"if (ok) {", "\n}\n", Trigger::Automatic, Mode::MultiLine},            // end of the opener's line
      {"def f(x):\n    ", "\n", Trigger::Automatic, Mode::MultiLine},         // python block
      {"x = 1;\n", "\ny = 2;\n", Trigger::Automatic, Mode::SingleLine},       // empty line, no opener
      {"x = 1;\n", "\ny = 2;\n", Trigger::Invoked, Mode::MultiLine},          // asked for explicitly
      {"return a", "", Trigger::Automatic, Mode::SingleLine},                  // end of a plain line
      {"if (ok) {\n\n   ", "   \n}", Trigger::Automatic, Mode::MultiLine},    // blank lines between
  };
  for (const auto& r : rows) {
    INFO(r.prefix << "|" << r.suffix);
    auto d = decide_mode(r.prefix, r.suffix, r.trigger, o);
    CHECK(d.mode == r.want);
    CHECK(d.stops == (r.want == Mode::SingleLine ? std::vector<std::string>{"\n"} : std::vector<std::string>{"\n\n"}));
    CHECK(d.max_tokens == (r.want == Mode::SingleLine ? o.max_tokens_single : o.max_tokens_multi));
  }
  o.multiline = MultilinePolicy::Never;
  CHECK(decide_mode("if (ok) {", "\n}", Trigger::Automatic, o).mode == Mode::SingleLine);
  o.multiline = MultilinePolicy::Always;
  CHECK(decide_mode("x = 1;\n", "\n", Trigger::Automatic, o).mode == Mode::MultiLine);
  CHECK(decide_mode("f(", ")", Trigger::Automatic, o).mode == Mode::SingleLine);
}

TEST_CASE("post-processing: overlap with the text after the cursor is removed") {
  CHECK(post("a, b)", "int x = f(", ");\n", Mode::SingleLine) == "a, b");
  CHECK(post("a, b);", "int x = f(", ");\n", Mode::SingleLine) == "a, b");
  CHECK(post("hello\"", "s = \"", "\"\n", Mode::SingleLine) == "hello");
  CHECK(post("x]", "a[", "]", Mode::SingleLine) == "x");
  CHECK(suffix_overlap("abc)", ")") == 1);
  CHECK(suffix_overlap("abc", "xyz") == 0);
  // A block whose closing line the document already has.
  CHECK(post("\n    return 1;\n}", "int f() {", "\n}\n", Mode::MultiLine) == "\n    return 1;");
  CHECK(post("return 1;\n}", "int f() {\n    ", "\n}\n", Mode::MultiLine) == "return 1;");
}

TEST_CASE("post-processing: indentation, stops, empties and repeats") {
  // The cursor sits after four spaces; the model indented again.
  CHECK(post("    return x;", "def f(x):\n    ", "\n", Mode::MultiLine) == "return x;");
  // A block ends at the first line indented less than it began.
  CHECK(post("a = 1\n    b = 2\nprint(b)", "def f():\n    ", "", Mode::MultiLine) == "a = 1\n    b = 2");
  // Stop sequences the server ignored.
  CHECK(post("x + 1<EOT>junk", "y = ", "", Mode::SingleLine, {"<EOT>"}) == "x + 1");
  // Single-line answers keep one line.
  CHECK(post("x + 1\ny = 2", "z = ", "", Mode::SingleLine) == "x + 1");
  // Nothing worth showing.
  CHECK_FALSE(post("   \n\t", "x = ", "", Mode::SingleLine));
  CHECK_FALSE(post("", "x = ", "", Mode::SingleLine));
  CHECK_FALSE(post("\nfoo()", "x = 1", "", Mode::SingleLine));
  // Repeats the text that already follows.
  CHECK_FALSE(post("foo(1);", "    ", "foo(1);\n", Mode::SingleLine));
  // Repeats the previous line (a model in a loop).
  CHECK_FALSE(post("total += x;", "    total += x;\n    ", "\n", Mode::SingleLine));
  // Restates the line so far.
  CHECK(post("    return a + b;", "    retu", "", Mode::SingleLine) == "rn a + b;");
  CHECK(post("return a + b;", "    retu", "", Mode::SingleLine) == "rn a + b;");
  CHECK(post("rn a + b;", "    retu", "", Mode::SingleLine) == "rn a + b;");
}

TEST_CASE("chat replies: fences and chatter are stripped") {
  CHECK(strip_chat_reply("```python\nreturn a + b\n```") == "return a + b");
  CHECK(strip_chat_reply("Here is the completion:\n```cpp\nx + 1;\n```\nThis adds one.") == "x + 1;");
  CHECK(strip_chat_reply("```\nunclosed(") == "unclosed(");
  CHECK(strip_chat_reply("Sure! Here's the code:\nreturn 1;") == "return 1;");
  CHECK(strip_chat_reply("sure_thing();") == "sure_thing();");
  CHECK(strip_chat_reply("return<CURSOR> 1;") == "return 1;");
  CHECK(strip_chat_reply("Here is the missing code.") == "");
}

TEST_CASE("chat prompt: a strict instruction and the cursor marker") {
  PromptWindows w;
  w.prefix = "def add(a, b):\n    ";
  w.suffix = "\n";
  w.neighbours = {{"util.py", "def sub(a, b): return a - b"}};
  auto req = build_chat_prompt({&w, "python", "add.py", Mode::SingleLine});
  CHECK(req.system.find("python") != std::string::npos);
  CHECK(req.system.find("no code fences") != std::string::npos);
  CHECK(req.system.find("only the rest of the current line") != std::string::npos);
  REQUIRE(req.messages.size() == 1);
  CHECK(req.messages[0].text.find("def add(a, b):\n    <CURSOR>\n") != std::string::npos);
  CHECK(req.messages[0].text.find("Context from util.py") == 0);
}

TEST_CASE("FIM prompts carry neighbour snippets as comments before the prefix") {
  CHECK(neighbour_header({{"util.py", "def sub(a, b):\n    return a - b\n"}}, "python") ==
        "# Compare this snippet from util.py:\n# def sub(a, b):\n#     return a - b\n");
  CHECK(neighbour_header({{"a.lua", "x = 1"}}, "lua") == "-- Compare this snippet from a.lua:\n-- x = 1\n");
  CHECK(neighbour_header({{"b.ts", "let y"}}, "typescript") == "// Compare this snippet from b.ts:\n// let y\n");
  PromptWindows w;
  w.prefix = "def add(a, b):\n    ";
  w.suffix = "\n";
  w.neighbours = {{"util.py", "def sub(a, b): return a - b"}};
  BackendPlan native;
  native.kind = BackendKind::NativeFim;
  ModeDecision mode;
  auto call = plan_call(native, w, mode, {"codestral", "python", "add.py"});
  REQUIRE(call.fim);
  CHECK(call.fim->prefix == "# Compare this snippet from util.py:\n# def sub(a, b): return a - b\ndef add(a, b):\n    ");
  CHECK(call.fim->suffix == "\n");
}

TEST_CASE("cache: LRU order and keys by model, prefix tail, suffix head and mode") {
  LruCache<int> c(2);
  c.put("a", 1);
  c.put("b", 2);
  CHECK(c.get("a") == 1);  // a is now the most recent
  c.put("c", 3);           // evicts b
  CHECK_FALSE(c.get("b"));
  CHECK(c.get("a") == 1);
  CHECK(c.get("c") == 3);
  LruCache<int> off(0);
  off.put("a", 1);
  CHECK_FALSE(off.get("a"));

  const auto k = cache_key("m", "long prefix xyz", "suffix head rest", 3, 6, 0);
  CHECK(k == cache_key("m", "other prefix xyz", "suffix head different", 3, 6, 0));  // only tail/head count
  CHECK(k != cache_key("m2", "long prefix xyz", "suffix head rest", 3, 6, 0));
  CHECK(k != cache_key("m", "long prefix xyz", "suffix head rest", 3, 6, 1));
  CHECK(cache_key("ab", "c", "", 8, 8, 0) != cache_key("a", "bc", "", 8, 8, 0));
}

TEST_CASE("typed-ahead: the rest of a suggestion the user is typing through") {
  const std::string before = "int sum(int a, int b) {\n    ";
  const std::string after = "\n}\n";
  auto anchor = make_anchor("file:///a.c", before.size(), {1, 4}, before, after);
  const std::string suggestion = "return a + b;";
  auto input_for = [&](const std::string& typed) {
    CompletionInput in;
    in.uri = "file:///a.c";
    in.document = std::make_shared<StringDocument>(before + typed + after);
    in.cursor_byte = before.size() + typed.size();
    return in;
  };
  CHECK(typed_through(anchor, suggestion, input_for("ret")) == 3u);
  CHECK(typed_through(anchor, suggestion, input_for("")) == 0u);
  CHECK_FALSE(typed_through(anchor, suggestion, input_for("rex")));    // diverged
  CHECK_FALSE(typed_through(anchor, suggestion, input_for("return a + b; x")));  // past the end
  auto other = input_for("ret");
  other.uri = "file:///b.c";
  CHECK_FALSE(typed_through(anchor, suggestion, other));
  // The text after the cursor changed (e.g. a line deleted below): no reuse.
  auto changed = input_for("ret");
  changed.document = std::make_shared<StringDocument>(before + "ret" + "\n");
  CHECK_FALSE(typed_through(anchor, suggestion, changed));
}

TEST_CASE("debounce: follows the typing rhythm, the provider latency and acceptance, within bounds") {
  Options o;
  o.debounce_min_ms = 40;
  o.debounce_max_ms = 450;
  o.debounce_initial_ms = 150;
  AdaptiveDebounce fast(o), slow(o);
  CHECK(fast.delay() == 150ms);
  auto t = AdaptiveDebounce::Clock::now();
  for (int i = 0; i < 30; ++i) {
    fast.on_keystroke(t + i * 60ms);
    slow.on_keystroke(t + i * 200ms);
  }
  CHECK(fast.delay() < slow.delay());
  CHECK(fast.delay() >= 40ms);
  const auto before = fast.delay();
  fast.on_latency(800ms);
  CHECK(fast.delay() > before);
  const auto with_latency = fast.delay();
  for (int i = 0; i < 10; ++i) fast.on_feedback(Feedback::Kind::Rejected);
  CHECK(fast.delay() > with_latency);
  for (int i = 0; i < 20; ++i) fast.on_feedback(Feedback::Kind::Accepted);
  CHECK(fast.delay() < with_latency);
  // A one-second pause is not rhythm.
  AdaptiveDebounce paused(o);
  paused.on_keystroke(t);
  paused.on_keystroke(t + 5s);
  CHECK(paused.delay() == 150ms);
  // Clamped.
  AdaptiveDebounce sluggish(o);
  for (int i = 0; i < 30; ++i) sluggish.on_keystroke(t + i * 900ms);
  CHECK(sluggish.delay() == 450ms);
}

TEST_CASE("debounce: learns where this user pauses and does not wait there") {
  Options o;
  o.debounce_min_ms = 0;
  AdaptiveDebounce d(o);
  CHECK(classify_key("    ") == KeyClass::LineStart);
  CHECK(classify_key("  foo(") == KeyClass::Boundary);
  CHECK(classify_key("  x = ") == KeyClass::Space);
  CHECK(classify_key("  retu") == KeyClass::Word);
  auto t = AdaptiveDebounce::Clock::now();
  // Typing at 120 ms a key, with a 1.2 s pause after every line start and none after words.
  for (int line = 0; line < 30; ++line) {
    d.on_keystroke(t, KeyClass::LineStart);
    t += 1200ms;
    for (int k = 0; k < 8; ++k) {
      d.on_keystroke(t, KeyClass::Word);
      t += 120ms;
    }
  }
  CHECK(d.pause_rate(KeyClass::LineStart) > 0.9);
  CHECK(d.pause_rate(KeyClass::Word) < 0.01);
  CHECK(d.delay(KeyClass::LineStart) == 0ms);
  CHECK(d.delay(KeyClass::Word) >= 150ms);
}

TEST_CASE("options: bad values name their path") {
  auto o = Options::from_json({{"token_budget", 10}});
  REQUIRE(!o);
  CHECK(o.error().message == "features.completion.token_budget: must be 64..200000, got 10");
  auto typo = Options::from_json({{"debounce_ms", 10}});
  REQUIRE(!typo);
  CHECK(typo.error().message.find("debounce_ms") != std::string::npos);
  auto wrong = Options::from_json({{"multiline", true}});
  REQUIRE(!wrong);
  CHECK(wrong.error().message.find("features.completion.multiline") != std::string::npos);
  auto ok = Options::from_json({{"provider", "ollama"}, {"debounce_min_ms", 10}, {"multiline", "never"}});
  REQUIRE(ok);
  CHECK(ok->debounce_min_ms == 10);
  CHECK(ok->multiline == MultilinePolicy::Never);
  // The config loader checks the same fields.
  auto cfg = byok::config::parse_config({{"features", {{"completion", {{"token_budgt", 5}}}}}}, "config.json");
  REQUIRE(!cfg);
  CHECK(cfg.error().message.find("features.completion.token_budgt") != std::string::npos);
}

TEST_CASE("backend: native FIM, raw template or chat, by provider and model") {
  byok::config::Config cfg;
  Options o;
  auto plan = [&](const std::string& provider, const std::string& model, const Options& opts) {
    auto spec = cfg.provider(provider);
    REQUIRE(spec);
    return choose_backend(*spec, model, opts);
  };
  CHECK(plan("codestral", "codestral-latest", o)->kind == BackendKind::NativeFim);
  CHECK(plan("deepseek", "deepseek-chat", o)->kind == BackendKind::NativeFim);
  CHECK(plan("ollama", "qwen2.5-coder:7b", o)->kind == BackendKind::NativeFim);
  CHECK(plan("llamacpp", "any", o)->kind == BackendKind::NativeFim);
  CHECK(plan("openai", "gpt-4o", o)->kind == BackendKind::Chat);  // has /completions, but not for this model
  CHECK(plan("openai", "gpt-3.5-turbo-instruct", o)->kind == BackendKind::NativeFim);
  CHECK(plan("anthropic", "claude-sonnet-4-5", o)->kind == BackendKind::Chat);
  CHECK(plan("gemini", "gemini-2.5-flash", o)->kind == BackendKind::Chat);
  Options t;
  t.backend = BackendKind::RawTemplate;
  t.fim_template = "qwen2.5-coder";
  CHECK(plan("ollama", "qwen2.5-coder:7b-base", t)->kind == BackendKind::RawTemplate);
  auto bad = plan("codestral", "codestral-latest", t);
  REQUIRE(!bad);
  CHECK(bad.error().message.find("mistral-fim") != std::string::npos);
  Options f;
  f.backend = BackendKind::NativeFim;
  auto nofim = plan("anthropic", "claude", f);
  REQUIRE(!nofim);
  CHECK(nofim.error().message.find("no fill-in-the-middle endpoint") != std::string::npos);
}

TEST_CASE("call plans: raw templates carry the model's stops; chat asks without server stops") {
  PromptWindows w;
  w.prefix = "def f(";
  w.suffix = "return a + b";
  const ModeDecision single = decide_mode("x = ", "", Trigger::Automatic, Options{});
  BackendPlan raw{BackendKind::RawTemplate, find_fim_template("starcoder2")};
  auto c = plan_call(raw, w, single, {"starcoder2:3b", "python", "f.py", 0.1});
  REQUIRE(c.fim);
  CHECK(c.fim->raw);
  CHECK(c.fim->suffix.empty());
  CHECK(c.fim->prefix == "<fim_prefix>def f(<fim_suffix>return a + b<fim_middle>");
  CHECK(c.fim->stop.front() == "\n\n");  // the stream runs on for typed-ahead material…
  CHECK(c.show_stops.front() == "\n");   // …but one line is shown
  CHECK(std::find(c.fim->stop.begin(), c.fim->stop.end(), "<|endoftext|>") != c.fim->stop.end());
  auto n = plan_call(BackendPlan{BackendKind::NativeFim, nullptr}, w, single, {"codestral-latest", "python", "", 0.1});
  REQUIRE(n.fim);
  CHECK(n.fim->prefix == "def f(");
  CHECK(n.fim->suffix == "return a + b");
  CHECK(n.fim->max_tokens == single.max_tokens);
  auto ch = plan_call(BackendPlan{BackendKind::Chat, nullptr}, w, single, {"gpt-4o", "python", "", 0.1});
  REQUIRE(ch.chat);
  CHECK(ch.chat->stop.empty());
  CHECK(ch.show_stops == std::vector<std::string>{"\n"});
  CHECK(ch.prompt_tokens > 0);
}
