#include "core/completion/debounce.h"

#include <algorithm>

namespace byok::completion {
namespace {
constexpr double kAlpha = 0.2;            // weight of the newest sample in running averages
constexpr double kRhythmFactor = 1.5;
constexpr double kLatencyShare = 0.15;
constexpr double kPauseMs = 1000;         // a longer gap is a pause, not typing rhythm

void blend(std::optional<double>& avg, double sample) { avg = avg ? (1 - kAlpha) * *avg + kAlpha * sample : sample; }
}  // namespace

void AdaptiveDebounce::on_keystroke(Clock::time_point at) {
  if (last_key_) {
    const double gap = std::chrono::duration<double, std::milli>(at - *last_key_).count();
    if (gap > 0 && gap < kPauseMs) blend(gap_ms_, gap);
  }
  last_key_ = at;
}

void AdaptiveDebounce::on_latency(std::chrono::milliseconds ttft) {
  if (ttft.count() >= 0) blend(ttft_ms_, static_cast<double>(ttft.count()));
}

void AdaptiveDebounce::on_feedback(Feedback::Kind kind) {
  switch (kind) {
    case Feedback::Kind::Accepted: acceptance_ = (1 - kAlpha) * acceptance_ + kAlpha; break;
    case Feedback::Kind::AcceptedPartially: acceptance_ = (1 - kAlpha) * acceptance_ + kAlpha * 0.5; break;
    case Feedback::Kind::Rejected: acceptance_ = (1 - kAlpha) * acceptance_; break;
    case Feedback::Kind::Shown: break;
  }
}

std::chrono::milliseconds AdaptiveDebounce::delay() const {
  if (!gap_ms_) return std::chrono::milliseconds(std::clamp(initial_, min_, max_));
  double d = kRhythmFactor * *gap_ms_;
  if (ttft_ms_) d += kLatencyShare * *ttft_ms_;
  d *= 1.25 - 0.5 * acceptance_;
  return std::chrono::milliseconds(std::clamp(static_cast<int>(d), min_, max_));
}

}  // namespace byok::completion
