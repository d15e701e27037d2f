// Latency benchmarks (issue 11 §1 and §2), against the provider emulator running as its own process.
//  ttft: emulator TTFT 0 over loopback HTTP; p50/p90 time to the first text delta through byok's warm engine
//        (pool, HTTP seam, SSE + JSON decoding) vs a raw socket reader (bench/latency/raw_reader.h) on the same
//        stream; and `byok ask` as a fresh process per request.
//  warm: emulator over HTTPS with an emulated round trip (--rtt-ms; netem is unavailable here, see
//        docs/performance.md), 20 sequential short requests: byok's engine (keep-alive) vs curl per request
//        vs the openai npm SDK in a fresh node per request and in one warm node process.
// Prints one JSON line per result (bench/common/report.h).
//
// Usage: byok_bench_latency --emulator PATH [--byok PATH] [--node-dir DIR] [--iterations N] [--requests N]
//                           [--rtt-ms N] [--only ttft|warm]
#include <signal.h>

#include <filesystem>
#include <iostream>
#include <thread>

#include "bench/common/report.h"
#include "bench/latency/raw_reader.h"
#include "core/llm/engine.h"
#include "core/util/subprocess.h"
#include "tests/load/emulator_process.h"

using namespace byok;
using Clock = std::chrono::steady_clock;

namespace {

struct Args {
  std::string emulator, byok, node_dir;
  int iterations = 200, requests = 20, rtt_ms = 20;
  std::string only;
};

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

llm::ChatRequest hello() {
  llm::ChatRequest r;
  r.model = "gpt-4o-mini";
  r.messages.push_back({llm::Role::User, "Say hello"});
  r.max_tokens = 16;
  return r;
}

// Time to the first text delta of one request through the engine.
double engine_ttft(llm::Engine& engine, const llm::Endpoint& ep, const llm::CallOptions& opts) {
  auto start = Clock::now();
  double first = -1;
  auto r = engine.chat(ep, hello(), [&](const llm::Event& ev) {
    if (first < 0 && std::holds_alternative<llm::TextDelta>(ev)) first = ms_since(start);
  }, {}, opts);
  if (!r || first < 0) throw std::runtime_error("byok request failed: " + (r ? "no text" : r.error().describe()));
  return first;
}

// The exact bytes byok would send, as a raw HTTP/1.1 request.
std::string raw_request(const llm::Endpoint& ep) {
  auto req = llm::find_wire("openai-chat")->build_chat(hello(), ep, ep.spec.chat);
  if (!req) throw std::runtime_error(req.error().message);
  std::string out = "POST " + req->url.path + " HTTP/1.1\r\nHost: " + req->url.host_port() +
                    "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(req->body.size()) + "\r\n";
  for (const auto& h : req->headers) out += h.name + ": " + h.value + "\r\n";
  return out + "\r\n" + req->body;
}

// Spawns argv and returns ms from spawn to the first stdout line satisfying `is_first`; the process is
// then waited for (its remaining output drained).
double spawn_until(const std::vector<std::string>& argv, std::map<std::string, std::string> env,
                   const std::function<bool(const std::string&)>& is_first) {
  SpawnOptions so;
  so.argv = argv;
  so.env = std::move(env);
  so.pipe_stderr = false;
  auto start = Clock::now();
  auto child = Subprocess::spawn(so);
  if (!child) throw std::runtime_error("cannot run " + argv[0] + ": " + child.error().message);
  double first = -1;
  for (;;) {
    auto line = child->read_line(std::chrono::seconds(30));
    if (!line) break;
    if (first < 0 && is_first(*line)) first = ms_since(start);
  }
  int rc = child->wait();
  if (first < 0 || rc != 0) throw std::runtime_error(argv[0] + " produced no first token (exit " + std::to_string(rc) + ")");
  return first;
}

std::map<std::string, std::string> base_env() {
  std::map<std::string, std::string> env{{"PATH", "/usr/local/bin:/usr/bin:/bin"}};
  if (const char* home = std::getenv("HOME")) env["HOME"] = home;
  return env;
}

bool has_content(const std::string& line) {
  auto p = line.find("\"content\":\"");
  return p != std::string::npos && p + 11 < line.size() && line[p + 11] != '"';
}

void bench_ttft(const Args& a) {
  test::EmulatorProcess emu(a.emulator, {"--no-https"});
  http::Pool pool;
  llm::Engine engine(pool);
  auto ep = emu.endpoint("openai", /*https=*/false);
  llm::CallOptions opts;
  bench::RawReader raw(std::stoi(emu.http_url().substr(emu.http_url().rfind(':') + 1)), raw_request(ep));
  for (int i = 0; i < 20; ++i) {  // warm both: connection, allocator, caches
    engine_ttft(engine, ep, opts);
    raw.first_token();
  }
  std::vector<double> byok_ms, raw_ms;
  for (int i = 0; i < a.iterations; ++i) {  // interleaved so both see the same machine load
    byok_ms.push_back(engine_ttft(engine, ep, opts));
    raw_ms.push_back(std::chrono::duration<double, std::milli>(raw.first_token()).count());
  }
  const double b50 = bench::percentile(byok_ms, 0.5), r50 = bench::percentile(raw_ms, 0.5);
  bench::print_row({"1 added TTFT", "p50 time to first token, warm", "ms", b50, "raw socket reader", r50,
                    "byok adds <= 1 ms at p50",
                    "added " + std::to_string(b50 - r50) + " ms; loopback HTTP, emulator TTFT 0, " +
                        std::to_string(a.iterations) + " requests interleaved"});
  bench::print_row({"1 added TTFT", "p90 time to first token, warm", "ms", bench::percentile(byok_ms, 0.9),
                    "raw socket reader", bench::percentile(raw_ms, 0.9), "", ""});
  if (!a.byok.empty()) {
    std::vector<double> ask_ms;
    auto env = base_env();
    env["OPENAI_API_KEY"] = "sk-bench-0123456789";  // a fake key for the emulator, as a user would export one
    auto tmp = std::filesystem::temp_directory_path() / ("byok-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(tmp);
    env["XDG_CONFIG_HOME"] = tmp.string();
    env["XDG_DATA_HOME"] = tmp.string();
    for (int i = 0; i < 10; ++i)
      ask_ms.push_back(spawn_until({a.byok, "ask", "--provider", "openai", "--base-url", emu.http_url() + "/v1",
                                    "--model", "gpt-4o-mini", "--json", "Say hello"},
                                   env, [](const std::string& l) { return l.find("\"delta\"") != std::string::npos; }));
    std::filesystem::remove_all(tmp);
    bench::print_row({"1 added TTFT", "p50 time to first token, `byok ask` fresh process", "ms",
                      bench::percentile(ask_ms, 0.5), "raw socket reader (warm)", r50, "",
                      "exec + config + connect + request, 10 runs"});
  }
}

void bench_warm(const Args& a) {
  test::EmulatorProcess emu(a.emulator, {"--rtt-ms", std::to_string(a.rtt_ms), "--no-http"});
  const std::string url = emu.https_url() + "/v1/chat/completions";
  const std::string body =
      R"({"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello"}],"max_tokens":16,"stream":true})";
  const std::string note = "HTTPS, emulated RTT " + std::to_string(a.rtt_ms) + " ms (emulator rtt_ms), " +
                           std::to_string(a.requests) + " sequential requests, median";
  // byok: one engine, as in a long-lived `byok lsp`.
  http::Pool pool;
  llm::Engine engine(pool);
  auto ep = emu.endpoint("openai");
  std::vector<double> byok_ms;
  for (int i = 0; i < a.requests; ++i) byok_ms.push_back(engine_ttft(engine, ep, {}));
  const double byok_med = bench::percentile(byok_ms, 0.5);
  bench::print_row({"2 warm path", "first request (new TLS connection)", "ms", byok_ms[0], "", std::nullopt,
                    "", "the one handshake a session pays"});

  std::vector<double> curl_ms;
  for (int i = 0; i < a.requests; ++i)
    curl_ms.push_back(spawn_until({"curl", "-sN", "--cacert", emu.ca_file(), "-H", "Authorization: Bearer sk-bench-0123456789",
                                   "-H", "Content-Type: application/json", "-d", body, url},
                                  base_env(), has_content));
  bench::print_row({"2 warm path", "median time to first token", "ms", byok_med, "curl per request",
                    bench::percentile(curl_ms, 0.5), "byok within 2 ms of 1 RTT; >= 3x sooner than curl", note});

  if (a.node_dir.empty() || !std::filesystem::exists(a.node_dir + "/node_modules/openai")) {
    bench::print_row({"2 warm path", "median time to first token", "ms", byok_med, "openai SDK, fresh node",
                      std::nullopt, "far ahead", "skipped: run scripts/install-deps (npm ci in bench/node)"});
    return;
  }
  auto env = base_env();
  env["NODE_EXTRA_CA_CERTS"] = emu.ca_file();
  const std::string script = a.node_dir + "/openai_ttft.mjs";
  std::vector<double> fresh_ms;
  for (int i = 0; i < a.requests; ++i)
    fresh_ms.push_back(spawn_until({"node", script, emu.https_url() + "/v1", "1"}, env,
                                   [](const std::string& l) { return l == "first"; }));
  bench::print_row({"2 warm path", "median time to first token", "ms", byok_med, "openai SDK, fresh node per request",
                    bench::percentile(fresh_ms, 0.5), "far ahead", note});

  SpawnOptions so;
  so.argv = {"node", script, emu.https_url() + "/v1", std::to_string(a.requests)};
  so.env = env;
  so.pipe_stderr = false;
  auto child = Subprocess::spawn(so);
  if (!child) throw std::runtime_error("cannot run node: " + child.error().message);
  std::vector<double> warm_ms;
  for (;;) {
    auto line = child->read_line(std::chrono::seconds(60));
    if (!line) break;
    auto j = nlohmann::json::parse(*line, nullptr, false);
    if (j.is_object() && j["ttft_ms"].is_number()) warm_ms.push_back(j["ttft_ms"].get<double>());
  }
  child->wait();
  bench::print_row({"2 warm path", "median time to first token", "ms", byok_med, "openai SDK, one warm node process",
                    warm_ms.empty() ? std::nullopt : std::optional<double>(bench::percentile(warm_ms, 0.5)),
                    "", note});
}

}  // namespace

int main(int argc, char** argv) {
  ::signal(SIGPIPE, SIG_IGN);  // a child that dies early must be reported, not kill the benchmark
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string f = argv[i];
    auto v = [&]() -> std::string { return i + 1 < argc ? argv[++i] : throw std::invalid_argument(f + " needs a value"); };
    if (f == "--emulator") a.emulator = v();
    else if (f == "--byok") a.byok = v();
    else if (f == "--node-dir") a.node_dir = v();
    else if (f == "--iterations") a.iterations = std::stoi(v());
    else if (f == "--requests") a.requests = std::stoi(v());
    else if (f == "--rtt-ms") a.rtt_ms = std::stoi(v());
    else if (f == "--only") a.only = v();
    else {
      std::cerr << "byok_bench_latency: unknown flag " << f << "\n";
      return 2;
    }
  }
  if (a.emulator.empty()) {
    std::cerr << "byok_bench_latency: --emulator PATH is required\n";
    return 2;
  }
  try {
    if (a.only.empty() || a.only == "ttft") bench_ttft(a);
    if (a.only.empty() || a.only == "warm") bench_warm(a);
  } catch (const std::exception& e) {
    std::cerr << "byok_bench_latency: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
