// The comparison table: per trace and in total, byok's engine against the naive baseline.
#pragma once

#include <string>
#include <vector>

#include "bench/completion/replay.h"

namespace byok::bench {

struct BenchSetup {
  int ttft_ms = 0, token_ms = 0, rtt_ms = 0;
};

std::string format_report(const std::vector<ReplayResult>& results, const BenchSetup& setup);

}  // namespace byok::bench
