// Showing a comparison as it streams: live side-by-side columns on a terminal, one block per answer (in
// the order they finish) otherwise, or --json events tagged with "model". Shared by `byok compare` and
// `/compare` in `byok chat`.
#pragma once

#include <string>
#include <vector>

#include "core/compare/compare.h"

namespace byok::cli {

enum class CompareStyle { Columns, Blocks, Json };
CompareStyle compare_style(bool json);  // Columns when stdout is a terminal

Result<std::vector<compare::CompareAnswer>> run_and_show(compare::CompareService& svc, const compare::CompareRequest& req,
                                                         CompareStyle style, const CancelToken& cancel);
// "ttft 120 ms · 1.32 s · 12→34 tokens · $0.0001" (tokens marked * when estimated), or the error.
std::string answer_stats(const compare::CompareAnswer& a);

}  // namespace byok::cli
