// Cancellation shared by every layer: a host's $/cancelRequest, Ctrl-C in the CLI and a superseded
// completion all end in CancelSource::cancel(). Whoever blocks (the HTTP seam) registers a callback
// that closes its socket, so a cancel takes effect at once rather than at the next byte.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <map>
#include <thread>

namespace byok {

namespace detail {
struct CancelState {
  std::atomic<bool> cancelled{false};
  std::mutex mu;
  std::map<int, std::function<void()>> callbacks;
  int next_id = 0;
  // The thread running the callbacks inside cancel(). A callback may end up destroying a registration of
  // this same source (an answer delivered from inside the cancel drops whatever held it): that must not
  // wait for the mutex its own thread holds.
  std::atomic<std::thread::id> running_in{};
};
}  // namespace detail

// Removes its callback on destruction; after that returns the callback is guaranteed not running.
class CancelRegistration {
 public:
  CancelRegistration() = default;
  CancelRegistration(std::shared_ptr<detail::CancelState> state, int id) : state_(std::move(state)), id_(id) {}
  CancelRegistration(CancelRegistration&& o) noexcept : state_(std::move(o.state_)), id_(o.id_) {}
  CancelRegistration& operator=(CancelRegistration&& o) noexcept;
  CancelRegistration(const CancelRegistration&) = delete;
  CancelRegistration& operator=(const CancelRegistration&) = delete;
  ~CancelRegistration() { reset(); }
  void reset();

 private:
  std::shared_ptr<detail::CancelState> state_;
  int id_ = -1;
};

class CancelToken {
 public:
  CancelToken() = default;  // a token that is never cancelled
  explicit CancelToken(std::shared_ptr<detail::CancelState> s) : state_(std::move(s)) {}
  bool cancelled() const { return state_ && state_->cancelled.load(std::memory_order_acquire); }
  // Runs `fn` once when cancelled (immediately, on this thread, if already cancelled).
  [[nodiscard]] CancelRegistration on_cancel(std::function<void()> fn) const;

 private:
  std::shared_ptr<detail::CancelState> state_;
};

class CancelSource {
 public:
  CancelSource() : state_(std::make_shared<detail::CancelState>()) {}
  CancelToken token() const { return CancelToken(state_); }
  void cancel();
  bool cancelled() const { return state_->cancelled.load(); }

 private:
  std::shared_ptr<detail::CancelState> state_;
};

}  // namespace byok
