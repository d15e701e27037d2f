// Shared by the store tests: a private temporary directory, the in-process emulator, and a byok world
// (config whose providers point at the emulator, keys from the environment, a real database file).
#pragma once

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/chat/chat_service.h"
#include "core/config/config.h"
#include "core/http/http.h"
#include "core/keys/key_source.h"
#include "core/llm/engine.h"
#include "core/store/store.h"
#include "tests/emulator/emulator.h"

namespace byok::test {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "byok-store-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Fake keys for the emulator (it checks that one is sent, not its value).
inline void set_test_keys() {
  ::setenv("OPENAI_API_KEY", "sk-test-openai-0000", 1);
  ::setenv("ANTHROPIC_API_KEY", "sk-ant-test-0000", 1);
  ::setenv("GEMINI_API_KEY", "gm-test-0000", 1);
}

// openai and ollama over HTTP, anthropic and gemini over HTTPS (the emulator's test CA).
inline nlohmann::json emulator_providers(const emu::Emulator& emu) {
  return {{"openai", {{"base_url", emu.http_url() + "/v1"}}},
          {"anthropic", {{"base_url", emu.https_url()}, {"ca_file", emu.ca_file()}}},
          {"gemini", {{"base_url", emu.https_url()}, {"ca_file", emu.ca_file()}}},
          {"ollama", {{"base_url", emu.http_url()}}}};
}

inline app::Selection sel(const std::string& model) {
  app::Selection s;
  s.model = model;
  return s;
}

// Everything a ChatService needs, wired to the emulator. `extra` is merged into the config document.
struct World {
  explicit World(nlohmann::json extra = nlohmann::json::object()) {
    set_test_keys();
    emu.start();
    nlohmann::json doc{{"providers", emulator_providers(emu)}, {"retries", {{"max_attempts", 1}}}};
    for (auto& [k, v] : extra.items()) {
      if (k == "providers") {
        for (auto& [p, pv] : v.items())
          for (auto& [f, fv] : pv.items()) doc["providers"][p][f] = fv;
      } else {
        doc[k] = v;
      }
    }
    auto c = config::parse_config(doc, "test config");
    if (!c) throw std::runtime_error(c.error().message);
    cfg = std::move(*c);
    keys.add(std::make_unique<keys::EnvKeySource>());
    engine = std::make_unique<llm::Engine>(pool);
    auto s = store::Store::open(dir.path() / "data" / "byok.db");
    if (!s) throw std::runtime_error(s.error().message);
    db = std::move(*s);
    auto svc = chat::ChatService::create(cfg, keys, *engine, *db, chat::ChatServiceOptions{"test"});
    if (!svc) throw std::runtime_error(svc.error().message);
    chat = std::move(*svc);
  }

  chat::TurnRequest turn(const std::string& model, const std::string& prompt,
                         std::optional<int64_t> conversation = std::nullopt) {
    chat::TurnRequest t;
    t.selection.model = model;
    t.prompt = prompt;
    t.conversation = conversation;
    return t;
  }

  TempDir dir;
  emu::Emulator emu;
  config::Config cfg;
  keys::KeyResolver keys;
  http::Pool pool;
  std::unique_ptr<llm::Engine> engine;
  std::unique_ptr<store::Store> db;
  std::unique_ptr<chat::ChatService> chat;
};

}  // namespace byok::test
