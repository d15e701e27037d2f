// Lets every sleeping or stalled response thread notice promptly that the emulator is stopping, so that
// Emulator::stop() never waits for a 10-minute endless stream or a stall that waits for its client.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace byok::emu {

class StopSignal {
 public:
  void request_stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    cv_.notify_all();
  }
  bool stopping() const {
    std::lock_guard lock(mutex_);
    return stopping_;
  }
  // Sleeps for `d`; returns false (early) when a stop was requested.
  bool sleep_for(std::chrono::milliseconds d) const {
    std::unique_lock lock(mutex_);
    return !cv_.wait_for(lock, d, [&] { return stopping_; });
  }

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable cv_;
  bool stopping_ = false;
};

}  // namespace byok::emu
