// Completion benchmark: replays the typing traces through byok's completion engine and through a naive
// baseline (a request on every keystroke, no cancellation, no cache, no typed-ahead reuse) against the
// provider emulator, each replay with its own emulator so neither slows the other, and prints the table.
//
//   cmake --build build/default -j2 --target bench-completion
//   build/default/bench/completion/byok_completion_bench [--trace NAME] [--ttft-ms N] [--token-ms N] [--rtt-ms N]
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <unistd.h>
#include <future>
#include <string>
#include <vector>

#include "bench/completion/in_process_client.h"
#include "bench/completion/lsp_client.h"
#include "bench/completion/oracle.h"
#include "bench/completion/replay.h"
#include "bench/completion/report.h"
#include "bench/completion/trace.h"
#include "tests/emulator/emulator.h"

using namespace byok;

namespace {

llm::Endpoint emulator_endpoint(const emu::Emulator& e) {
  llm::Endpoint ep;
  ep.spec.name = "emulator";
  ep.spec.base_url = *http::Url::parse(e.https_url() + "/v1");
  ep.spec.auth = config::AuthStyle::None;
  ep.spec.ca_file = e.ca_file();
  ep.spec.local = true;
  ep.spec.fim = {"openai-completions", "/completions"};
  ep.spec.chat = {"openai-chat", "/chat/completions"};
  return ep;
}

completion::Options naive_options() {
  completion::Options o;
  o.debounce_min_ms = o.debounce_max_ms = o.debounce_initial_ms = 0;
  o.cache_entries = 0;
  o.typed_ahead = false;
  o.cancel_superseded = false;
  o.preconnect = false;
  return o;
}

bench::ReplayResult run_one(const bench::Trace& trace, const std::string& engine, const bench::BenchSetup& setup) {
  emu::Options eo;
  eo.rtt_ms = setup.rtt_ms;
  emu::Emulator e(eo);
  e.start();
  const std::string model = "bench-" + engine + "-" + trace.name;
  auto set_reply = [&](const std::string& doc, size_t cursor) {
    emu::Scenario s;
    s.reply = bench::oracle_reply(trace.text, doc, cursor, trace.name);
    s.ttft_ms = setup.ttft_ms;
    s.token_ms = setup.token_ms;
    e.set_scenario(model, s);
  };
  if (engine == "byok lsp") {
    // The same engine behind a real `byok lsp` process: JSON-RPC, document sync and the ledger included.
    auto home = std::filesystem::temp_directory_path() / ("byok-bench-lsp-" + trace.name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(home);
    bench::ReplayResult r;
    {
      bench::LspClient client(BYOK_BINARY, e, model, home);
      r = bench::replay(trace, client, engine, set_reply);
    }
    std::filesystem::remove_all(home);
    return r;
  }
  bench::InProcessClient client(emulator_endpoint(e), model, engine == "byok" ? completion::Options{} : naive_options());
  return bench::replay(trace, client, engine, set_reply);
}

}  // namespace

int main(int argc, char** argv) {
  bench::BenchSetup setup{200, 10, 20};
  std::string only;
  for (int i = 1; i < argc; ++i) {
    auto next = [&](const char* flag) -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "byok_completion_bench: %s needs a value\n", flag);
        std::exit(2);
      }
      return argv[++i];
    };
    if (!std::strcmp(argv[i], "--trace")) only = next("--trace");
    else if (!std::strcmp(argv[i], "--ttft-ms")) setup.ttft_ms = std::atoi(next("--ttft-ms"));
    else if (!std::strcmp(argv[i], "--token-ms")) setup.token_ms = std::atoi(next("--token-ms"));
    else if (!std::strcmp(argv[i], "--rtt-ms")) setup.rtt_ms = std::atoi(next("--rtt-ms"));
    else {
      std::fprintf(stderr, "byok_completion_bench: unknown argument '%s'\n", argv[i]);
      return 2;
    }
  }
  auto traces = bench::load_traces(BYOK_TRACE_DIR);
  if (!traces) {
    std::fprintf(stderr, "byok_completion_bench: %s\n", traces.error().message.c_str());
    return 1;
  }
  std::vector<std::future<bench::ReplayResult>> runs;
  for (const auto& t : *traces) {
    if (!only.empty() && t.name != only) continue;
    std::fprintf(stderr, "replaying %s (%zu keys, %.0f s) through byok, byok lsp and naive...\n", t.name.c_str(), t.events.size(),
                 static_cast<double>(t.events.back().t_ms) / 1000.0);
    for (const char* engine : {"byok", "byok lsp", "naive"})
      runs.push_back(std::async(std::launch::async, [&t, engine, setup] { return run_one(t, engine, setup); }));
  }
  std::vector<bench::ReplayResult> results;
  for (auto& f : runs) results.push_back(f.get());
  std::fputs(bench::format_report(results, setup).c_str(), stdout);
  return 0;
}
