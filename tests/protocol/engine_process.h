// Test hook: the real `byok` binary as a child process speaking LSP (framed JSON) or msgpack-rpc on its
// stdin/stdout, in a scratch HOME/XDG tree with a config pointing at the provider emulator. Transcript tests
// drive it message by message and check every reply.
#pragma once

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/util/subprocess.h"

namespace byok::test {

using nlohmann::json;
using namespace std::chrono_literals;

// A temporary directory removed on destruction.
struct TempDir {
  TempDir();
  ~TempDir();
  std::filesystem::path path;
};

// Writes config.json under dir/config/byok: provider "emu" (openai-compatible) at the emulator, default
// model emu-echo. `extra` is merged over it.
std::filesystem::path write_emulator_config(const std::filesystem::path& dir, const std::string& emulator_http_url,
                                            const json& extra = json::object());

class EngineProcess {
 public:
  // args after the binary, e.g. {"--config", path, "lsp"}.
  EngineProcess(const std::vector<std::string>& args, const std::filesystem::path& home);
  ~EngineProcess();

  // LSP framing.
  void send(const json& message);
  void send_raw(const std::string& bytes);
  std::optional<json> read(std::chrono::milliseconds timeout = 10s);  // next framed message
  // Sends a request with a fresh id and returns its response; notifications seen meanwhile go to `seen`.
  json request(const std::string& method, const json& params, std::chrono::milliseconds timeout = 20s);
  int64_t send_request(const std::string& method, const json& params);  // returns the id, does not wait
  json wait_response(int64_t id, std::chrono::milliseconds timeout = 20s);
  void notify(const std::string& method, const json& params);
  json initialize(const json& init_options = json());  // initialize + initialized
  // Messages that were not the awaited response (notifications, server→client requests), in order.
  std::vector<json> seen;

  // msgpack-rpc.
  void send_msgpack(const json& message);
  std::optional<json> read_msgpack(std::chrono::milliseconds timeout = 10s);

  void close_stdin();
  int wait_exit(std::chrono::milliseconds timeout = 10s);  // -1 on timeout
  std::string stderr_text();

 private:
  bool fill(std::chrono::milliseconds timeout);
  std::optional<Subprocess> proc_;
  std::string buf_;
  int64_t next_id_ = 1;
};

std::string byok_binary();

}  // namespace byok::test
