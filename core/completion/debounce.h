// How long an automatic request waits before it is sent. Each keystroke supersedes the wait, so only a
// pause longer than the debounce costs a request. The delay follows:
//   - the user's typing rhythm: 1.5 × the running average gap between keystrokes (gaps over 1 s are pauses,
//     not rhythm), so a fast typist gets suggestions sooner and a slow one does not pay for each key;
//   - the provider's latency: + 15 % of its running time to first token: when answers take long anyway, a
//     little more waiting costs proportionally little and saves requests the next keystroke would waste;
//   - acceptance: × (1.25 − 0.5 × acceptance rate): suggestions the user takes earn eagerness, ignored ones
//     make the engine more patient;
//   - where the user stops: × (1 − pause rate after this kind of key)². People pause at line starts and after
//     ";", "{", "(" far more often than inside a word; the engine learns how often *this* user pauses after
//     each kind of key and answers sooner where a pause is likely, later where it is not. When a pause is
//     more likely than not, the wait is the minimum (0 by default): the request that would have been cancelled is the
//     rare case, and waiting would add the debounce to every ghost text at the user's favourite pauses;
// clamped to [min, max]. Until the first measurements, the initial value.
#pragma once

#include <array>
#include <chrono>
#include <string_view>
#include <optional>

#include "core/completion/options.h"
#include "core/completion/types.h"

namespace byok::completion {

// What kind of key was just typed, read from the line before the cursor.
enum class KeyClass { LineStart, Boundary, Space, Word };
KeyClass classify_key(std::string_view line_before_cursor);

class AdaptiveDebounce {
 public:
  using Clock = std::chrono::steady_clock;
  explicit AdaptiveDebounce(const Options& o) : min_(o.debounce_min_ms), max_(o.debounce_max_ms), initial_(o.debounce_initial_ms) {}

  void on_keystroke(Clock::time_point at, KeyClass key = KeyClass::Word);
  void on_latency(std::chrono::milliseconds ttft);
  void on_feedback(Feedback::Kind kind);
  std::chrono::milliseconds delay(KeyClass key = KeyClass::Word) const;
  double pause_rate(KeyClass key) const { return pause_rate_[static_cast<size_t>(key)]; }

  double typing_gap_ms() const { return gap_ms_.value_or(0); }
  double acceptance() const { return acceptance_; }

 private:
  int min_, max_, initial_;
  std::optional<Clock::time_point> last_key_;
  std::optional<double> gap_ms_, ttft_ms_;
  double acceptance_ = 0.5;  // neutral until told otherwise
  KeyClass last_class_ = KeyClass::Word;
  // Priors: how often people pause after each kind of key, until this user's own rates take over.
  std::array<double, 4> pause_rate_{0.4, 0.25, 0.1, 0.05};
};

}  // namespace byok::completion
