// Context attached to a chat or an action: explicit and visible. Each item says what it is, how big it is
// in (estimated) tokens, and whether it was cut to fit the model's budget.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace byok::context {

struct ContextItem {
  std::string kind;    // selection, file, files, diagnostics, git_diff, git_diff_staged, clipboard, input
  std::string label;   // what the user sees: "selection src/a.cpp:3-9", "file README.md", "git diff (staged)"
  std::string text;
  int64_t tokens = 0;  // estimate (core/usage/estimate.h: ~4 bytes per token)
  bool trimmed = false;
};

ContextItem make_item(std::string kind, std::string label, std::string text);

// "selection src/a.cpp:3-9 (~12 tokens)"
std::string describe(const ContextItem& item);

}  // namespace byok::context
