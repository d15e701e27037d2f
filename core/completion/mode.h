// One line or a block? Decided from the text around the cursor, because the answer sets the stop
// sequences and max tokens, and a block where one line was wanted is paid for and thrown away:
//   - text after the cursor on its line → one line (we are in the middle of a statement);
//   - an empty line right after a line that opens a block ("{", ":", "(", "[", "=>", "do", "then") or the
//     end of such a line → a block;
//   - otherwise one line; an explicit invocation on an empty line asks for a block.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/completion/options.h"
#include "core/completion/types.h"

namespace byok::completion {

struct ModeDecision {
  Mode mode = Mode::SingleLine;
  std::vector<std::string> stops;  // client policy stops (the FIM template adds the model's own)
  int max_tokens = 48;
};

ModeDecision decide_mode(std::string_view prefix, std::string_view suffix, Trigger trigger, const Options& options);

// The text of the cursor's line before and after the cursor.
std::string_view line_before_cursor(std::string_view prefix);
std::string_view line_after_cursor(std::string_view suffix);

}  // namespace byok::completion
