// Actions: the schema's field-path errors, built-ins, the user ← project override, templates (every
// placeholder, unknown ones, missing context) and extractors.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/actions/action.h"
#include "core/actions/extract.h"
#include "core/actions/template.h"

using namespace byok;
using namespace byok::actions;
using nlohmann::json;

TEST_CASE("built-in actions load and include the documented set", "[actions]") {
  auto all = load_actions(json::object());
  REQUIRE(all.ok());
  for (const char* name : {"explain", "fix", "docstring", "tests", "simplify", "translate", "grammar", "shorter",
                           "formal", "commit-message"}) {
    INFO(name);
    const Action* a = find_action(*all, name);
    REQUIRE(a != nullptr);
    CHECK(a->source == "built-in");
    CHECK_FALSE(a->description.empty());
  }
  CHECK(find_action(*all, "fix")->extract.kind == Extractor::Kind::Code);
  CHECK(find_action(*all, "fix")->output == Output::Replace);
  CHECK(find_action(*all, "nope") == nullptr);
}

TEST_CASE("user and project actions override built-ins of the same name, labelled by source", "[actions]") {
  json project = {{"fix", {{"prompt", "Team fix: {{selection}}"}, {"output", "insert"}}}};
  json configured = {{"mine", {{"prompt", "Mine: {{input}}"}}}};
  configured["fix"] = project["fix"];  // apply_project_config merges the project over the user config
  auto all = load_actions(configured, project);
  REQUIRE(all.ok());
  const Action* fix = find_action(*all, "fix");
  REQUIRE(fix);
  CHECK(fix->source == "project");
  CHECK(fix->prompt == "Team fix: {{selection}}");
  CHECK(fix->output == Output::Insert);
  CHECK(fix->extract.kind == Extractor::Kind::Whole);  // replaced whole, not merged field by field
  CHECK(find_action(*all, "mine")->source == "user");
  CHECK(find_action(*all, "explain")->source == "built-in");
}

TEST_CASE("bad action fields are errors naming the field path", "[actions]") {
  auto err = [](json action) {
    auto r = load_actions(json{{"fix", action}});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Config);
    return r.error().message;
  };
  CHECK(err({{"prompt", "x"}, {"output", "x"}}) ==
        "actions.fix.output: expected one of \"replace\", \"insert\", \"chat\", \"panel\", got \"x\"");
  CHECK(err({{"prompt", 3}}) == "actions.fix.prompt: expected string, got integer");
  CHECK(err({{"output", "panel"}}) == "actions.fix.prompt: required field is missing");
  CHECK_THAT(err({{"prompt", "x"}, {"temprature", 1}}), Catch::StartsWith("actions.fix.temprature: unknown field"));
  CHECK(err({{"prompt", "x"}, {"temperature", 7}}) == "actions.fix.temperature: expected a number from 0 to 2, got 7");
  CHECK(err({{"prompt", "x"}, {"max_tokens", 1.5}}) == "actions.fix.max_tokens: expected integer, got number");
  CHECK_THAT(err({{"prompt", "x"}, {"context", {"selection", "cloud"}}}),
             Catch::StartsWith("actions.fix.context[1]: expected one of \"selection\", ") && Catch::EndsWith("got \"cloud\""));
  CHECK_THAT(err({{"prompt", "x"}, {"extract", "json"}}), Catch::StartsWith("actions.fix.extract: expected one of \"code\""));
  CHECK_THAT(err({{"prompt", "x"}, {"extract", {{"regex", "("}}}}), Catch::StartsWith("actions.fix.extract.regex: not a valid regex"));
  CHECK_THAT(err({{"prompt", "Fix {{selecton}}"}}),
             Catch::StartsWith("actions.fix.prompt: unknown placeholder {{selecton}} (known: {{selection}}"));
  CHECK_THAT(err({{"prompt", "x"}, {"system", "{{nope}}"}}), Catch::StartsWith("actions.fix.system: unknown placeholder {{nope}}"));
  auto r = load_actions(json::array());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "actions: expected object, got array");
}

TEST_CASE("templates fill every placeholder once and never re-expand values", "[actions][template]") {
  std::map<std::string, std::string> values;
  std::string tmpl;
  for (const auto& name : placeholder_names()) {
    values[name] = "<" + name + " {{input}}>";
    tmpl += name + "={{" + name + "}};";
  }
  auto r = render_template(tmpl, values);
  REQUIRE(r.ok());
  std::string expected;
  for (const auto& name : placeholder_names()) expected += name + "=<" + name + " {{input}}>;";
  CHECK(*r == expected);
  CHECK(placeholder_names().size() == 11);
  CHECK(*render_template("a {{ selection }} b", {{"selection", "S"}}) == "a S b");
  CHECK(*render_template("no placeholders", {}) == "no placeholders");
}

TEST_CASE("an unknown placeholder is an error naming it; a missing value says what to provide", "[actions][template]") {
  auto r = render_template("Hello {{world}}", {{"selection", "x"}});
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error().message, Catch::StartsWith("unknown placeholder {{world}}"));
  r = render_template("Fix {{selection}}", {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "{{selection}} needs a selection (--file F --range L1:L2, or select text in the editor)");
  r = render_template("Fix {{selection", {});
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error().message, Catch::StartsWith("unclosed placeholder"));
  auto used = template_placeholders("{{input}} {{selection}} {{input}}");
  REQUIRE(used.ok());
  CHECK(*used == std::vector<std::string>{"input", "selection"});
}

TEST_CASE("extractors take the first fenced block or a regex group, and fail loudly", "[actions][extract]") {
  std::string answer = "Let me think.\n```cpp\nint x = 1;\nint y = 2;\n```\nand\n```\nsecond\n```\n";
  CHECK(*extract({Extractor::Kind::Code, ""}, answer) == "int x = 1;\nint y = 2;");
  CHECK(*extract({Extractor::Kind::Whole, ""}, answer) == answer);
  CHECK(*extract({Extractor::Kind::Regex, "ANSWER: (.*)"}, "reasoning…\nANSWER: 42") == "42");
  CHECK(*extract({Extractor::Kind::Regex, "\\d+"}, "it is 42 now") == "42");
  auto none = extract({Extractor::Kind::Code, ""}, "no code here");
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().message == "the answer has no fenced code block to extract");
  auto open = extract({Extractor::Kind::Code, ""}, "```py\nprint(1)\n");
  REQUIRE_FALSE(open.ok());
  CHECK(open.error().message == "the answer's code block is not closed");
  auto miss = extract({Extractor::Kind::Regex, "ANSWER: (.*)"}, "nothing");
  REQUIRE_FALSE(miss.ok());
  CHECK(miss.error().message == "the extract regex /ANSWER: (.*)/ matched nothing in the answer");
}
