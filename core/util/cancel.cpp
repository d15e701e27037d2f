#include "core/util/cancel.h"

#include <vector>

namespace byok {

CancelRegistration& CancelRegistration::operator=(CancelRegistration&& o) noexcept {
  if (this != &o) {
    reset();
    state_ = std::move(o.state_);
    id_ = o.id_;
  }
  return *this;
}

void CancelRegistration::reset() {
  if (!state_) return;
  if (state_->running_in.load() == std::this_thread::get_id()) {
    // Inside one of this source's callbacks: cancel() holds the mutex and is iterating; every callback is
    // dropped when it finishes, so there is nothing to erase (and erasing would break its loop).
    state_.reset();
    return;
  }
  // Taking the mutex waits for a cancel() that is running our callback right now. The state may die with
  // this registration (the source is gone): keep it alive until the lock is released (found by TSan: the
  // mutex was unlocked after its state was freed).
  auto state = std::move(state_);
  {
    std::lock_guard lock(state->mu);
    state->callbacks.erase(id_);
  }
}

CancelRegistration CancelToken::on_cancel(std::function<void()> fn) const {
  if (!state_) return {};
  if (state_->cancelled.load()) {  // already cancelled (also: called from inside a callback): run it now
    fn();
    return {};
  }
  std::unique_lock lock(state_->mu);
  if (state_->cancelled.load()) {
    lock.unlock();
    fn();
    return {};
  }
  int id = state_->next_id++;
  state_->callbacks.emplace(id, std::move(fn));
  return CancelRegistration(state_, id);
}

void CancelSource::cancel() {
  std::map<int, std::function<void()>> ran;  // destroyed after the lock is released (see running_in)
  {
    std::lock_guard lock(state_->mu);
    if (state_->cancelled.exchange(true)) return;
    state_->running_in = std::this_thread::get_id();
    for (auto& [id, fn] : state_->callbacks) fn();
    state_->running_in = std::thread::id{};
    ran.swap(state_->callbacks);  // a cancelled source never calls them again
  }
}

}  // namespace byok
