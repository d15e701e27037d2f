// Ctrl-C and SIGTERM become a cancellation: the signals are blocked in every thread and a watcher thread
// waits for them (sigtimedwait) and cancels the source — no async-signal handler, no global flag.
#pragma once

#include <signal.h>

#include <atomic>
#include <thread>

#include "core/util/cancel.h"

namespace byok::cli {

class SignalCanceller {
 public:
  explicit SignalCanceller(CancelSource source);
  ~SignalCanceller();
  SignalCanceller(const SignalCanceller&) = delete;
  SignalCanceller& operator=(const SignalCanceller&) = delete;
  bool fired() const { return fired_; }

 private:
  CancelSource source_;
  sigset_t set_{}, old_{};
  std::atomic<bool> stop_{false}, fired_{false};
  std::thread thread_;
};

}  // namespace byok::cli
