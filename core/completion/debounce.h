// How long an automatic request waits before it is sent. Each keystroke supersedes the wait, so only a
// pause longer than the debounce costs a request. The delay follows:
//   - the user's typing rhythm: 1.5 × the running average gap between keystrokes (gaps over 1 s are pauses,
//     not rhythm), so a fast typist gets suggestions sooner and a slow one does not pay for each key;
//   - the provider's latency: + 15 % of its running time to first token: when answers take long anyway, a
//     little more waiting costs proportionally little and saves requests the next keystroke would waste;
//   - acceptance: × (1.25 − 0.5 × acceptance rate): suggestions the user takes earn eagerness, ignored ones
//     make the engine more patient;
// clamped to [min, max]. Until the first measurements, the initial value.
#pragma once

#include <chrono>
#include <optional>

#include "core/completion/options.h"
#include "core/completion/types.h"

namespace byok::completion {

class AdaptiveDebounce {
 public:
  using Clock = std::chrono::steady_clock;
  explicit AdaptiveDebounce(const Options& o) : min_(o.debounce_min_ms), max_(o.debounce_max_ms), initial_(o.debounce_initial_ms) {}

  void on_keystroke(Clock::time_point at);
  void on_latency(std::chrono::milliseconds ttft);
  void on_feedback(Feedback::Kind kind);
  std::chrono::milliseconds delay() const;

  double typing_gap_ms() const { return gap_ms_.value_or(0); }
  double acceptance() const { return acceptance_; }

 private:
  int min_, max_, initial_;
  std::optional<Clock::time_point> last_key_;
  std::optional<double> gap_ms_, ttft_ms_;
  double acceptance_ = 0.5;  // neutral until told otherwise
};

}  // namespace byok::completion
