#include "protocol/nvim/nvim_server.h"

#include <condition_variable>
#include <map>
#include <mutex>

#include "core/util/log.h"
#include "protocol/nvim/ghost_text.h"
#include "protocol/rpc/dispatcher.h"
#include "protocol/rpc/msgpack_transport.h"
#include "core/completion/document.h"
#include "protocol/server/completion_service.h"
#include "protocol/server/handlers.h"
#include "protocol/server/rewrite_job.h"
#include "protocol/server/session.h"

namespace byok::nvim {
namespace {

using nlohmann::json;

constexpr const char* kDefaultNotify = "require('byok.engine').on_notify";

// Per-buffer completion state: the running request (cancelled by the next keystroke) and the suggestion
// on screen (for byok/accept).
struct BufferState {
  uint64_t ticket = 0;
  CancelSource pending;
  int64_t row = -1, col = -1;
  std::string suggestion;
};

class NvimState {
 public:
  std::mutex mu;
  std::string notify_expr = kDefaultNotify;
  bool auto_complete = false;
  int debounce_ms = 150;
  int64_t ns = -1;
  std::map<int64_t, BufferState> buffers;

  // Cancels what runs for `buf`, forgets its suggestion, returns the new request's ticket and cancel.
  std::pair<uint64_t, CancelSource> restart(int64_t buf) {
    std::lock_guard lock(mu);
    auto& b = buffers[buf];
    b.pending.cancel();
    b.pending = CancelSource();
    b.suggestion.clear();
    return {++b.ticket, b.pending};
  }
};

// Waits `ms` unless cancelled first; true when the time passed.
bool sleep_unless_cancelled(int ms, const CancelToken& cancel) {
  std::mutex mu;
  std::condition_variable cv;
  bool fired = false;
  auto reg = cancel.on_cancel([&] {
    std::lock_guard lock(mu);
    fired = true;
    cv.notify_all();
  });
  std::unique_lock lock(mu);
  cv.wait_for(lock, std::chrono::milliseconds(ms), [&] { return fired; });
  return !fired;
}

// Reads the buffer around (row, col) — col in bytes, as Neovim counts — runs a completion and shows it.
Result<json> complete_in_buffer(server::Session& s, NvimApi& api, NvimState& st, int64_t buf, int64_t row, int64_t col,
                                const std::string& model, uint64_t ticket, const CancelToken& cancel) {
  auto lines = api.buf_get_lines(buf, 0, -1);
  if (!lines) return lines.error();
  if (row < 0 || row >= static_cast<int64_t>(lines->size()))
    return rpc::param_error("row", "line " + std::to_string(row) + " is outside the buffer (" +
                                       std::to_string(lines->size()) + " lines)");
  const std::string& line = (*lines)[static_cast<size_t>(row)];
  if (col < 0 || col > static_cast<int64_t>(line.size()))
    return rpc::param_error("col", "byte column " + std::to_string(col) + " is outside line " + std::to_string(row));
  auto settings = s.settings();
  // The window around the cursor, at absolute byte offsets (lines joined with "\n", as the buffer reads),
  // so the engine's cache and typed-ahead recognise the same place from one keystroke to the next.
  server::CompletionRequest in;
  in.uri = "nvim://buffer/" + std::to_string(buf);
  in.model = model;
  in.trigger = completion::Trigger::Invoked;  // the plugin (or on_edit) already waited out the debounce
  const size_t want_before = std::max<size_t>(settings.prefix_bytes, 16 * 1024);
  const size_t want_after = std::max<size_t>(settings.suffix_bytes, 4 * 1024);
  size_t offset = 0;
  for (int64_t r = 0; r < row; ++r) offset += (*lines)[static_cast<size_t>(r)].size() + 1;
  in.cursor_byte = offset + static_cast<size_t>(col);
  std::string before = line.substr(0, static_cast<size_t>(col));
  for (int64_t r = row; r-- > 0 && before.size() < want_before;) before.insert(0, (*lines)[static_cast<size_t>(r)] + "\n");
  if (before.size() > want_before) before.erase(0, before.size() - want_before);
  std::string after = line.substr(static_cast<size_t>(col));
  for (size_t r = static_cast<size_t>(row) + 1; r < lines->size() && after.size() < want_after; ++r) after += "\n" + (*lines)[r];
  size_t total = 0;
  for (const auto& l : *lines) total += l.size() + 1;
  in.document_size = total == 0 ? 0 : total - 1;
  in.window_begin = in.cursor_byte - before.size();
  in.cursor = {row, completion::advance({}, std::string_view(line).substr(0, static_cast<size_t>(col))).utf16_col};
  in.window = std::move(before) + after;
  auto answer = s.completions().request_sync(std::move(in), cancel);
  if (!answer) return answer.error();
  // The engine's suggestions insert at the cursor (their range is empty); the first is the one shown.
  const std::string text = answer->items.empty() ? std::string() : answer->items.front().text;
  json result = {{"text", text}, {"model", answer->model}, {"row", row}, {"col", col}, {"source", answer->source}};
  if (!answer->items.empty()) result["suggestionId"] = answer->items.front().id;
  if (text.empty() || cancel.cancelled()) return result;
  {
    std::lock_guard lock(st.mu);
    auto& b = st.buffers[buf];
    if (b.ticket != ticket) return result;  // the user typed on; this suggestion is stale
    b.row = row;
    b.col = col;
    b.suggestion = text;
  }
  auto mark = api.show_ghost(buf, st.ns, row, col, split_lines(text));
  if (!mark) return mark.error();
  result["extmark"] = *mark;
  return result;
}

void register_nvim_methods(rpc::Dispatcher& d, server::Session& s, NvimState& st, NvimApi& api,
                           const std::string& version) {
  d.on_request("byok/setup", rpc::Dispatcher::Run::Worker,
               [&, version](const json& params, rpc::Reply reply, const CancelToken&) {
    json settings = params.is_object() ? params : json::object();
    rpc::Params p(params);
    auto notify = p.opt_string("notify");
    auto auto_complete = p.opt_bool("autoComplete");
    auto debounce = p.opt_integer("debounceMs", 0);
    if (!p.ok()) return reply.error(p.error());
    for (const char* k : {"notify", "autoComplete", "debounceMs"}) settings.erase(k);
    auto parsed = server::parse_settings(rpc::Params(settings), s.settings());
    if (!parsed) return reply.error(parsed.error());
    auto ns = api.create_namespace("byok");
    if (!ns) return reply.error(ns.error());
    {
      std::lock_guard lock(st.mu);
      if (notify) st.notify_expr = *notify;
      if (auto_complete) st.auto_complete = *auto_complete;
      if (debounce) st.debounce_ms = static_cast<int>(*debounce);
      st.ns = *ns;
    }
    s.set_settings(*parsed);
    reply(json{{"engineVersion", version}, {"protocolVersion", server::kProtocolVersion}, {"namespace", *ns}});
  });

  d.on_notification("byok/cancel", [&d](const json& params) {
    if (!params.is_object()) return;
    if (params.contains("id")) d.cancel_request(params["id"]);
    if (params.contains("token")) d.cancel_request(json{{"token", params["token"]}});
  });

  d.on_notification("byok/request", [&d, &s](const json& params) {
    rpc::Params p(params);
    std::string method = p.string("method");
    json token = p.raw("token") ? *p.raw("token") : json();
    if (p.ok() && token.is_null()) p.fail("token", "required");
    if (!p.ok()) {
      s.notify("byok/reply", {{"token", token}, {"error", rpc::error_to_json(rpc::to_rpc_error(p.error()))}});
      return;
    }
    json inner = p.raw("params") ? *p.raw("params") : json::object();
    d.invoke(method, inner, json{{"token", token}}, [&s, token](const rpc::Outcome& o) {
      json n = {{"token", token}};
      if (auto* e = std::get_if<rpc::RpcError>(&o)) n["error"] = rpc::error_to_json(*e);
      else n["result"] = std::get<json>(o);
      s.notify("byok/reply", n);
    });
  });

  // Inline, then a worker: the newer of two completions for a buffer must be the one that arrived later.
  // Restarting on a worker let a slow thread's older request cancel the newer one, and the buffer kept no
  // suggestion at all (seen under load in tests/neovim ghost_text).
  d.on_request("byok/complete", rpc::Dispatcher::Run::Inline,
               [&](const json& params, rpc::Reply reply, const CancelToken& cancel) {
    rpc::Params p(params);
    int64_t buf = p.integer("buf", 0), row = p.integer("row", 0), col = p.integer("col", 0);
    std::string model = p.opt_string("model").value_or("");
    auto debounce = p.opt_integer("debounceMs", 0);
    if (!p.ok()) return reply.error(p.error());
    // (Not a structured binding: clang 14, used for fuzzing, cannot capture those in a lambda.)
    auto restarted = st.restart(buf);
    const uint64_t ticket = restarted.first;
    CancelSource mine = restarted.second;
    d.spawn([&s, &api, &st, reply, cancel, buf, row, col, model, debounce, ticket, mine]() mutable {
      auto link = cancel.on_cancel([mine]() mutable { mine.cancel(); });
      if (debounce && !sleep_unless_cancelled(static_cast<int>(*debounce), mine.token()))
        return reply.error(Error(ErrorKind::Cancelled, "byok/complete: superseded by a newer edit"));
      reply(complete_in_buffer(s, api, st, buf, row, col, model, ticket, mine.token()));
    });
  });

  d.on_request("byok/accept", rpc::Dispatcher::Run::Worker,
               [&](const json& params, rpc::Reply reply, const CancelToken&) {
    rpc::Params p(params);
    int64_t buf = p.integer("buf", 0);
    if (!p.ok()) return reply.error(p.error());
    BufferState b;
    {
      std::lock_guard lock(st.mu);
      auto& cur = st.buffers[buf];
      b.row = cur.row;
      b.col = cur.col;
      b.suggestion = std::move(cur.suggestion);
      cur.suggestion.clear();
    }
    if (b.suggestion.empty()) return reply(json{{"inserted", false}});
    api.clear_namespace(buf, st.ns);
    auto lines = split_lines(b.suggestion);
    if (auto r = api.buf_set_text(buf, b.row, b.col, lines); !r) return reply.error(r.error());
    int64_t end_row = b.row + static_cast<int64_t>(lines.size()) - 1;
    int64_t end_col = static_cast<int64_t>(lines.back().size()) + (lines.size() == 1 ? b.col : 0);
    reply(json{{"inserted", true}, {"text", b.suggestion}, {"cursor", {end_row, end_col}}});
  });

  d.on_notification("byok/clear", [&](const json& params) {
    if (!params.is_object() || !params.contains("buf") || !params["buf"].is_number_integer()) return;
    int64_t buf = params["buf"];
    st.restart(buf);
    if (st.ns >= 0) api.clear_namespace(buf, st.ns);
  });

  // Typing and moving make any suggestion stale: cancel it, clear it, and (with autoComplete in insert
  // mode) start a new one after the debounce delay.
  auto on_edit = [&d, &s, &st, &api](const json& params) {
    rpc::Params p(params);
    int64_t buf = p.integer("buf", 0);
    auto row = p.opt_integer("row", 0), col = p.opt_integer("col", 0);
    std::string mode = p.opt_string("mode").value_or("");
    if (!p.ok()) return log::warn("nvim: " + p.error().message);
    auto [ticket, mine] = st.restart(buf);
    if (st.ns >= 0) api.clear_namespace(buf, st.ns);
    bool start;
    int delay;  // debounce: typing within it cancels this completion before any request goes out
    {
      std::lock_guard lock(st.mu);
      start = st.auto_complete && mode == "i" && row && col;
      delay = st.debounce_ms;
    }
    if (!start) return;
    json id = {{"auto", buf}, {"ticket", ticket}};
    d.invoke("byok/complete", json{{"buf", buf}, {"row", *row}, {"col", *col}, {"debounceMs", delay}}, id, [&s](const rpc::Outcome& o) {
      if (auto* e = std::get_if<rpc::RpcError>(&o); e && e->code != rpc::code::kRequestCancelled)
        s.notify("byok/error", {{"message", e->message}});
    });
  };
  d.on_notification("byok/textChanged", on_edit);
  d.on_notification("byok/cursorMoved", on_edit);

  d.on_request("byok/rewriteBuffer", rpc::Dispatcher::Run::Worker,
               [&](const json& params, rpc::Reply reply, const CancelToken& cancel) {
    rpc::Params p(params);
    int64_t buf = p.integer("buf", 0), start = p.integer("startLine", 0), end = p.integer("endLine", 0);
    std::string instruction = p.opt_string("instruction").value_or(s.settings().rewrite_instruction);
    std::string model = p.opt_string("model").value_or("");
    // apply = false: the plugin streams the text into the buffer itself and applies the final lines.
    bool apply = p.opt_bool("apply").value_or(true);
    auto models = p.opt_string_array("models");  // 2+: compare; candidates come back, nothing is applied
    if (p.ok() && models.size() == 1) p.fail("models", "name at least two models to compare (or use model)");
    if (p.ok() && end <= start) p.fail("endLine", "must be greater than startLine (it is exclusive)");
    if (!p.ok()) return reply.error(p.error());
    auto lines = api.buf_get_lines(buf, 0, -1);
    if (!lines) return reply.error(lines.error());
    if (end > static_cast<int64_t>(lines->size()))
      return reply.error(rpc::param_error("endLine", "the buffer has " + std::to_string(lines->size()) + " lines"));
    std::string text;
    for (size_t i = 0; i < lines->size(); ++i) text += (*lines)[i] + (i + 1 < lines->size() ? "\n" : "");
    server::RewriteJob job;
    job.uri = "nvim://buffer/" + std::to_string(buf);
    job.range = {{start, 0}, {end, 0}};
    if (end == static_cast<int64_t>(lines->size())) job.range.end = {end - 1, static_cast<int64_t>(1) << 40};
    job.instruction = instruction;
    if (!model.empty()) job.models = {model};
    if (!models.empty()) job.models = models;
    s.documents.open(job.uri, "", 0, text);
    json base = {{"requestId", reply.id()}, {"buf", buf}};
    auto candidates = server::run_rewrite(s, job, [&](const std::string& m, const std::string& piece) {
      auto n = base;
      n["model"] = m;
      n["text"] = piece;
      s.notify("byok/rewriteDelta", n);
    }, cancel);
    s.documents.close(job.uri);
    if (!candidates) return reply.error(candidates.error());
    if (cancel.cancelled()) return reply.error(Error(ErrorKind::Cancelled, "byok/rewriteBuffer was cancelled"));
    auto lines_of = [](std::string text) {
      if (!text.empty() && text.back() == '\n') text.pop_back();
      return split_lines(text);
    };
    if (!models.empty()) {
      json list = json::array();
      for (const auto& c : *candidates) {
        if (c.error) list.push_back({{"model", c.model}, {"error", rpc::error_to_json(rpc::to_rpc_error(*c.error))}});
        else list.push_back({{"model", c.model}, {"lines", lines_of(c.new_text)}, {"usage", c.usage}});
      }
      return reply(json{{"candidates", list}});
    }
    const auto& c = candidates->front();
    if (c.error) return reply.error(*c.error);
    auto new_lines = lines_of(c.new_text);
    if (apply)
      if (auto r = api.buf_set_lines(buf, start, end, new_lines); !r) return reply.error(r.error());
    reply(json{{"lines", new_lines}, {"model", c.model}, {"usage", c.usage}});
  });
}

class NullTransport final : public rpc::Transport {
 public:
  void notify(std::string_view, const rpc::json&) override {}
  void call(std::string_view, const rpc::json&, const rpc::json&) override {}
  void reply(const rpc::json&, const rpc::Outcome&) override {}
  Status loop(rpc::MessageHandler&) override { return ok_status(); }
  void flush_and_close() override {}
};

void register_all(rpc::Dispatcher& d, server::Session& s, NvimState& st, NvimApi& api, const std::string& version) {
  register_nvim_methods(d, s, st, api, version);
  server::register_byok_methods(d, s);
  server::register_completion_feedback(d, s);
  d.set_protocol_error_sink([&s](const rpc::RpcError& e) {
    s.notify("byok/protocolError", {{"code", e.code}, {"message", e.message}});
  });
  s.set_notifier([&d, &st](std::string_view method, const json& params) {
    std::string expr;
    {
      std::lock_guard lock(st.mu);
      expr = st.notify_expr;
    }
    d.notify("nvim_exec_lua", json::array({"local f = " + expr + "\nreturn f(...)", json::array({method, params})}));
  });
}

}  // namespace

int run_nvim_server(const config::Config& cfg, llm::Engine& engine, const NvimServerOptions& opts) {
  rpc::MsgpackTransport transport(opts.in_fd, opts.out_fd);
  int code = 0;
  {
    rpc::Dispatcher dispatcher(transport);
    server::Session session(cfg, engine, dispatcher, "nvim");
    NvimState state;
    NvimApi api(dispatcher);
    register_all(dispatcher, session, state, api, opts.engine_version);
    auto st = transport.loop(dispatcher);
    if (!st) {
      log::error("nvim: " + st.error().message);
      code = 2;
    }
    dispatcher.cancel_all();
    dispatcher.join_workers();
  }
  transport.flush_and_close();
  return code;
}

std::vector<std::pair<std::string, std::string>> nvim_methods() {
  NullTransport t;
  rpc::Dispatcher d(t);
  config::Config cfg;
  http::Pool pool;
  llm::Engine engine(pool);
  server::Session s(cfg, engine, d, "nvim");
  NvimState st;
  NvimApi api(d);
  register_all(d, s, st, api, "");
  std::vector<std::pair<std::string, std::string>> out;
  for (auto& m : d.request_methods()) out.emplace_back(m, "request");
  for (auto& m : d.notification_methods()) out.emplace_back(m, "notification");
  return out;
}

}  // namespace byok::nvim
