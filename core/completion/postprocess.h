// Turns what a model produced into what is worth showing, or nothing:
//   1. cut at the first stop sequence (servers that ignore `stop` still must not reach the user);
//   2. drop a repeat of the text already before the cursor on its line (chat models like to restate it);
//   3. keep indentation: the cursor already sits after the line's indentation, so a first line that
//      repeats it loses it; a block ends at the first line indented less than where it started;
//   4. remove the overlap with the text after the cursor (no doubled ")", "\"", "}");
//   5. drop empty or whitespace-only suggestions, ones that merely repeat the text that follows, and ones
//      that repeat the previous line (a model stuck in a loop).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/completion/types.h"

namespace byok::completion {

struct PostContext {
  std::string_view prefix;  // the text before the cursor (a window is enough)
  std::string_view suffix;  // the text after it
  Mode mode = Mode::SingleLine;
};

// Index of the first stop sequence in `text` (npos when none).
size_t find_stop(std::string_view text, const std::vector<std::string>& stops);

// The longest k such that `text` ends with the first k bytes of `suffix` (bounded to avoid quadratic cost).
size_t suffix_overlap(std::string_view text, std::string_view suffix);

std::optional<std::string> postprocess(std::string_view raw, const PostContext& ctx, const std::vector<std::string>& stops);

}  // namespace byok::completion
