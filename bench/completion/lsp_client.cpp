#include "bench/completion/lsp_client.h"

#include <poll.h>
#include <unistd.h>

#include <fstream>
#include <future>

#include "core/completion/document.h"

namespace byok::bench {
namespace {
using nlohmann::json;

json position_json(const std::string& text, size_t cursor) {
  auto p = completion::position_of(text, cursor);
  return {{"line", p.line}, {"character", p.utf16_col}};
}
}  // namespace

LspClient::LspClient(const std::string& byok_binary, const emu::Emulator& emulator, const std::string& model,
                     const std::filesystem::path& home)
    : emulator_(emulator) {
  std::filesystem::create_directories(home / "config" / "byok");
  std::filesystem::create_directories(home / "data");
  // The emulator over TLS as an OpenAI-compatible provider with a FIM endpoint, as a user would set up a
  // self-hosted server; completions go to `model`.
  json cfg = {{"providers",
               {{"emu",
                 {{"preset", "openai-compatible"},
                  {"base_url", emulator.https_url() + "/v1"},
                  {"ca_file", emulator.ca_file()},
                  {"fim", {{"wire", "openai-completions"}, {"path", "/completions"}}}}}}},
              {"default", {{"provider", "emu"}, {"model", model}}},
              {"features", {{"completion", {{"provider", "emu"}, {"model", model}}}}}};
  std::ofstream(home / "config" / "byok" / "config.json") << cfg.dump(2);
  SpawnOptions so;
  so.argv = {byok_binary, "lsp"};
  so.env = std::map<std::string, std::string>{{"HOME", home.string()},
                                              {"XDG_CONFIG_HOME", (home / "config").string()},
                                              {"XDG_DATA_HOME", (home / "data").string()},
                                              {"PATH", "/usr/bin:/bin"}};
  so.pipe_stdin = true;
  so.pipe_stderr = false;
  auto p = Subprocess::spawn(so);
  if (!p) throw std::runtime_error("cannot start byok lsp: " + p.error().message);
  proc_.emplace(std::move(*p));
  reader_ = std::thread([this] { read_loop(); });
  if (!request_sync("initialize", {{"capabilities", json::object()}, {"processId", ::getpid()}}))
    throw std::runtime_error("byok lsp did not answer initialize");
  send_notification("initialized", json::object());
}

LspClient::~LspClient() {
  (void)request_sync("shutdown", nullptr);
  send_notification("exit", nullptr);
  if (proc_) proc_->close_stdin();
  if (reader_.joinable()) reader_.join();
  if (proc_) proc_->wait();
}

void LspClient::write_frame(const json& message) {
  const std::string body = message.dump();
  const std::string frame = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  std::lock_guard lock(write_mu_);
  size_t off = 0;
  while (off < frame.size()) {
    ssize_t n = ::write(proc_->stdin_fd(), frame.data() + off, frame.size() - off);
    if (n <= 0) return;
    off += static_cast<size_t>(n);
  }
}

int64_t LspClient::send_request(const std::string& method, const json& params, Reply on_reply) {
  int64_t id;
  {
    std::lock_guard lock(mu_);
    id = next_id_++;
    pending_[id] = std::move(on_reply);
  }
  write_frame({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}});
  return id;
}

void LspClient::send_notification(const std::string& method, const json& params) {
  write_frame({{"jsonrpc", "2.0"}, {"method", method}, {"params", params}});
}

std::optional<json> LspClient::request_sync(const std::string& method, const json& params) {
  auto promise = std::make_shared<std::promise<json>>();
  auto answer = promise->get_future();
  send_request(method, params, [promise](const json& m) { promise->set_value(m); });
  if (answer.wait_for(std::chrono::seconds(20)) != std::future_status::ready) return std::nullopt;
  return answer.get();
}

void LspClient::read_loop() {
  std::string buf;
  char chunk[65536];
  for (;;) {
    // One frame: headers, blank line, Content-Length bytes.
    size_t header_end;
    while ((header_end = buf.find("\r\n\r\n")) == std::string::npos) {
      ssize_t n = ::read(proc_->stdout_fd(), chunk, sizeof chunk);
      if (n <= 0) return;
      buf.append(chunk, static_cast<size_t>(n));
    }
    size_t length = 0;
    if (auto at = buf.find("Content-Length:"); at != std::string::npos && at < header_end)
      length = std::stoul(buf.substr(at + 15, header_end - at - 15));
    while (buf.size() < header_end + 4 + length) {
      ssize_t n = ::read(proc_->stdout_fd(), chunk, sizeof chunk);
      if (n <= 0) return;
      buf.append(chunk, static_cast<size_t>(n));
    }
    auto message = json::parse(buf.substr(header_end + 4, length), nullptr, false);
    buf.erase(0, header_end + 4 + length);
    if (message.is_discarded() || !message.contains("id") || message.contains("method")) continue;  // notifications
    Reply reply;
    {
      std::lock_guard lock(mu_);
      auto it = pending_.find(message["id"].get<int64_t>());
      if (it == pending_.end()) continue;
      reply = std::move(it->second);
      pending_.erase(it);
    }
    reply(message);
  }
}

void LspClient::open(const std::string& uri, const std::string& language, const std::string& text) {
  uri_ = uri;
  send_notification("textDocument/didOpen",
                    {{"textDocument", {{"uri", uri}, {"languageId", language}, {"version", version_}, {"text", text}}}});
}

void LspClient::changed(std::shared_ptr<const std::string> text, size_t cursor, OnGhost on_ghost) {
  // Whole-document sync keeps the client simple; the server's cost per change is what bench/protocol measures.
  send_notification("textDocument/didChange",
                    {{"textDocument", {{"uri", uri_}, {"version", ++version_}}}, {"contentChanges", {{{"text", *text}}}}});
  send_request("textDocument/inlineCompletion",
               {{"textDocument", {{"uri", uri_}}}, {"position", position_json(*text, cursor)}, {"context", {{"triggerKind", 2}}}},
               [on_ghost = std::move(on_ghost)](const json& m) {
                 std::vector<std::string> texts;
                 if (m.contains("result") && m["result"].contains("items"))
                   for (const auto& item : m["result"]["items"]) texts.push_back(item.value("insertText", ""));
                 on_ghost(std::move(texts));
               });
}

ClientCounters LspClient::counters() const {
  ClientCounters c;
  for (const auto& r : emulator_.requests()) {
    if (r.method != "POST") continue;
    ++c.sent;
    if (r.client_closed_early) ++c.cancelled_upstream;
  }
  // Billed tokens as the ledger booked them (cancelled calls included).
  auto usage = const_cast<LspClient*>(this)->request_sync("byok/usage", json::object());
  if (usage && usage->contains("result"))
    for (const auto& row : (*usage)["result"]["rows"]) {
      if (row.value("kind", "") != "completion") continue;
      c.prompt_tokens += row.value("inputTokens", int64_t{0});
      c.completion_tokens += row.value("outputTokens", int64_t{0});
    }
  return c;
}

}  // namespace byok::bench
