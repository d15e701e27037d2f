// Fitting context to the model's budget, by a documented policy (docs/actions.md "Context budget"):
//  - items the user typed or selected (input, selection) are never cut; if they alone exceed the budget
//    that is an error, because a cut selection would change the meaning of the request;
//  - other items are cut in this order until the total fits: clipboard, git diffs, open buffers, named files,
//    diagnostics, the current file; each is cut at a line boundary (keeping its start) or, when even
//    its first line does not fit, dropped;
//  - every cut is reported ("file big.cpp: cut from ~12,000 to ~3,000 tokens") so the user is told.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/context/context_item.h"
#include "core/util/result.h"

namespace byok::context {

struct TrimReport {
  int64_t total_tokens = 0;            // after trimming
  std::vector<std::string> notices;    // one per item cut or dropped
};

// `budget_tokens` <= 0 means unknown: nothing is cut.
Result<TrimReport> trim_to_budget(std::vector<ContextItem>& items, int64_t budget_tokens);

}  // namespace byok::context
