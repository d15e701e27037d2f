#include "protocol/rpc/dispatcher.h"

#include <future>

#include "core/util/log.h"

namespace byok::rpc {

struct Reply::State {
  Dispatcher* dispatcher;
  json id;
  std::string method;
  std::function<void(const Outcome&)> deliver;  // empty: reply through the transport
  std::atomic<bool> done{false};
  ~State() {
    if (!done.exchange(true))
      dispatcher->finish(id, RpcError{code::kInternalError, method + ": the handler ended without a reply", nullptr},
                         deliver);
  }
};

void Reply::operator()(Result<json> r) const {
  if (r) send(std::move(*r));
  else send(to_rpc_error(r.error()));
}

const json& Reply::id() const { return s_->id; }
bool Reply::replied() const { return s_->done.load(); }

void Reply::send(Outcome o) const {
  if (s_->done.exchange(true)) {
    log::warn(s_->method + ": a second reply was dropped (id " + s_->id.dump() + ")");
    return;
  }
  s_->dispatcher->finish(s_->id, o, s_->deliver);
}

Dispatcher::~Dispatcher() {
  cancel_all();
  tasks_.join_all();
}

void Dispatcher::on_request(const std::string& method, Run run, RequestFn fn) { requests_[method] = {run, std::move(fn)}; }

void Dispatcher::on_notification(const std::string& method, NotificationFn fn) {
  notifications_[method] = std::move(fn);
}

std::vector<std::string> Dispatcher::request_methods() const {
  std::vector<std::string> v;
  for (auto& [k, _] : requests_) v.push_back(k);
  return v;
}

std::vector<std::string> Dispatcher::notification_methods() const {
  std::vector<std::string> v;
  for (auto& [k, _] : notifications_) v.push_back(k);
  return v;
}

// Cancelling runs the request's cancel callbacks, and one may answer the request at once (the completion
// engine does), which takes mu_ in finish(): so cancel outside the lock.
void Dispatcher::cancel_request(const json& id) {
  std::optional<CancelSource> source;
  {
    std::lock_guard lock(mu_);
    if (auto it = in_flight_.find(id.dump()); it != in_flight_.end()) source = it->second;
  }
  if (source) source->cancel();
}

void Dispatcher::cancel_all() {
  std::map<int64_t, std::function<void(Result<json>)>> calls;
  std::vector<CancelSource> sources;
  {
    std::lock_guard lock(mu_);
    for (auto& [_, c] : in_flight_) sources.push_back(c);
    calls.swap(pending_calls_);
  }
  for (auto& c : sources) c.cancel();
  for (auto& [_, done] : calls) done(Error(ErrorKind::Cancelled, "the connection is closing"));
}

void Dispatcher::finish(const json& id, const Outcome& o, const std::function<void(const Outcome&)>& deliver) {
  {
    std::lock_guard lock(mu_);
    in_flight_.erase(id.dump());
  }
  if (deliver) deliver(o);
  else transport_.reply(id, o);
}

bool Dispatcher::on_notify(const std::string& method, json params) {
  auto it = notifications_.find(method);
  if (it == notifications_.end()) {
    for (const auto& p : ignored_prefixes_)
      if (method.rfind(p, 0) == 0) return !stopping_;
    log::info("ignoring unknown notification " + method);
    return !stopping_;
  }
  if (gate_) {
    if (auto refused = gate_(method)) {
      log::info("dropping notification " + method + ": " + refused->message);
      return !stopping_;
    }
  }
  it->second(params);
  return !stopping_;
}

bool Dispatcher::on_call(const std::string& method, json params, json id) {
  invoke(method, std::move(params), std::move(id), nullptr);
  return !stopping_;
}

void Dispatcher::invoke(const std::string& method, json params, json id, std::function<void(const Outcome&)> deliver) {
  auto answer = [&](const Outcome& o) {
    if (deliver) deliver(o);
    else transport_.reply(id, o);
  };
  auto it = requests_.find(method);
  if (it == requests_.end()) return answer(RpcError{code::kMethodNotFound, "unknown method: " + method, nullptr});
  if (gate_) {
    if (auto refused = gate_(method)) return answer(*refused);
  }
  CancelSource cancel;
  {
    std::lock_guard lock(mu_);
    auto [slot, fresh] = in_flight_.emplace(id.dump(), cancel);
    if (!fresh)
      return answer(RpcError{code::kInvalidRequest, "id " + id.dump() + " is already in use by a running request",
                             json{{"path", "id"}}});
  }
  auto state = std::make_shared<Reply::State>();
  state->dispatcher = this;
  state->id = id;
  state->method = method;
  state->deliver = std::move(deliver);
  Reply reply(std::move(state));
  auto token = cancel.token();
  if (it->second.run == Run::Inline) {
    it->second.fn(params, std::move(reply), token);
  } else {
    auto fn = it->second.fn;
    tasks_.spawn([fn, params = std::move(params), reply = std::move(reply), token]() mutable {
      fn(params, std::move(reply), token);
      reply = Reply(nullptr);  // release here so an unanswered request is reported from this thread
    });
  }
}

void Dispatcher::on_reply(const json& id, Outcome outcome) {
  std::function<void(Result<json>)> done;
  {
    std::lock_guard lock(mu_);
    if (id.is_number_integer()) {
      auto it = pending_calls_.find(id.get<int64_t>());
      if (it != pending_calls_.end()) {
        done = std::move(it->second);
        pending_calls_.erase(it);
      }
    }
  }
  if (!done) {
    log::warn("reply for unknown id " + id.dump() + " ignored");
    return;
  }
  if (auto* err = std::get_if<RpcError>(&outcome)) {
    Error e(ErrorKind::Protocol, "the client answered with error " + std::to_string(err->code) + ": " + err->message);
    done(e);
  } else {
    done(std::get<json>(std::move(outcome)));
  }
}

void Dispatcher::on_bad_message(const RpcError& error, const std::optional<json>& id) {
  log::warn("bad message: " + error.message);
  if (id) transport_.reply(*id, error);
  else if (error_sink_) error_sink_(error);
  else transport_.notify("byok/protocolError", json{{"code", error.code}, {"message", error.message}});
}

void Dispatcher::call_async(std::string_view method, const json& params, std::function<void(Result<json>)> done) {
  int64_t id;
  {
    std::lock_guard lock(mu_);
    id = next_call_id_++;
    pending_calls_[id] = std::move(done);
  }
  transport_.call(method, params, id);
}

Result<json> Dispatcher::call(std::string_view method, const json& params, std::chrono::milliseconds timeout,
                              const CancelToken& cancel) {
  struct Waiter {
    std::mutex mu;
    std::condition_variable cv;
    std::optional<Result<json>> result;
  };
  auto w = std::make_shared<Waiter>();
  auto deliver = [w](Result<json> r) {
    std::lock_guard lock(w->mu);
    if (!w->result) w->result.emplace(std::move(r));
    w->cv.notify_all();
  };
  call_async(method, params, deliver);
  auto reg = cancel.on_cancel([deliver] { deliver(Error(ErrorKind::Cancelled, "cancelled")); });
  std::unique_lock lock(w->mu);
  if (!w->cv.wait_for(lock, timeout, [&] { return w->result.has_value(); }))
    return Error(ErrorKind::Timeout, "the client did not answer " + std::string(method) + " within " +
                                         std::to_string(timeout.count()) + " ms");
  return std::move(*w->result);
}

}  // namespace byok::rpc
