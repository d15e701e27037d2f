// Ctrl-C and SIGTERM become a cancellation: the signals are blocked in every thread and a watcher thread
// waits for them (sigtimedwait) and cancels the source — no async-signal handler, no global flag.
#pragma once

#include <signal.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "core/util/cancel.h"

namespace byok::cli {

class SignalCanceller {
 public:
  explicit SignalCanceller(CancelSource source);
  // Calls `on_signal` (on the watcher thread) for every Ctrl-C / SIGTERM instead of cancelling a source.
  explicit SignalCanceller(std::function<void()> on_signal);
  ~SignalCanceller();
  SignalCanceller(const SignalCanceller&) = delete;
  SignalCanceller& operator=(const SignalCanceller&) = delete;
  bool fired() const { return fired_; }

 private:
  void start();
  std::function<void()> on_signal_;
  sigset_t set_{}, old_{};
  std::atomic<bool> stop_{false}, fired_{false};
  std::thread thread_;
};

// An interactive session's Ctrl-C: while a request streams it cancels that request (the session goes on);
// at the prompt it only prints `idle_hint` (like a shell or Python's REPL) — Ctrl-D or /exit leave.
class InteractiveSignals {
 public:
  explicit InteractiveSignals(std::function<void()> idle_hint);
  // While the returned guard lives, a signal cancels `source`.
  class Active {
   public:
    Active(InteractiveSignals& owner, CancelSource source);
    ~Active();
    Active(const Active&) = delete;
    Active& operator=(const Active&) = delete;

   private:
    InteractiveSignals& owner_;
  };

 private:
  void fire();
  std::mutex mu_;
  std::optional<CancelSource> active_;
  std::function<void()> idle_hint_;
  SignalCanceller watcher_;
};

}  // namespace byok::cli
