// One benchmark result as a JSON line, the format scripts/bench collects into its table
// (bench/node/table.mjs): what was measured, byok's figure, the baseline's, and the target.
#pragma once

#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace byok::bench {

struct Row {
  std::string section;   // "1 added TTFT"
  std::string metric;    // "p50 time to first token"
  std::string unit;      // "ms", "MB/s", "MB"
  std::optional<double> byok;
  std::string baseline;  // what byok is compared with ("" when nothing)
  std::optional<double> baseline_value;
  std::string target;    // the target, in words
  std::string note;      // how it was measured, or why a figure is missing
};

inline void print_row(const Row& r) {
  nlohmann::json j{{"section", r.section}, {"metric", r.metric}, {"unit", r.unit}, {"baseline", r.baseline},
                   {"target", r.target},   {"note", r.note}};
  j["byok"] = r.byok ? nlohmann::json(*r.byok) : nlohmann::json();
  j["baseline_value"] = r.baseline_value ? nlohmann::json(*r.baseline_value) : nlohmann::json();
  std::cout << j.dump() << std::endl;
}

inline double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * double(v.size() - 1) + 0.5))];
}

}  // namespace byok::bench
