// The whole path a editor's keystroke takes: a real `byok lsp` process, fed didChange + automatic
// textDocument/inlineCompletion per key over stdio, exactly as VS Code's language client does. Billed tokens
// come from the shared usage ledger (byok/usage) at the end, the provider-call counts from the emulator.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "bench/completion/client.h"
#include "core/util/subprocess.h"
#include "tests/emulator/emulator.h"

namespace byok::bench {

class LspClient final : public CompletionClient {
 public:
  // `home` holds the engine's config and database (a fresh directory per run).
  LspClient(const std::string& byok_binary, const emu::Emulator& emulator, const std::string& model,
            const std::filesystem::path& home);
  ~LspClient() override;
  void open(const std::string& uri, const std::string& language, const std::string& text) override;
  void changed(std::shared_ptr<const std::string> text, size_t cursor, OnGhost on_ghost) override;
  ClientCounters counters() const override;

 private:
  using Reply = std::function<void(const nlohmann::json& message)>;
  int64_t send_request(const std::string& method, const nlohmann::json& params, Reply on_reply);
  void send_notification(const std::string& method, const nlohmann::json& params);
  void write_frame(const nlohmann::json& message);
  void read_loop();
  std::optional<nlohmann::json> request_sync(const std::string& method, const nlohmann::json& params);

  const emu::Emulator& emulator_;
  std::optional<Subprocess> proc_;
  std::thread reader_;
  std::mutex write_mu_, mu_;
  std::map<int64_t, Reply> pending_;
  int64_t next_id_ = 1;
  std::string uri_;
  int64_t version_ = 1;
};

}  // namespace byok::bench
