// didChange cost against document size: the same edits (a keystroke in the middle, a new line, a deleted
// line) on a 100-line and a 100,000-line document, through the DocumentStore the server uses. Target: the
// same order of magnitude.
//   bench_did_change [edits=20000]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "protocol/documents/document_store.h"

namespace {

double ns_per_edit(int lines, int edits) {
  std::string text;
  for (int i = 0; i < lines; ++i) text += "    let value_" + std::to_string(i) + " = compute(" + std::to_string(i) + "); // 😀\n";
  byok::docs::DocumentStore store;
  store.open("file:///bench", "rust", 1, text);
  int64_t mid = lines / 2;
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < edits; ++i) {
    byok::docs::ContentChange c;
    switch (i % 3) {
      case 0: c = {byok::docs::Range{{mid, 10}, {mid, 10}}, "x"}; break;             // a keystroke
      case 1: c = {byok::docs::Range{{mid, 4}, {mid, 4}}, "\n    "}; break;           // a new line
      default: c = {byok::docs::Range{{mid, 4}, {mid + 1, 4}}, ""}; break;           // join it back
    }
    auto st = store.change("file:///bench", i + 2, {c});
    if (!st) {
      std::fprintf(stderr, "edit failed: %s\n", st.error().message.c_str());
      std::exit(1);
    }
  }
  return std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count() / edits;
}

}  // namespace

int main(int argc, char** argv) {
  int edits = argc > 1 ? std::atoi(argv[1]) : 20000;
  double small = ns_per_edit(100, edits);
  double large = ns_per_edit(100000, edits);
  std::printf("didChange on 100 lines:     %.0f ns/edit\n", small);
  std::printf("didChange on 100,000 lines: %.0f ns/edit\n", large);
  std::printf("ratio large/small: %.1fx\n", large / small);
  return 0;
}
