// Per-keystroke cost against document size (docs/performance.md §6): what `byok lsp` does for one keystroke —
// apply the didChange to the document store, then for the inline completion read the window around the
// cursor with absolute offsets (docs::Document::window, under the store's lock) and build the prompt from it
// (completion::build_windows, the engine's first step) — on 1k, 10k, 100k and 1M-line documents. Target:
// flat (O(edit + window)), not growing with the document.
//   bench_did_change [keystrokes=20000] [--quick]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "core/completion/document.h"
#include "core/completion/prompt_window.h"
#include "protocol/documents/document_store.h"

namespace {
using Clock = std::chrono::steady_clock;

struct Cost {
  double did_change_ns = 0, window_ns = 0, prompt_ns = 0;
};

Cost per_keystroke(int lines, int keystrokes) {
  std::string text;
  for (int i = 0; i < lines; ++i) text += "    let value_" + std::to_string(i) + " = compute(" + std::to_string(i) + "); // 😀\n";
  byok::docs::DocumentStore store;
  store.open("file:///bench", "rust", 1, text);
  text.clear();
  const int64_t mid = lines / 2;
  Cost c;
  for (int i = 0; i < keystrokes; ++i) {
    // Type at the middle of the file, starting a new line now and then and joining it back.
    byok::docs::ContentChange change;
    const int64_t col = 10 + (i % 30);
    switch (i % 40) {
      case 38: change = {byok::docs::Range{{mid, 4}, {mid, 4}}, "\n    "}; break;
      case 39: change = {byok::docs::Range{{mid, 4}, {mid + 1, 4}}, ""}; break;
      default: change = {byok::docs::Range{{mid, col}, {mid, col}}, "x"}; break;
    }
    auto t0 = Clock::now();
    if (auto st = store.change("file:///bench", i + 2, {change}); !st) {
      std::fprintf(stderr, "edit failed: %s\n", st.error().message.c_str());
      std::exit(1);
    }
    auto t1 = Clock::now();
    byok::docs::Document::Window w;
    (void)store.with("file:///bench", [&](const byok::docs::Document& doc) {
      auto r = doc.window(byok::docs::Position{mid, col + 1}, 16 * 1024, 4 * 1024);
      if (r) w = std::move(*r);
      return 0;
    });
    auto t2 = Clock::now();
    byok::completion::StringDocument window_doc(std::move(w.text));
    auto prompt = byok::completion::build_windows(window_doc, w.cursor - w.begin, {}, {});
    auto t3 = Clock::now();
    if (prompt.prefix.empty()) std::exit(3);
    c.did_change_ns += std::chrono::duration<double, std::nano>(t1 - t0).count();
    c.window_ns += std::chrono::duration<double, std::nano>(t2 - t1).count();
    c.prompt_ns += std::chrono::duration<double, std::nano>(t3 - t2).count();
  }
  c.did_change_ns /= keystrokes;
  c.window_ns /= keystrokes;
  c.prompt_ns /= keystrokes;
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  int keystrokes = 20000;
  bool quick = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--quick")) quick = true;
    else keystrokes = std::atoi(argv[i]);
  }
  if (quick) keystrokes = std::min(keystrokes, 2000);
  std::vector<int> sizes = {1'000, 10'000, 100'000, 1'000'000};
  if (quick) sizes = {1'000, 100'000};
  std::printf("per keystroke in byok lsp (%d keystrokes in the middle of the file; µs):\n\n", keystrokes);
  std::printf("| lines     | didChange | window read | prompt build | total | vs 1k lines |\n");
  std::printf("|----------:|----------:|------------:|-------------:|------:|------------:|\n");
  double base = 0;
  for (int lines : sizes) {
    const Cost c = per_keystroke(lines, keystrokes);
    const double total = c.did_change_ns + c.window_ns + c.prompt_ns;
    if (base == 0) base = total;
    std::printf("| %9d | %9.2f | %11.2f | %12.2f | %5.2f | %10.1fx |\n", lines, c.did_change_ns / 1000, c.window_ns / 1000,
                c.prompt_ns / 1000, total / 1000, total / base);
  }
  std::printf("\ntarget: flat (O(edit + window)); the window is 16 KiB before and 4 KiB after the cursor.\n");
  return 0;
}
