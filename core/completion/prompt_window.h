// Which text around the cursor the model sees. The prefix matters most (it says what the user is writing),
// so it gets `prefix_share` of the token budget; the suffix gets the rest; a window that reaches the edge of
// the document hands what it did not use to the other; neighbour snippets get only what is left after both.
// Windows never split a UTF-8 character and, when cut, end on whole lines (a half line at the far edge of
// the prefix only confuses the model). Reads O(budget) bytes of the document, never the whole of it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/completion/document.h"
#include "core/completion/types.h"

namespace byok::completion {

struct PromptWindows {
  std::string prefix;  // ends at the cursor
  std::string suffix;  // starts at the cursor
  std::vector<Snippet> neighbours;  // whole snippets that fitted, in the order given
  size_t prefix_begin = 0;          // document byte offset where `prefix` starts
  bool prefix_reaches_start = false, suffix_reaches_end = false;
  int64_t prefix_tokens = 0, suffix_tokens = 0, neighbour_tokens = 0;
};

struct WindowBudget {
  int64_t tokens = 1536;
  double prefix_share = 0.75;
};

PromptWindows build_windows(const DocumentView& doc, size_t cursor, const std::vector<Snippet>& neighbours,
                            WindowBudget budget);

}  // namespace byok::completion
