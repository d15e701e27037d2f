// The leak audit. Every CLI flow that touches keys runs with canary keys (one per provider, from each kind
// of source: vault, key command, environment, named vault key, configured key name, Azure's api-key
// header) in an isolated HOME, against one emulator per provider, plus a malicious project config aimed at
// a second "attacker" emulator. The flows include errors: 401/429/mid-stream for each chat wire format, a
// server that quotes the key back in its error, failing key commands (one prints the key, then fails), a
// wrong passphrase, and a key stored and then removed. Then everything is searched for the canaries:
//   - every file under HOME (config, vault, backups, key file, logs, recorded child argv/env),
//   - every stdout/stderr byok printed (including --log-level debug runs),
//   - the argv and environment of the child processes byok started (key command, passphrase command),
//     recorded by those children themselves from /proc/<pid>/cmdline and /proc/<pid>/environ, and byok's
//     own argv (/proc/<ppid>/cmdline as its child saw it),
//   - every request every emulator received.
// A canary may appear in exactly one place: the auth header of requests to its own provider's emulator.
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>

#include "tests/emulator/emulator.h"
#include "tests/keys/harness.h"

using namespace byok;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {
struct ProviderUnderAudit {
  std::string name;
  std::string url_suffix;   // "/v1" for OpenAI-style base URLs
  std::string auth_header;  // lower-case
  std::string auth_prefix;  // "Bearer " or ""
  std::string model;
  std::vector<std::string> key_args;  // extra arguments that pick its key
  std::string canary;
  std::unique_ptr<emu::Emulator> emulator;
};

// The canary and a distinctive piece of it (a truncated or re-encoded copy still shows its middle).
std::vector<std::string> needles(const std::string& canary) { return {canary, canary.substr(8, 16)}; }

std::string first_needle_in(std::string_view haystack, const std::vector<std::string>& secrets) {
  for (const auto& s : secrets)
    for (const auto& n : needles(s))
      if (haystack.find(n) != std::string_view::npos) return n;
  return {};
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
}  // namespace

TEST_CASE("leak audit: canary keys appear only in the auth header sent to their own provider") {
  test::Sandbox sb;
  test::TempDir tools;  // outside HOME: holds what the user's password manager would hold
  const fs::path records = sb.home() / "records";
  fs::create_directories(records);

  std::vector<ProviderUnderAudit> providers;
  auto add = [&](std::string name, std::string suffix, std::string header, std::string prefix, std::string model,
                 std::vector<std::string> key_args) {
    ProviderUnderAudit p{name, suffix, header, prefix, model, key_args,
                         "canary-" + name + "-" + test::random_hex(32), std::make_unique<emu::Emulator>()};
    p.emulator->start();
    providers.push_back(std::move(p));
  };
  add("openai", "/v1", "authorization", "Bearer ", "gpt-4o-mini", {});              // vault, default name
  add("anthropic", "", "x-api-key", "", "claude-haiku-4-5", {});                     // key_cmd
  add("gemini", "", "x-goog-api-key", "", "gemini-2.5-flash", {});                   // environment
  add("ollama", "", "authorization", "Bearer ", "llama3.2", {"--key-name", "work"});  // named vault key
  add("mistral", "/v1", "authorization", "Bearer ", "mistral-small-latest", {});     // config key_name
  add("azure", "/openai", "api-key", "", "gpt-4o-mini", {});                         // vault, Azure's api-key header
  std::map<std::string, ProviderUnderAudit*> P;  // by name; `providers` does not grow after this
  for (auto& p : providers) P[p.name] = &p;
  emu::Emulator attacker;
  attacker.start();
  const std::string passphrase = "vault-passphrase-" + test::random_hex(32);
  const std::string project_canary = "sk-project-planted-" + test::random_hex(32);
  const std::string removed_canary = "canary-removed-" + test::random_hex(32);  // stored, then `keys rm`ed
  std::vector<std::string> user_secrets{passphrase, removed_canary};
  for (auto& p : providers) user_secrets.push_back(p.canary);

  // The user's password manager, as commands that also record how byok started them.
  auto recorder = [&](const std::string& tag) {
    return "cat /proc/$$/cmdline > '" + (records / tag).string() + "-$$.cmdline'\n" +
           "cat /proc/$$/environ > '" + (records / tag).string() + "-$$.environ'\n" +
           "cat /proc/$PPID/cmdline > '" + (records / tag).string() + "-$$.parent-cmdline'\n";
  };
  test::write_text(tools.path() / "anthropic.secret", P["anthropic"]->canary + "\n", 0600);
  test::write_text(tools.path() / "key-cmd.sh",
                   "#!/bin/sh\n" + recorder("keycmd") + "cat '" + (tools.path() / "anthropic.secret").string() + "'\n", 0700);
  test::write_text(tools.path() / "passphrase.sh", "#!/bin/sh\n" + recorder("passcmd") + "echo '" + passphrase + "'\n", 0700);
  sb.env["BYOK_PASSPHRASE_CMD"] = (tools.path() / "passphrase.sh").string() + " byok-vault";
  sb.env["GEMINI_API_KEY"] = P["gemini"]->canary;

  json providers_cfg = json::object();
  for (auto& p : providers)
    providers_cfg[p.name] = {{"base_url", p.emulator->https_url() + p.url_suffix}, {"ca_file", p.emulator->ca_file()}};
  providers_cfg["anthropic"]["key_cmd"] = {(tools.path() / "key-cmd.sh").string(), "show", "anthropic"};
  providers_cfg["ollama"]["auth"] = "bearer";  // Ollama behind an authenticating proxy
  providers_cfg["mistral"]["key_name"] = "personal";
  providers_cfg["azure"]["models_list"] = {{"wire", "openai"}, {"path", "/models?api-version={api_version}"}};  // for keys test
  sb.write_config(json{{"providers", providers_cfg}, {"retries", {{"max_attempts", 2}, {"base_delay_ms", 10}, {"max_delay_ms", 50}}}}.dump(2));

  // ---- keys set / list / test ----
  REQUIRE(sb.byok({"keys", "set", "openai"}, P["openai"]->canary + "\n").exit_code == 0);
  REQUIRE(sb.byok({"--log-level", "debug", "keys", "set", "ollama", "--name", "work"}, P["ollama"]->canary).exit_code == 0);
  REQUIRE(sb.byok({"keys", "set", "mistral"}, " " + P["mistral"]->canary + " \n").exit_code == 0);
  REQUIRE(sb.byok({"keys", "set", "azure"}, P["azure"]->canary + "\n").exit_code == 0);
  REQUIRE(sb.byok({"keys", "set", "openai", "--name", "spare"}, removed_canary + "\n").exit_code == 0);
  REQUIRE(sb.byok({"--log-level", "debug", "keys", "rm", "openai", "--name", "spare"}).exit_code == 0);
  auto list = sb.byok({"keys", "list", "--json"});
  REQUIRE(list.exit_code == 0);
  auto rows = json::parse(list.out);
  std::map<std::string, std::string> source_of;
  for (const auto& r : rows)
    if (r["state"] == "in use") source_of[r["provider"].get<std::string>() + "/" + r["name"].get<std::string>()] = r["source"];
  CHECK(source_of["openai/default"] == "vault");
  CHECK(source_of["anthropic/default"] == "cmd:key-cmd.sh");
  CHECK(source_of["gemini/default"] == "env:GEMINI_API_KEY");
  CHECK(source_of["ollama/work"] == "vault");
  CHECK(source_of["mistral/personal"] == "vault");
  CHECK(source_of["azure/default"] == "vault");
  CHECK(source_of.count("openai/spare") == 0);
  sb.byok({"--log-level", "debug", "keys", "list"});
  for (auto& p : providers) {
    std::vector<std::string> args{"--log-level", "debug", "keys", "test", p.name};
    if (p.name == "ollama") args.insert(args.end(), {"--name", "work"});
    auto t = sb.byok(args);
    CHECK(t.exit_code == 0);
    CHECK_THAT(t.out, Catch::Contains(p.name + ": valid"));
  }
  CHECK(sb.byok({"keys", "test", "openai", "--base-url", "https://127.0.0.1:1/v1"}).exit_code == 1);

  // ---- ask with every wire format, plain, --json and debug-logged ----
  for (auto& p : providers) {
    for (std::vector<std::string> mode : {std::vector<std::string>{}, {"--json"}, {"--log-level", "debug"}}) {
      std::vector<std::string> args;
      if (mode.size() == 2) args = mode;
      args.insert(args.end(), {"ask", "--provider", p.name, "--model", p.model});
      args.insert(args.end(), p.key_args.begin(), p.key_args.end());
      if (mode.size() == 1) args.push_back("--json");
      args.push_back("Say hello");
      auto a = sb.byok(args);
      INFO(p.name << " " << a.err);
      CHECK(a.exit_code == 0);
      CHECK_THAT(a.out, Catch::Contains("Hello from the byok emulator") || Catch::Contains("\"finish_reason\":\"stop\""));
    }
  }
  // ---- error paths: rejected key, a server that quotes the key back, rate limit, failure mid-stream ----
  for (std::string model : {"emu-401", "emu-401-echo", "emu-429", "emu-midstream-error"}) {
    for (const char* provider : {"openai", "anthropic", "gemini", "ollama", "azure"}) {
      for (bool json_output : {true, false}) {
        std::vector<std::string> args{"--log-level", "debug", "ask", "--provider", provider, "--model", model};
        args.insert(args.end(), P[provider]->key_args.begin(), P[provider]->key_args.end());
        if (json_output) args.push_back("--json");
        args.push_back("hi");
        auto e = sb.byok(args);
        INFO(provider << " " << model << ": " << e.err);
        CHECK(e.exit_code != 0);
        // The echoing server's message still reaches the user, with the key in its redacted form.
        if (model == "emu-401-echo") CHECK_THAT(e.out + e.err, Catch::Contains("Invalid key: ") && Catch::Contains("[redacted"));
      }
    }
  }
  // `keys test` against a model list that quotes the key back.
  for (auto& p : providers) {
    emu::Scenario echo;
    echo.kind = emu::Scenario::Kind::HttpError;
    echo.status = 401;
    echo.echo_credentials = true;
    echo.times = 1;
    p.emulator->set_scenario(emu::kModelListScenario, echo);
    std::vector<std::string> args{"keys", "test", p.name};
    if (p.name == "ollama") args.insert(args.end(), {"--name", "work"});
    auto t = sb.byok(args);
    INFO(p.name << ": " << t.out << t.err);
    CHECK(t.exit_code == 1);
    CHECK_THAT(t.out, Catch::Contains("rejected by provider (401 Invalid key: ") && Catch::Contains("[redacted"));
  }
  // ---- key problems: a failing key command, one that prints the key and then fails, a wrong passphrase ----
  {
    test::write_text(tools.path() / "key-cmd-fails.sh", "#!/bin/sh\necho 'vault is locked, run unlock first' >&2\nexit 2\n", 0700);
    test::write_text(tools.path() / "key-cmd-prints-then-fails.sh",
                     "#!/bin/sh\ncat '" + (tools.path() / "anthropic.secret").string() + "'\necho 'session expired' >&2\nexit 3\n", 0700);
    for (const char* script : {"key-cmd-fails.sh", "key-cmd-prints-then-fails.sh"}) {
      json cfg = json::parse(test::read_text(sb.config_dir() / "config.json"));
      cfg["providers"]["anthropic"]["key_cmd"] = {(tools.path() / script).string()};
      const fs::path other_config = sb.home() / (std::string(script) + ".json");
      test::write_text(other_config, cfg.dump(2), 0600);
      for (std::vector<std::string> args : {std::vector<std::string>{"ask", "--provider", "anthropic", "hi"},
                                            {"keys", "test", "anthropic"}, {"keys", "list"}}) {
        args.insert(args.begin(), {"--config", other_config.string(), "--log-level", "debug"});
        auto r = sb.byok(args);
        INFO(script << ": " << r.out << r.err);
        if (args[4] != "keys" || args[5] != "list") CHECK(r.exit_code == 3);
        CHECK_THAT(r.out + r.err, Catch::Contains("exited with status"));
      }
    }
    test::write_text(tools.path() / "wrong-passphrase.sh", "#!/bin/sh\necho 'not-the-passphrase-0123456789'\n", 0700);
    const auto right = sb.env["BYOK_PASSPHRASE_CMD"];
    sb.env["BYOK_PASSPHRASE_CMD"] = (tools.path() / "wrong-passphrase.sh").string();
    for (std::vector<std::string> args : {std::vector<std::string>{"ask", "--provider", "openai", "hi"},
                                          {"keys", "set", "openai", "--name", "never"}, {"keys", "list"}}) {
      args.insert(args.begin(), {"--log-level", "debug"});
      auto r = sb.byok(args, removed_canary + "\n");
      INFO(r.out << r.err);
      CHECK(r.exit_code != 0);
      CHECK_THAT(r.err, Catch::Contains("wrong passphrase"));
    }
    sb.env["BYOK_PASSPHRASE_CMD"] = right;
  }
  sb.byok({"--log-level", "debug", "providers"});
  sb.byok({"--log-level", "debug", "doctor"});
  sb.byok({"--log-level", "debug", "models", "--provider", "openai"});

  // ---- a malicious project config ----
  const fs::path project = sb.home() / "projects/cloned-repo";
  test::write_text(project / ".byok.json",
                   json{{"providers",
                         {{"openai", {{"base_url", attacker.https_url() + "/v1"}, {"ca_file", attacker.ca_file()}, {"api_key", project_canary}}},
                          {"anthropic", {{"base_url", attacker.https_url()}, {"ca_file", attacker.ca_file()}}},
                          {"gemini", {{"proxy", attacker.http_url()}}},
                          {"ollama", {{"base_url", attacker.http_url()}}},
                          {"mistral", {{"base_url", attacker.https_url() + "/v1"}, {"ca_file", attacker.ca_file()}}},
                          {"azure", {{"base_url", attacker.https_url() + "/openai"}, {"ca_file", attacker.ca_file()}}}}},
                        {"prompts", {{"leak", project_canary}}}}
                       .dump(2));
  for (auto& p : providers) {
    std::vector<std::string> args{"--log-level", "debug", "ask", "--provider", p.name, "--model", p.model};
    args.insert(args.end(), p.key_args.begin(), p.key_args.end());
    args.push_back("hi");
    auto r = sb.byok(args, "", project);
    INFO(p.name << ": " << r.err);
    CHECK(r.exit_code != 0);
    CHECK_THAT(r.err, Catch::Contains(".byok.json") && Catch::Contains("refusing to send your " + p.name + " key"));
    CHECK_THAT(r.err, Catch::Contains("refused and ignored"));  // the planted key, warned about
  }
  auto t = sb.byok({"keys", "test", "openai"}, "", project);
  CHECK(t.exit_code != 0);

  // ================= the audit =================
  const std::vector<std::string> all_secrets = [&] {
    auto v = user_secrets;
    v.push_back(project_canary);
    return v;
  }();
  // 1. What byok printed, and how it was started.
  for (const auto& r : sb.runs()) {
    std::string argv;
    for (const auto& a : r.argv) argv += a + " ";
    INFO("byok " << argv);
    CHECK(first_needle_in(argv, all_secrets).empty());
    CHECK(first_needle_in(r.out, all_secrets).empty());
    CHECK(first_needle_in(r.err, all_secrets).empty());
  }
  // 2. Every file under HOME (the project file holds the planted key by construction: it is the input).
  size_t files_scanned = 0;
  for (const auto& entry : fs::recursive_directory_iterator(sb.home())) {
    if (!entry.is_regular_file()) continue;
    ++files_scanned;
    const auto text = test::read_text(entry.path());
    INFO(entry.path().string());
    CHECK(first_needle_in(text, user_secrets).empty());
    if (entry.path().filename() != ".byok.json") CHECK(first_needle_in(text, {project_canary}).empty());
  }
  CHECK(fs::exists(sb.vault()));
  CHECK(files_scanned >= 5);
  // 3. Child processes: argv and environment as they saw them; byok's argv as its child saw it.
  size_t key_cmd_runs = 0, pass_cmd_runs = 0;
  for (const auto& entry : fs::directory_iterator(records)) {
    const std::string name = entry.path().filename().string();
    const auto text = test::read_text(entry.path());
    key_cmd_runs += name.rfind("keycmd", 0) == 0 && name.find(".environ") != std::string::npos;
    pass_cmd_runs += name.rfind("passcmd", 0) == 0 && name.find(".environ") != std::string::npos;
    if (name.find(".environ") != std::string::npos) {
      CHECK(text.find("HOME=") != std::string::npos);  // the recording works…
      CHECK(text.find("GEMINI_API_KEY") == std::string::npos);  // …and key variables were scrubbed
      CHECK(text.find("BYOK_PASSPHRASE_CMD") == std::string::npos);
    }
    if (name.find("parent-cmdline") != std::string::npos) CHECK(text.find("byok") != std::string::npos);
  }
  CHECK(key_cmd_runs > 0);
  CHECK(pass_cmd_runs > 0);
  // 4. The providers' side: a canary only in its own auth header, at its own emulator.
  for (auto& p : providers) {
    INFO("emulator of " << p.name);
    auto reqs = p.emulator->requests();
    size_t authenticated = 0;
    for (const auto& rq : reqs) {
      CHECK(first_needle_in(rq.path + "?" + rq.query, all_secrets).empty());
      CHECK(first_needle_in(rq.body, all_secrets).empty());
      for (const auto& [header, value] : rq.headers) {
        if (first_needle_in(value, all_secrets).empty() && first_needle_in(header, all_secrets).empty()) continue;
        INFO("header " << header);
        CHECK(lower(header) == p.auth_header);
        CHECK(value == p.auth_prefix + p.canary);
        ++authenticated;
      }
    }
    CHECK(authenticated > 0);
  }
  CHECK(attacker.requests().empty());
}
