#include "logic/engine_client.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "logic/lsp_framing.h"

namespace byok::lo {

using nlohmann::json;

// One engine process and its two threads.
struct EngineClient::Session {
  uint64_t number = 0;
  std::unique_ptr<EngineProcess> process;
  std::mutex m;
  std::condition_variable cv;
  std::string initialize_frame;          // always the first bytes the engine sees
  std::deque<std::string> outbox;        // frames held until the engine answered `initialize`
  bool initialized = false;
  bool closing = false;                  // shutdown(): write what is queued, then close stdin
  bool dead = false;
  std::string stderr_tail;               // last lines the engine wrote to stderr (reader thread only)
  std::atomic<bool> reader_done{false};
  std::thread reader, writer;
};

namespace {

constexpr size_t kStderrTailBytes = 2048;

std::string last_line(const std::string& text) {
  size_t end = text.find_last_not_of("\r\n");
  if (end == std::string::npos) return {};
  size_t start = text.find_last_of('\n', end);
  return text.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1) + 1);
}

void join_if_joinable(std::thread& t) {
  if (t.joinable()) t.join();
}

}  // namespace

EngineClient::EngineClient(Options options) : options_(std::move(options)) {}

EngineClient::~EngineClient() { shutdown(); }

std::shared_ptr<EngineClient::Session> EngineClient::live_session_locked(std::string& error) {
  if (shut_down_) {
    error = "the byok engine client has been shut down";
    return nullptr;
  }
  if (session_) return session_;
  // Join the threads of engines that died earlier (never our own thread: a reply handler may be the caller).
  for (auto it = retired_.begin(); it != retired_.end();) {
    Session& old = **it;
    if (old.reader_done && old.reader.get_id() != std::this_thread::get_id()) {
      join_if_joinable(old.reader);
      join_if_joinable(old.writer);
      it = retired_.erase(it);
    } else {
      ++it;
    }
  }
  auto located = options_.locate ? options_.locate() : std::variant<EngineCommand, std::string>(std::string("no engine locator"));
  if (auto* why = std::get_if<std::string>(&located)) {
    error = *why;
    return nullptr;
  }
  std::string spawn_error;
  auto process = EngineProcess::start(std::get<EngineCommand>(located), spawn_error);
  if (!process) {
    error = spawn_error;
    return nullptr;
  }
  auto s = std::make_shared<Session>();
  s->number = next_session_++;
  s->process = std::move(process);
  const int64_t init_id = next_id_++;
  json init = {{"jsonrpc", "2.0"},
               {"id", init_id},
               {"method", "initialize"},
               {"params",
                {{"processId", static_cast<int64_t>(::getpid())},
                 {"clientInfo", options_.client_info},
                 {"rootUri", nullptr},
                 {"capabilities", json::object()},
                 {"initializationOptions", options_.initialization_options}}}};
  s->initialize_frame = frame_message(init.dump());
  std::weak_ptr<Session> weak = s;
  pending_[init_id] = Pending{[this, weak](const RpcOutcome& outcome) {
                                auto sp = weak.lock();
                                if (!sp) return;
                                if (!outcome.ok()) {
                                  if (outcome.error->code != kEngineStopped)
                                    end_session(*sp, "the engine refused initialize: " + outcome.error->message);
                                  return;
                                }
                                std::lock_guard lock(sp->m);
                                sp->outbox.push_front(frame_message(
                                    json{{"jsonrpc", "2.0"}, {"method", "initialized"}, {"params", json::object()}}.dump()));
                                sp->initialized = true;
                                sp->cv.notify_all();
                              },
                              s->number};
  session_ = s;
  engines_started_++;
  s->writer = std::thread([this, s] { writer_loop(s); });
  s->reader = std::thread([this, s] { reader_loop(s); });
  return s;
}

void EngineClient::enqueue_locked(Session& s, std::string frame) {
  std::lock_guard lock(s.m);
  s.outbox.push_back(std::move(frame));
  s.cv.notify_all();
}

int64_t EngineClient::request(const std::string& method, json params, ReplyHandler on_reply) {
  std::string error;
  int64_t id = 0;
  {
    std::lock_guard lock(mutex_);
    id = next_id_++;
    if (auto s = live_session_locked(error)) {
      pending_[id] = Pending{std::move(on_reply), s->number};
      enqueue_locked(*s, frame_message(json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}}.dump()));
      return id;
    }
  }
  on_reply(RpcOutcome{json(), RpcError{kEngineStopped, error, json()}});
  return id;
}

void EngineClient::notify(const std::string& method, json params) {
  std::lock_guard lock(mutex_);
  std::string error;
  if (auto s = live_session_locked(error))
    enqueue_locked(*s, frame_message(json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}}.dump()));
}

void EngineClient::cancel(int64_t id) {
  ReplyHandler handler;
  {
    std::lock_guard lock(mutex_);
    auto it = pending_.find(id);
    if (it == pending_.end()) return;
    handler = std::move(it->second.on_reply);
    const uint64_t session = it->second.session;
    pending_.erase(it);
    if (session_ && session_->number == session)
      enqueue_locked(*session_, frame_message(json{{"jsonrpc", "2.0"}, {"method", "$/cancelRequest"}, {"params", {{"id", id}}}}.dump()));
  }
  if (handler) handler(RpcOutcome{json(), RpcError{kCancelled, "cancelled", json()}});
}

std::optional<pid_t> EngineClient::engine_pid() const {
  std::lock_guard lock(mutex_);
  if (!session_) return std::nullopt;
  return session_->process->pid();
}

void EngineClient::writer_loop(std::shared_ptr<Session> s) {
  if (!s->process->write_all(s->initialize_frame)) return;  // the reader sees the death and reports it
  for (;;) {
    std::string frame;
    {
      std::unique_lock lock(s->m);
      s->cv.wait(lock, [&] { return s->dead || (s->initialized && !s->outbox.empty()) || (s->closing && (s->outbox.empty() || !s->initialized)); });
      if (s->dead) return;
      if (s->outbox.empty() || !s->initialized) {  // closing and nothing (more) to say
        lock.unlock();
        s->process->close_stdin();
        return;
      }
      frame = std::move(s->outbox.front());
      s->outbox.pop_front();
    }
    if (!s->process->write_all(frame)) return;
  }
}

void EngineClient::reader_loop(std::shared_ptr<Session> s) {
  FrameDecoder decoder;
  std::string why;
  pollfd fds[2] = {{s->process->stdout_fd(), POLLIN, 0}, {s->process->stderr_fd(), POLLIN, 0}};
  char buf[16384];
  bool stderr_open = true;
  while (why.empty()) {
    const int n = ::poll(fds, stderr_open ? 2 : 1, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      why = std::string("poll failed: ") + std::strerror(errno);
      break;
    }
    if (stderr_open && fds[1].revents) {
      const ssize_t got = ::read(fds[1].fd, buf, sizeof buf);
      if (got <= 0) {
        stderr_open = false;
      } else {
        s->stderr_tail.append(buf, static_cast<size_t>(got));
        if (s->stderr_tail.size() > kStderrTailBytes) s->stderr_tail.erase(0, s->stderr_tail.size() - kStderrTailBytes);
      }
    }
    if (fds[0].revents) {
      const ssize_t got = ::read(fds[0].fd, buf, sizeof buf);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) {
        why = "the engine closed its output";
        break;
      }
      decoder.push(std::string_view(buf, static_cast<size_t>(got)));
      while (auto body = decoder.next()) {
        try {
          handle_message(*s, *body);
        } catch (const std::exception& e) {
          why = std::string("the engine sent invalid JSON-RPC: ") + e.what();
          break;
        }
      }
      if (why.empty() && !decoder.error().empty()) why = decoder.error();
    }
  }
  end_session(*s, why);
  s->reader_done = true;
}

void EngineClient::handle_message(Session& s, const std::string& body) {
  const json msg = json::parse(body);
  if (!msg.is_object()) throw std::runtime_error("message is not an object");
  const auto method = msg.find("method");
  const auto id = msg.find("id");
  if (method != msg.end()) {
    if (!method->is_string()) throw std::runtime_error("\"method\" is not a string");
    if (id != msg.end()) {
      reply_to_server_request(s, *id, method->get<std::string>());
      return;
    }
    if (options_.on_notification) options_.on_notification(method->get<std::string>(), msg.value("params", json::object()));
    return;
  }
  if (id == msg.end() || !id->is_number_integer()) return;  // a response to nobody we know (e.g. an error with id null)
  ReplyHandler handler;
  {
    std::lock_guard lock(mutex_);
    auto it = pending_.find(id->get<int64_t>());
    if (it == pending_.end()) return;  // cancelled earlier: the late answer is dropped
    handler = std::move(it->second.on_reply);
    pending_.erase(it);
  }
  RpcOutcome outcome;
  if (auto err = msg.find("error"); err != msg.end() && err->is_object()) {
    outcome.error = RpcError{err->value("code", 0), err->value("message", std::string("engine error without a message")),
                             err->value("data", json())};
  } else {
    outcome.result = msg.value("result", json());
  }
  if (handler) handler(outcome);
}

void EngineClient::reply_to_server_request(Session& s, const json& id, const std::string& method) {
  // The office keeps no secrets and shows no engine-driven UI: keys come from the engine's own vault.
  json reply = {{"jsonrpc", "2.0"}, {"id", id}};
  if (method == "window/workDoneProgress/create" || method == "client/registerCapability" ||
      method == "workspace/configuration") {
    reply["result"] = method == "workspace/configuration" ? json::array() : json();
  } else {
    reply["error"] = {{"code", -32601}, {"message", "the LibreOffice host does not handle " + method}};
  }
  std::lock_guard lock(mutex_);
  enqueue_locked(s, frame_message(reply.dump()));
}

void EngineClient::end_session(Session& s, const std::string& why) {
  std::vector<ReplyHandler> orphans;
  {
    std::lock_guard lock(mutex_);
    for (auto it = pending_.begin(); it != pending_.end();) {
      if (it->second.session == s.number) {
        orphans.push_back(std::move(it->second.on_reply));
        it = pending_.erase(it);
      } else {
        ++it;
      }
    }
    if (session_.get() == &s) {
      retired_.push_back(session_);
      session_.reset();
    }
  }
  {
    std::lock_guard lock(s.m);
    s.dead = true;
    s.cv.notify_all();
  }
  if (orphans.empty()) return;  // an orderly exit nobody waits for
  s.process->stop(100);
  std::string message = "the byok engine stopped (" + s.process->exit_description() + ")";
  if (const std::string line = last_line(s.stderr_tail); !line.empty()) message += ": " + line;
  else if (!why.empty()) message += ": " + why;
  message += "; it will be restarted by the next command.";
  for (auto& h : orphans)
    if (h) h(RpcOutcome{json(), RpcError{kEngineStopped, message, json()}});
}

void EngineClient::shutdown() {
  std::shared_ptr<Session> s;
  std::vector<ReplyHandler> orphans;
  std::vector<std::shared_ptr<Session>> retired;
  {
    std::lock_guard lock(mutex_);
    if (shut_down_) return;
    shut_down_ = true;
    s = std::move(session_);
    session_.reset();
    for (auto& [id, p] : pending_) orphans.push_back(std::move(p.on_reply));
    pending_.clear();
    retired.swap(retired_);
    if (s) {
      std::lock_guard slock(s->m);
      const int64_t id = next_id_++;
      s->outbox.push_back(frame_message(json{{"jsonrpc", "2.0"}, {"id", id}, {"method", "shutdown"}, {"params", nullptr}}.dump()));
      s->outbox.push_back(frame_message(json{{"jsonrpc", "2.0"}, {"method", "exit"}, {"params", nullptr}}.dump()));
      s->closing = true;
      s->cv.notify_all();
    }
  }
  for (auto& h : orphans)
    if (h) h(RpcOutcome{json(), RpcError{kEngineStopped, "the office is closing", json()}});
  if (s) {
    join_if_joinable(s->writer);
    s->process->stop(1000);
    s->process->interrupt_reads();
    join_if_joinable(s->reader);
  }
  for (auto& old : retired) {
    if (old->reader.get_id() == std::this_thread::get_id()) {
      // shutdown() from a reply handler of a dead engine: this very thread ends right after returning.
      old->reader.detach();
    }
    join_if_joinable(old->reader);
    join_if_joinable(old->writer);
  }
}

}  // namespace byok::lo
