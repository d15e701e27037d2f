#include "cli/signals.h"

#include <ctime>

namespace byok::cli {

SignalCanceller::SignalCanceller(CancelSource source)
    : on_signal_([source]() mutable { source.cancel(); }) {
  start();
}

SignalCanceller::SignalCanceller(std::function<void()> on_signal) : on_signal_(std::move(on_signal)) { start(); }

void SignalCanceller::start() {
  sigemptyset(&set_);
  sigaddset(&set_, SIGINT);
  sigaddset(&set_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set_, &old_);
  thread_ = std::thread([this] {
    timespec ts{0, 20'000'000};
    while (!stop_) {
      if (sigtimedwait(&set_, nullptr, &ts) > 0) {
        fired_ = true;
        on_signal_();
      }
    }
  });
}

SignalCanceller::~SignalCanceller() {
  stop_ = true;
  thread_.join();
  pthread_sigmask(SIG_SETMASK, &old_, nullptr);
}

InteractiveSignals::InteractiveSignals(std::function<void()> idle_hint)
    : idle_hint_(std::move(idle_hint)), watcher_([this] { fire(); }) {}

void InteractiveSignals::fire() {
  std::unique_lock lock(mu_);
  if (active_) {
    active_->cancel();
    return;
  }
  lock.unlock();
  if (idle_hint_) idle_hint_();
}

InteractiveSignals::Active::Active(InteractiveSignals& owner, CancelSource source) : owner_(owner) {
  std::lock_guard lock(owner_.mu_);
  owner_.active_ = std::move(source);
}

InteractiveSignals::Active::~Active() {
  std::lock_guard lock(owner_.mu_);
  owner_.active_.reset();
}

}  // namespace byok::cli
