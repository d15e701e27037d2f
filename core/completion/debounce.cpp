#include "core/completion/debounce.h"

#include <algorithm>

namespace byok::completion {
namespace {
constexpr double kAlpha = 0.2;            // weight of the newest sample in running averages
constexpr double kRhythmFactor = 1.5;
constexpr double kLatencyShare = 0.15;
constexpr double kPauseMs = 1000;         // a longer gap is a pause, not typing rhythm
constexpr double kPauseFactor = 2.0;
constexpr double kMinPauseMs = 250;
constexpr double kPauseAlpha = 0.1;

void blend(std::optional<double>& avg, double sample) { avg = avg ? (1 - kAlpha) * *avg + kAlpha * sample : sample; }
}  // namespace

KeyClass classify_key(std::string_view line) {
  if (line.find_first_not_of(" \t") == std::string_view::npos) return KeyClass::LineStart;
  const char c = line.back();
  if (c == ' ' || c == '\t') return KeyClass::Space;
  if (c == ';' || c == '{' || c == '}' || c == '(' || c == ')' || c == ':' || c == ',' || c == '=' || c == '[' || c == ']')
    return KeyClass::Boundary;
  return KeyClass::Word;
}

void AdaptiveDebounce::on_keystroke(Clock::time_point at, KeyClass key) {
  if (last_key_) {
    const double gap = std::chrono::duration<double, std::milli>(at - *last_key_).count();
    // Was the previous key followed by a pause? (Longer than twice the rhythm and than a quarter second.)
    const bool paused = gap > std::max(kPauseFactor * gap_ms_.value_or(150.0), kMinPauseMs);
    double& rate = pause_rate_[static_cast<size_t>(last_class_)];
    rate = (1 - kPauseAlpha) * rate + (paused ? kPauseAlpha : 0.0);
    if (gap > 0 && gap < kPauseMs) blend(gap_ms_, gap);
  }
  last_key_ = at;
  last_class_ = key;
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

std::chrono::milliseconds AdaptiveDebounce::delay(KeyClass key) const {
  if (!gap_ms_) return std::chrono::milliseconds(std::clamp(initial_, min_, max_));
  double d = kRhythmFactor * *gap_ms_;
  if (ttft_ms_) d += kLatencyShare * *ttft_ms_;
  d *= 1.25 - 0.5 * acceptance_;
  const double pause = pause_rate_[static_cast<size_t>(key)];
  if (pause >= 0.5) return std::chrono::milliseconds(min_);
  d *= (1.0 - pause) * (1.0 - pause);
  return std::chrono::milliseconds(std::clamp(static_cast<int>(d), min_, max_));
}

}  // namespace byok::completion
