// The method table (clangd's LSPBinder): names bound to handlers, plus everything every request needs —
// exactly one reply (Reply is clangd's ReplyOnce), cancellation by id, a gate for lifecycle rules, worker
// threads for slow methods, and server→client calls with their replies routed back.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/util/cancel.h"
#include "core/util/result.h"
#include "protocol/rpc/task_group.h"
#include "protocol/rpc/transport.h"

namespace byok::rpc {

class Dispatcher;

// The one reply a request gets. Copies share state: the first reply wins, later ones are dropped (and
// logged); if the last copy goes away unanswered, an InternalError goes out, so no request is ever left
// hanging, whatever path a handler takes.
class Reply {
 public:
  void operator()(json result) const { send(std::move(result)); }
  void operator()(Result<json> r) const;
  void error(RpcError e) const { send(std::move(e)); }
  void error(const Error& e) const { send(to_rpc_error(e)); }
  const json& id() const;
  bool replied() const;

 private:
  friend class Dispatcher;
  struct State;
  explicit Reply(std::shared_ptr<State> s) : s_(std::move(s)) {}
  void send(Outcome o) const;
  std::shared_ptr<State> s_;
};

class Dispatcher final : public MessageHandler {
 public:
  enum class Run {
    Inline,  // on the reader thread, in message order (document sync, lifecycle, quick lookups)
    Worker,  // on its own thread (anything that calls a model or waits on the host)
  };
  using RequestFn = std::function<void(const json& params, Reply reply, const CancelToken& cancel)>;
  using NotificationFn = std::function<void(const json& params)>;
  // Returns an error to refuse a request (not initialized, shut down); nullopt lets it through.
  using Gate = std::function<std::optional<RpcError>(const std::string& method)>;

  explicit Dispatcher(Transport& transport) : transport_(transport) {}
  ~Dispatcher() override;

  void on_request(const std::string& method, Run run, RequestFn fn);
  void on_notification(const std::string& method, NotificationFn fn);
  void set_gate(Gate gate) { gate_ = std::move(gate); }
  // Where reports of unreadable messages without an id go (default: a byok/protocolError notification).
  void set_protocol_error_sink(std::function<void(const RpcError&)> sink) { error_sink_ = std::move(sink); }
  // Notifications whose name starts with one of these are dropped silently when unknown ("$/" in LSP).
  void ignore_unknown_notifications_with_prefix(std::string prefix) { ignored_prefixes_.push_back(std::move(prefix)); }
  std::vector<std::string> request_methods() const;
  std::vector<std::string> notification_methods() const;

  // Cancels the request with this id (from $/cancelRequest or byok/cancel); unknown ids are ignored, as
  // the request may have finished already.
  void cancel_request(const json& id);
  void cancel_all();
  void stop() { stopping_ = true; }  // the read loop ends after the current message
  // Waits for every worker (after cancel_all, they finish quickly).
  void join_workers() { tasks_.join_all(); }
  // For an Inline handler whose first steps must happen in message order (snapshot a document before the
  // next didChange, let a newer completion supersede an older one) and whose rest is slow: it does the
  // ordered part on the reader thread, then hands the rest here. Runs on a worker joined like the others.
  void spawn(std::function<void()> fn) { tasks_.spawn(std::move(fn)); }

  // Server → client.
  void notify(std::string_view method, const json& params) { transport_.notify(method, params); }
  // Blocks the calling worker thread until the client answers, the timeout passes or `cancel` fires.
  // Never call it from an Inline handler: the reader thread is what delivers the answer.
  Result<json> call(std::string_view method, const json& params, std::chrono::milliseconds timeout,
                    const CancelToken& cancel = {});
  // Sends a call and hands the answer to `done` (on the reader thread) without waiting.
  void call_async(std::string_view method, const json& params, std::function<void(Result<json>)> done);

  // Runs request `method` as if the peer had called it, handing the outcome to `deliver` instead of the
  // transport. For Neovim, whose plugin sends long requests as notifications so it never waits (see
  // nvim/nvim_server.cpp). `id` identifies it for cancel_request().
  void invoke(const std::string& method, json params, json id, std::function<void(const Outcome&)> deliver);

  // MessageHandler
  bool on_notify(const std::string& method, json params) override;
  bool on_call(const std::string& method, json params, json id) override;
  void on_reply(const json& id, Outcome outcome) override;
  void on_bad_message(const RpcError& error, const std::optional<json>& id) override;

 private:
  friend class Reply;
  void finish(const json& id, const Outcome& o, const std::function<void(const Outcome&)>& deliver);
  struct Method {
    Run run;
    RequestFn fn;
  };
  Transport& transport_;
  std::map<std::string, Method> requests_;
  std::map<std::string, NotificationFn> notifications_;
  std::vector<std::string> ignored_prefixes_;
  Gate gate_;
  std::function<void(const RpcError&)> error_sink_;
  bool stopping_ = false;

  std::mutex mu_;
  std::map<std::string, CancelSource> in_flight_;  // id.dump() → its cancel
  int64_t next_call_id_ = 1;
  std::map<int64_t, std::function<void(Result<json>)>> pending_calls_;
  TaskGroup tasks_;
};

}  // namespace byok::rpc
