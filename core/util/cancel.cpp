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
  // Taking the mutex waits for a cancel() that is running our callback right now.
  std::lock_guard lock(state_->mu);
  state_->callbacks.erase(id_);
  state_.reset();
}

CancelRegistration CancelToken::on_cancel(std::function<void()> fn) const {
  if (!state_) return {};
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
  std::lock_guard lock(state_->mu);
  if (state_->cancelled.exchange(true)) return;
  for (auto& [id, fn] : state_->callbacks) fn();
}

}  // namespace byok
