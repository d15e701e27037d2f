#include "cli/signals.h"

#include <ctime>

namespace byok::cli {

SignalCanceller::SignalCanceller(CancelSource source) : source_(std::move(source)) {
  sigemptyset(&set_);
  sigaddset(&set_, SIGINT);
  sigaddset(&set_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set_, &old_);
  thread_ = std::thread([this] {
    timespec ts{0, 20'000'000};
    while (!stop_) {
      if (sigtimedwait(&set_, nullptr, &ts) > 0) {
        fired_ = true;
        source_.cancel();
      }
    }
  });
}

SignalCanceller::~SignalCanceller() {
  stop_ = true;
  thread_.join();
  pthread_sigmask(SIG_SETMASK, &old_, nullptr);
}

}  // namespace byok::cli
