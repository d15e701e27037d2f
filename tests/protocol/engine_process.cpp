#include "tests/protocol/engine_process.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <msgpack.hpp>
#include <stdexcept>
#include <thread>

#include "protocol/rpc/msgpack_json.h"

namespace byok::test {

std::string byok_binary() { return BYOK_BIN; }

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "byok-proto-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path = tmpl;
}
TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
}

std::filesystem::path write_emulator_config(const std::filesystem::path& dir, const std::string& url, const json& extra) {
  json cfg = {{"providers", {{"emu", {{"preset", "openai-compatible"}, {"base_url", url + "/v1"}}}}},
              {"default", {{"provider", "emu"}, {"model", "emu-echo"}}}};
  if (extra.is_object()) cfg.merge_patch(extra);
  auto file = dir / "config" / "byok" / "config.json";
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file) << cfg.dump(2);
  return file;
}

EngineProcess::EngineProcess(const std::vector<std::string>& args, const std::filesystem::path& home) {
  SpawnOptions o;
  o.argv = {byok_binary()};
  o.argv.insert(o.argv.end(), args.begin(), args.end());
  std::map<std::string, std::string> env = {{"HOME", home.string()},
                                            {"XDG_CONFIG_HOME", (home / "config").string()},
                                            {"XDG_DATA_HOME", (home / "data").string()},
                                            {"PATH", std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin"}};
  for (const char* keep : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS"})
    if (const char* v = std::getenv(keep)) env[keep] = v;
  o.env = env;
  o.pipe_stdin = true;
  auto p = Subprocess::spawn(o);
  if (!p) throw std::runtime_error("spawn byok: " + p.error().message);
  proc_.emplace(std::move(*p));
}

EngineProcess::~EngineProcess() = default;

void EngineProcess::send_raw(const std::string& bytes) {
  size_t off = 0;
  while (off < bytes.size()) {
    ssize_t n = ::write(proc_->stdin_fd(), bytes.data() + off, bytes.size() - off);
    if (n <= 0) throw std::runtime_error("write to byok failed");
    off += static_cast<size_t>(n);
  }
}

void EngineProcess::send(const json& m) {
  std::string body = m.dump();
  send_raw("Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
}

bool EngineProcess::fill(std::chrono::milliseconds timeout) {
  pollfd pfd{proc_->stdout_fd(), POLLIN, 0};
  if (::poll(&pfd, 1, static_cast<int>(timeout.count())) <= 0) return false;
  char chunk[65536];
  ssize_t n = ::read(proc_->stdout_fd(), chunk, sizeof chunk);
  if (n <= 0) return false;
  buf_.append(chunk, static_cast<size_t>(n));
  return true;
}

std::optional<json> EngineProcess::read(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    size_t end = buf_.find("\r\n\r\n");
    if (end != std::string::npos) {
      size_t cl = buf_.find("Content-Length: ");
      if (cl == std::string::npos || cl > end) throw std::runtime_error("byok sent a header without Content-Length: " + buf_.substr(0, end));
      size_t len = std::stoul(buf_.substr(cl + 16, end - cl - 16));
      if (buf_.size() >= end + 4 + len) {
        json m = json::parse(buf_.substr(end + 4, len));
        buf_.erase(0, end + 4 + len);
        return m;
      }
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !fill(left)) return std::nullopt;
  }
}

int64_t EngineProcess::send_request(const std::string& method, const json& params) {
  int64_t id = next_id_++;
  json m = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
  if (!params.is_null()) m["params"] = params;
  send(m);
  return id;
}

json EngineProcess::wait_response(int64_t id, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) throw std::runtime_error("no response to request " + std::to_string(id));
    auto m = read(left);
    if (!m) throw std::runtime_error("no response to request " + std::to_string(id) + "; stderr: " + stderr_text());
    if (m->contains("id") && (*m)["id"] == id && !m->contains("method")) return *m;
    seen.push_back(*m);
  }
}

json EngineProcess::request(const std::string& method, const json& params, std::chrono::milliseconds timeout) {
  return wait_response(send_request(method, params), timeout);
}

void EngineProcess::notify(const std::string& method, const json& params) {
  send({{"jsonrpc", "2.0"}, {"method", method}, {"params", params}});
}

json EngineProcess::initialize(const json& init_options) {
  json params = {{"processId", nullptr}, {"rootUri", nullptr}, {"capabilities", json::object()}};
  if (!init_options.is_null()) params["initializationOptions"] = init_options;
  json r = request("initialize", params);
  notify("initialized", json::object());
  return r;
}

void EngineProcess::send_msgpack(const json& m) { send_raw(rpc::to_msgpack_bytes(m)); }

std::optional<json> EngineProcess::read_msgpack(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (!buf_.empty()) {
      size_t off = 0;
      try {
        auto oh = msgpack::unpack(buf_.data(), buf_.size(), off);
        auto j = rpc::msgpack_to_json(oh.get());
        buf_.erase(0, off);
        if (j) return *j;
        throw std::runtime_error("undecodable msgpack from byok");
      } catch (const msgpack::insufficient_bytes&) {
      }
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !fill(left)) return std::nullopt;
  }
}

void EngineProcess::close_stdin() { proc_->close_stdin(); }

int EngineProcess::wait_exit(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    siginfo_t info{};
    // WNOWAIT: look without reaping, so Subprocess::wait() reaps it exactly once.
    if (::waitid(P_PID, static_cast<id_t>(proc_->pid()), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid != 0)
      return proc_->wait();
    std::this_thread::sleep_for(10ms);
  }
  return -1;
}

std::string EngineProcess::stderr_text() {
  if (!proc_) return {};
  std::string out;
  char chunk[4096];
  pollfd pfd{proc_->stderr_fd(), POLLIN, 0};
  while (::poll(&pfd, 1, 0) > 0) {
    ssize_t n = ::read(proc_->stderr_fd(), chunk, sizeof chunk);
    if (n <= 0) break;
    out.append(chunk, static_cast<size_t>(n));
  }
  return out;
}

}  // namespace byok::test
