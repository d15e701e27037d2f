// Stream decoding benchmark (issue 11 §4): the whole client pipeline — bytes -> UTF-8 check -> SSE events
// -> JSON -> text deltas — through byok's real OpenAI decoder (core/llm/openai_wire.cpp), over a recorded
// stream fed in random 1-64 KiB pieces; and the CPU cost per token at the start vs the end of a 1 MB answer,
// which must be flat (nothing that already arrived is re-scanned or re-copied).
//
// Usage: byok_bench_stream [--mb N] [--repeat R] [--node-dir DIR]
// Prints result rows (bench/common/report.h). With --node-dir, the same recorded stream (written to a
// temporary file) goes through the Node pipeline (bench/node/stream_decode.mjs) for the comparison.
#include <time.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "bench/common/pieces.h"
#include "bench/common/recorded_stream.h"
#include "bench/common/report.h"
#include "core/util/subprocess.h"
#include "core/llm/wire.h"

using namespace byok;

namespace {

int64_t thread_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

struct DecodeResult {
  size_t text_bytes = 0;
  size_t deltas = 0;
  bool finished = false;
};

DecodeResult decode(const std::vector<std::string_view>& pieces) {
  auto dec = llm::find_wire("openai-chat")->make_decoder("bench", 8u << 20);
  DecodeResult r;
  llm::EventCallback emit = [&](const llm::Event& ev) {
    if (const auto* d = std::get_if<llm::TextDelta>(&ev)) {
      r.text_bytes += d->text.size();
      ++r.deltas;
    } else if (std::holds_alternative<llm::Finish>(ev)) {
      r.finished = true;
    }
  };
  for (auto p : pieces)
    if (!dec->feed(p, emit)) throw std::runtime_error("decoder failed");
  if (!dec->finish(emit)) throw std::runtime_error("decoder finish failed");
  return r;
}

// CPU per token over the first and the last `window` tokens of an answer of `answer_bytes`, each SSE event
// delivered as its own piece (as tokens arrive), the text appended to one growing string (as a host does).
std::pair<double, double> per_token_cost(size_t answer_bytes, size_t window) {
  auto s = bench::make_openai_stream(0, answer_bytes);
  std::vector<std::string_view> events;
  std::string_view all = s.bytes;
  for (size_t pos = 0; pos < all.size();) {
    size_t end = all.find("\n\n", pos);
    end = end == std::string_view::npos ? all.size() : end + 2;
    events.push_back(all.substr(pos, end - pos));
    pos = end;
  }
  auto dec = llm::find_wire("openai-chat")->make_decoder("bench", 8u << 20);
  std::string answer;
  llm::EventCallback emit = [&](const llm::Event& ev) {
    if (const auto* d = std::get_if<llm::TextDelta>(&ev)) answer += d->text;
  };
  const size_t n = events.size();
  int64_t start_ns = 0, end_ns = 0;
  for (size_t i = 0; i < n; ++i) {
    const bool first = i >= 1 && i < 1 + window, last = i + 3 + window >= n && i + 3 < n;
    int64_t t0 = (first || last) ? thread_cpu_ns() : 0;
    if (!dec->feed(events[i], emit)) throw std::runtime_error("decoder failed");
    if (first) start_ns += thread_cpu_ns() - t0;
    if (last) end_ns += thread_cpu_ns() - t0;
  }
  (void)dec->finish(emit);
  if (answer != s.text) throw std::runtime_error("per-token run: answer differs from the recorded text");
  return {double(start_ns) / window, double(end_ns) / window};
}

}  // namespace

// Runs the Node pipeline over `file`; its MB/s, or nullopt (with the reason on stderr).
std::optional<double> node_mb_per_s(const std::string& node_dir, const std::string& file) {
  SpawnOptions so;
  so.argv = {"node", node_dir + "/stream_decode.mjs", file, "42"};
  so.env = std::map<std::string, std::string>{{"PATH", "/usr/local/bin:/usr/bin:/bin"}};
  auto best = std::optional<double>();
  for (int i = 0; i < 3; ++i) {  // best of 3, as for byok
    auto r = run_program(so, "", std::chrono::minutes(5));
    if (!r || r->exit_code != 0) {
      std::cerr << "byok_bench_stream: node baseline failed: " << (r ? r->err : r.error().message) << "\n";
      return std::nullopt;
    }
    auto j = nlohmann::json::parse(r->out, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    best = std::max(best.value_or(0), j["mb_per_s"].get<double>());
  }
  return best;
}

int main(int argc, char** argv) {
  size_t mb = 100;
  int repeat = 3;
  std::string node_dir;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--mb" && i + 1 < argc) mb = std::stoul(argv[++i]);
    else if (a == "--node-dir" && i + 1 < argc) node_dir = argv[++i];
    else if (a == "--repeat" && i + 1 < argc) repeat = std::stoi(argv[++i]);
    else {
      std::cerr << "usage: byok_bench_stream [--mb N] [--repeat R] [--node-dir DIR]\n";
      return 2;
    }
  }
  auto s = bench::make_openai_stream(mb * 1'000'000);
  auto pieces = bench::random_pieces(s.bytes);

  double best_s = 1e9;
  DecodeResult r;
  for (int i = 0; i < repeat; ++i) {
    // CPU time of this thread, not wall time: the machine is shared, and what is measured is the cost.
    const int64_t t0 = thread_cpu_ns();
    r = decode(pieces);
    best_s = std::min(best_s, double(thread_cpu_ns() - t0) / 1e9);
  }
  if (r.text_bytes != s.text.size() || !r.finished) {
    std::cerr << "byok_bench_stream: decoded " << r.text_bytes << " text bytes, expected " << s.text.size() << "\n";
    return 1;
  }
  std::optional<double> node;
  if (!node_dir.empty() && std::filesystem::exists(node_dir + "/node_modules/eventsource-parser")) {
    auto file = std::filesystem::temp_directory_path() / ("byok-bench-stream-" + std::to_string(::getpid()) + ".sse");
    std::ofstream(file, std::ios::binary) << s.bytes;
    node = node_mb_per_s(node_dir, file.string());
    std::filesystem::remove(file);
  }
  const std::string sz = std::to_string(s.bytes.size() / 1'000'000) + " MB recorded OpenAI stream, random 1-64 KiB pieces, MB per CPU-second, best of " +
                         std::to_string(repeat);
  bench::print_row({"4 stream decoding", "bytes -> UTF-8 -> SSE -> JSON -> text deltas", "MB/s",
                    s.bytes.size() / 1e6 / best_s, "node TextDecoder + eventsource-parser + JSON.parse", node,
                    ">= 500 MB/s and >= 4x node", sz});
  auto [start_ns, end_ns] = per_token_cost(1'000'000, 10'000);
  bench::print_row({"4 stream decoding", "CPU per token, first 10k tokens of a 1 MB answer", "ns", start_ns, "", std::nullopt,
                    "flat", "each event fed as it arrives; text appended to one string"});
  bench::print_row({"4 stream decoding", "CPU per token, last 10k tokens of a 1 MB answer", "ns", end_ns, "", std::nullopt,
                    "flat", "ratio end/start " + std::to_string(end_ns / std::max(1.0, start_ns))});
  return 0;
}
