// JSON-RPC client of the byok engine (`byok lsp`): starts the engine on first use, speaks LSP-framed JSON-RPC
// over its stdin/stdout, and starts a fresh engine on the next request after the previous one died.
//
// Threading contract (why it looks like this): the office's main thread must never wait for the engine.
// request()/notify()/cancel() only queue bytes for a writer thread (they spawn the process when none runs,
// which takes about a millisecond); replies and notifications arrive on a reader thread, and the callbacks
// run there — a UNO caller hops to the main thread itself (see uno/main_thread.h).
// Every request gets exactly one reply callback: the engine's answer, a cancellation, or "engine stopped".
#pragma once

#include <sys/types.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "logic/engine_process.h"

namespace byok::lo {

struct RpcError {
  int code = 0;  // JSON-RPC code; kEngineStopped / kCancelled for errors made on this side
  std::string message;
  nlohmann::json data;
};
constexpr int kEngineStopped = -32099;
constexpr int kCancelled = -32800;  // LSP RequestCancelled

struct RpcOutcome {
  nlohmann::json result;
  std::optional<RpcError> error;
  bool ok() const { return !error.has_value(); }
};

using ReplyHandler = std::function<void(const RpcOutcome&)>;
using NotificationHandler = std::function<void(const std::string& method, const nlohmann::json& params)>;
// Finds the engine to run, or says why there is none ("byok not found: set Tools ▸ byok ▸ Engine path").
using EngineLocator = std::function<std::variant<EngineCommand, std::string>()>;

class EngineClient {
 public:
  struct Options {
    EngineLocator locate;
    NotificationHandler on_notification;  // called on the reader thread
    nlohmann::json client_info = {{"name", "byok-libreoffice"}};
    nlohmann::json initialization_options = nlohmann::json::object();
  };
  explicit EngineClient(Options options);
  ~EngineClient();  // shutdown()
  EngineClient(const EngineClient&) = delete;
  EngineClient& operator=(const EngineClient&) = delete;

  // Sends a request; `on_reply` runs exactly once (reader thread, or the calling thread when the engine
  // cannot be started or the request is cancelled). Returns the request id.
  int64_t request(const std::string& method, nlohmann::json params, ReplyHandler on_reply);
  void notify(const std::string& method, nlohmann::json params);
  // Replies kCancelled to the request at once and tells the engine ($/cancelRequest). Unknown ids are ignored.
  void cancel(int64_t id);
  // Polite LSP shutdown/exit, then stops the process and joins the threads. Pending requests get
  // kEngineStopped. Idempotent; later requests fail.
  void shutdown();

  std::optional<pid_t> engine_pid() const;  // the running engine, for diagnostics and tests
  int engines_started() const { return engines_started_.load(); }

 private:
  struct Session;
  struct Pending {
    ReplyHandler on_reply;
    uint64_t session = 0;
  };

  std::shared_ptr<Session> live_session_locked(std::string& error);
  void enqueue_locked(Session& s, std::string frame);
  void writer_loop(std::shared_ptr<Session> s);
  void reader_loop(std::shared_ptr<Session> s);
  void handle_message(Session& s, const std::string& body);
  void end_session(Session& s, const std::string& why);
  void reply_to_server_request(Session& s, const nlohmann::json& id, const std::string& method);

  Options options_;
  mutable std::mutex mutex_;
  std::shared_ptr<Session> session_;
  std::vector<std::shared_ptr<Session>> retired_;  // dead sessions whose threads are joined later
  std::map<int64_t, Pending> pending_;
  int64_t next_id_ = 1;
  uint64_t next_session_ = 1;
  bool shut_down_ = false;
  std::atomic<int> engines_started_{0};
};

}  // namespace byok::lo
