// Load and durability of one engine: N concurrent chat streams (each starting a new one as soon as the last
// finished) plus a fill-in-the-middle completion every 100 ms, against the provider emulator running as a
// separate process, for a bounded time. Passes only if every answer arrived complete and byte-exact, no
// request failed, and the resident set stayed flat after warm-up (no leak).
//
// Usage: byok_load_test --emulator PATH [--seconds S] [--streams N] [--rss-margin-kb K]
// CI runs a short version (tests/load/CMakeLists.txt); scripts/load-test runs the long one.
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>

#include "core/llm/engine.h"
#include "tests/load/emulator_process.h"
#include "tests/load/rss_probe.h"

using namespace byok;
using Clock = std::chrono::steady_clock;

namespace {

struct Args {
  std::string emulator;
  int seconds = 20;
  int streams = 20;
  long rss_margin_kb = 4096;
};

Args parse_args(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(flag + " needs a value");
      return argv[++i];
    };
    if (flag == "--emulator") a.emulator = value();
    else if (flag == "--seconds") a.seconds = std::stoi(value());
    else if (flag == "--streams") a.streams = std::stoi(value());
    else if (flag == "--rss-margin-kb") a.rss_margin_kb = std::stol(value());
    else throw std::invalid_argument("unknown flag " + flag);
  }
  if (a.emulator.empty()) throw std::invalid_argument("--emulator PATH is required");
  if (a.seconds < 5 || a.streams < 1) throw std::invalid_argument("need --seconds >= 5 and --streams >= 1");
  return a;
}

// A reply long enough to keep a stream busy for a while, with 2-, 3- and 4-byte UTF-8 characters.
std::string long_reply() {
  std::string s;
  for (int i = 0; i < 40; ++i) s += "Paragraph " + std::to_string(i) + ": naïve café ✓ 👋 — the quick brown fox. ";
  return s;
}

struct Tally {
  std::mutex mu;
  long chats = 0, completions = 0, failures = 0;
  std::vector<std::string> first_failures;
  std::vector<double> chat_ms, completion_ms;

  void fail(const std::string& what) {
    std::lock_guard l(mu);
    ++failures;
    if (first_failures.size() < 10) first_failures.push_back(what);
  }
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5))];
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  try {
    args = parse_args(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "byok_load_test: " << e.what() << "\n";
    return 2;
  }
  // One emulator process per ~20 streams: each serves up to 48 connections at once.
  const int n_emulators = (args.streams + 20) / 21;
  std::vector<std::unique_ptr<test::EmulatorProcess>> emus;
  const std::string reply = long_reply();
  const std::string fim_reply = "return a + b;";
  for (int i = 0; i < n_emulators; ++i) {
    emus.push_back(std::make_unique<test::EmulatorProcess>(args.emulator));
    emus.back()->set_scenario("load-chat", {{"reply", reply}, {"token_ms", 2}});
    emus.back()->set_scenario("load-fim", {{"reply", fim_reply}});
  }

  http::Pool pool;  // one engine, as in `byok lsp`: every stream shares the pool
  llm::Engine engine(pool);
  llm::CallOptions opts;
  opts.timeouts.read_ms = 30'000;
  opts.retries.max_attempts = 1;  // a retry would hide a failure
  Tally tally;
  const auto deadline = Clock::now() + std::chrono::seconds(args.seconds);
  const char* presets[] = {"openai", "anthropic", "gemini", "ollama"};

  std::vector<std::thread> workers;
  for (int w = 0; w < args.streams; ++w) {
    workers.emplace_back([&, w] {
      auto ep = emus[w % n_emulators]->endpoint(presets[w % 4]);
      llm::ChatRequest req;
      req.model = "load-chat";
      req.messages.push_back({llm::Role::User, "stream " + std::to_string(w)});
      while (Clock::now() < deadline) {
        std::string text;
        bool finished = false;
        auto start = Clock::now();
        auto r = engine.chat(ep, req, [&](const llm::Event& ev) {
          if (auto* d = std::get_if<llm::TextDelta>(&ev)) text += d->text;
          if (std::holds_alternative<llm::Finish>(ev)) finished = true;
        }, {}, opts);
        double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        if (!r) tally.fail(std::string(presets[w % 4]) + " chat: " + r.error().describe());
        else if (text != reply || !finished) tally.fail(std::string(presets[w % 4]) + " chat: incomplete answer (" +
                                                        std::to_string(text.size()) + " bytes)");
        else {
          std::lock_guard l(tally.mu);
          ++tally.chats;
          tally.chat_ms.push_back(ms);
        }
      }
    });
  }
  // Completions on their own schedule: one every 100 ms, each on its own thread so a slow one cannot
  // delay the next (as an editor's keystrokes would not wait).
  std::thread completer([&] {
    auto ep = emus[0]->endpoint("mistral");
    llm::FimRequest req;
    req.model = "load-fim";
    req.prefix = "int add(int a, int b) {\n  ";
    req.suffix = "\n}\n";
    std::vector<std::thread> inflight;
    auto next = Clock::now();
    while (Clock::now() < deadline) {
      inflight.emplace_back([&] {
        std::string text;
        auto start = Clock::now();
        auto r = engine.fim(ep, req, [&](const llm::Event& ev) {
          if (auto* d = std::get_if<llm::TextDelta>(&ev)) text += d->text;
        }, {}, opts);
        double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        if (!r) tally.fail("completion: " + r.error().describe());
        else if (text != fim_reply) tally.fail("completion: wrong text '" + text + "'");
        else {
          std::lock_guard l(tally.mu);
          ++tally.completions;
          tally.completion_ms.push_back(ms);
        }
      });
      next += std::chrono::milliseconds(100);
      std::this_thread::sleep_until(next);
      if (inflight.size() > 50) {  // join finished ones in batches; they are short
        for (auto& t : inflight) t.join();
        inflight.clear();
      }
    }
    for (auto& t : inflight) t.join();
  });

  // RSS every 500 ms; the first 30 % of the run (at least 3 s) is warm-up: pools fill, allocator arenas grow.
  test::RssSeries rss;
  const auto warmup_end = Clock::now() + std::chrono::milliseconds(std::max(3000, args.seconds * 300));
  while (Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    if (Clock::now() >= warmup_end) rss.add(test::current_rss_kb());
  }
  for (auto& t : workers) t.join();
  completer.join();
  rss.add(test::current_rss_kb());

  const long expected_completions = args.seconds * 10;
  const auto growth = rss.growth_kb();
  std::cout << "load: " << args.streams << " streams + 1 completion/100 ms for " << args.seconds << " s, "
            << n_emulators << " emulator process(es)\n"
            << "  chats completed        " << tally.chats << " (p50 " << percentile(tally.chat_ms, 0.5) << " ms, p99 "
            << percentile(tally.chat_ms, 0.99) << " ms)\n"
            << "  completions completed  " << tally.completions << " of ~" << expected_completions << " (p50 "
            << percentile(tally.completion_ms, 0.5) << " ms, p99 " << percentile(tally.completion_ms, 0.99) << " ms)\n"
            << "  failures               " << tally.failures << "\n"
            << "  RSS after warm-up      " << rss.first_kb() << " KiB -> " << rss.last_kb() << " KiB (growth "
            << growth << " KiB, margin " << args.rss_margin_kb << " KiB), peak " << test::peak_rss_kb() << " KiB\n"
            << "  connections opened     " << pool.stats().connections_opened << " for " << pool.stats().requests
            << " requests\n";
  for (const auto& f : tally.first_failures) std::cout << "  FAIL " << f << "\n";

  bool ok = tally.failures == 0 && tally.chats >= args.streams && tally.completions >= expected_completions * 8 / 10;
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  std::cout << "  (sanitizer build: RSS is not checked, shadow memory and quarantine count as RSS)\n";
#else
  if (growth > args.rss_margin_kb) {
    std::cout << "  FAIL resident set grew by " << growth << " KiB after warm-up\n";
    ok = false;
  }
#endif
  std::cout << (ok ? "load: PASS\n" : "load: FAIL\n");
  return ok ? 0 : 1;
}
