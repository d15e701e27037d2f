// Engine footprint (issue 11 §3): exec to `initialize` reply and idle RSS of `byok lsp` vs a minimal Node LSP
// server on vscode-languageserver (bench/node/lsp_server.mjs); peak RSS and CPU per MB with 10 concurrent
// chat streams of 100 KB each through byok's engine vs the openai SDK in one node process.
// Usage: byok_bench_footprint --emulator PATH [--byok PATH] [--node-dir DIR] [--streams N] [--kb K]
#include <signal.h>
#include <sys/resource.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "bench/common/report.h"
#include "core/llm/engine.h"
#include "core/util/subprocess.h"
#include "tests/load/emulator_process.h"
#include "tests/load/rss_probe.h"

using namespace byok;
using Clock = std::chrono::steady_clock;

namespace {

long rss_of(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

double cpu_ms_self() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

struct LspStartup {
  double initialize_ms = -1;
  long idle_rss_kb = -1;
};

// Spawns an LSP server, sends `initialize`, times the reply, then reads its idle RSS after 500 ms.
std::optional<LspStartup> lsp_startup(const std::vector<std::string>& argv, std::map<std::string, std::string> env) {
  SpawnOptions so;
  so.argv = argv;
  so.env = std::move(env);
  so.pipe_stdin = true;
  so.pipe_stderr = false;
  const std::string body = R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}})";
  const std::string msg = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  auto start = Clock::now();
  auto child = Subprocess::spawn(so);
  if (!child) return std::nullopt;
  if (::write(child->stdin_fd(), msg.data(), msg.size()) != static_cast<ssize_t>(msg.size())) return std::nullopt;
  LspStartup out;
  for (;;) {  // headers come as lines; the JSON body follows without a newline, so look for it in any line
    auto line = child->read_line(std::chrono::seconds(10));
    if (!line) return std::nullopt;
    if (line->find("\"id\":1") != std::string::npos || line->find("Content-Length") != std::string::npos) {
      out.initialize_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
      break;
    }
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  out.idle_rss_kb = rss_of(child->pid());
  return out;
}

// Whether this byok has the `lsp` subcommand (listed in its help).
bool byok_has_lsp(const std::string& byok) {
  SpawnOptions so;
  so.argv = {byok, "--help"};
  auto r = run_program(so, "", std::chrono::seconds(10));
  return r && r->exit_code == 0 && r->out.find("\n  lsp ") != std::string::npos;
}

}  // namespace

int main(int argc, char** argv) {
  ::signal(SIGPIPE, SIG_IGN);  // a server that dies at start must be reported, not kill the benchmark
  std::string emulator, byok, node_dir;
  int streams = 10, kb = 100;
  for (int i = 1; i < argc; ++i) {
    std::string f = argv[i];
    auto v = [&]() -> std::string { return i + 1 < argc ? argv[++i] : throw std::invalid_argument(f + " needs a value"); };
    if (f == "--emulator") emulator = v();
    else if (f == "--byok") byok = v();
    else if (f == "--node-dir") node_dir = v();
    else if (f == "--streams") streams = std::stoi(v());
    else if (f == "--kb") kb = std::stoi(v());
    else {
      std::cerr << "byok_bench_footprint: unknown flag " << f << "\n";
      return 2;
    }
  }
  const bool have_node = !node_dir.empty() && std::filesystem::exists(node_dir + "/node_modules/openai");
  std::map<std::string, std::string> env{{"PATH", "/usr/local/bin:/usr/bin:/bin"}};

  // Start-up: exec -> initialize reply, idle RSS.
  std::optional<LspStartup> node_lsp;
  if (have_node) node_lsp = lsp_startup({"node", node_dir + "/lsp_server.mjs", "--stdio"}, env);
  std::optional<LspStartup> byok_lsp;
  std::string byok_note = "initialize over stdio, idle RSS 500 ms later";
  if (!byok.empty() && byok_has_lsp(byok)) byok_lsp = lsp_startup({byok, "lsp"}, env);
  else byok_note = "n/a: `byok lsp` is not in this build (protocol branch not merged yet)";
  auto opt = [](const std::optional<LspStartup>& s, auto field) {
    return s ? std::optional<double>(double(s.value().*field)) : std::nullopt;
  };
  bench::print_row({"3 footprint", "exec to initialize reply", "ms", opt(byok_lsp, &LspStartup::initialize_ms),
                    "node + vscode-languageserver", opt(node_lsp, &LspStartup::initialize_ms), "<= 10 ms", byok_note});
  bench::print_row({"3 footprint", "idle RSS", "MB",
                    byok_lsp ? std::optional<double>(byok_lsp->idle_rss_kb / 1024.0) : std::nullopt,
                    "node + vscode-languageserver",
                    node_lsp ? std::optional<double>(node_lsp->idle_rss_kb / 1024.0) : std::nullopt, "<= 10 MB", byok_note});

  // Streams: the engine in this process (the emulator is another process).
  test::EmulatorProcess emu(emulator, {"--no-http"});
  std::string reply;
  while (reply.size() < size_t(kb) * 1000) reply += "naïve café ✓ — streaming bytes through the engine. ";
  emu.set_scenario("bench-100k", {{"reply", reply}});
  const long idle_kb = test::current_rss_kb();
  http::Pool pool;
  llm::Engine engine(pool);
  auto ep = emu.endpoint("openai");
  const double cpu0 = cpu_ms_self();
  std::atomic<size_t> bytes{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < streams; ++i)
    threads.emplace_back([&] {
      llm::ChatRequest req;
      req.model = "bench-100k";
      req.messages.push_back({llm::Role::User, "Say a lot"});
      std::string text;
      auto r = engine.chat(ep, req, [&](const llm::Event& ev) {
        if (auto* d = std::get_if<llm::TextDelta>(&ev)) text += d->text;
      }, {}, {});
      if (!r || text != reply) ++failures;
      bytes += text.size();
    });
  for (auto& t : threads) t.join();
  const double cpu_ms = cpu_ms_self() - cpu0;
  const double mb = bytes / 1e6;
  if (failures) {
    std::cerr << "byok_bench_footprint: " << failures << " streams failed\n";
    return 1;
  }
  std::optional<double> node_peak, node_cpu;
  if (have_node) {
    emu.set_scenario("bench-100k", {{"reply", reply}});
    auto nenv = env;
    nenv["NODE_EXTRA_CA_CERTS"] = emu.ca_file();
    SpawnOptions so;
    so.argv = {"node", node_dir + "/streams_footprint.mjs", emu.https_url() + "/v1", std::to_string(streams)};
    so.env = nenv;
    auto r = run_program(so, "", std::chrono::seconds(120));
    if (r && r->exit_code == 0) {
      auto j = nlohmann::json::parse(r->out, nullptr, false);
      if (j.is_object()) {
        node_peak = j["peak_rss_kb"].get<double>() / 1024.0;
        node_cpu = j["cpu_ms"].get<double>() / std::max(1e-9, j["mb"].get<double>());
      }
    }
  }
  const std::string label = std::to_string(streams) + " concurrent " + std::to_string(kb) + " KB chat streams";
  bench::print_row({"3 footprint", "peak RSS, " + label, "MB", test::peak_rss_kb() / 1024.0,
                    "openai SDK in one node process", node_peak, "<= 20 MB",
                    "byok: the engine in a bench process (idle " + std::to_string(idle_kb / 1024) + " MB before)"});
  bench::print_row({"3 footprint", "CPU per MB streamed", "ms/MB", cpu_ms / std::max(1e-9, mb),
                    "openai SDK in one node process", node_cpu, "", "HTTPS, user+system CPU of the client process"});
  return 0;
}
