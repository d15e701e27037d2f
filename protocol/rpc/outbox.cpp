#include "protocol/rpc/outbox.h"

#include <unistd.h>

#include <cerrno>

namespace byok::rpc {

namespace {
thread_local bool t_reader_thread = false;
}

void Outbox::mark_reader_thread() { t_reader_thread = true; }

Outbox::Outbox(int fd, size_t max_queued_bytes) : fd_(fd), max_bytes_(max_queued_bytes), writer_([this] { run(); }) {}

Outbox::~Outbox() { close(); }

void Outbox::send(std::string bytes, bool may_wait) {
  std::unique_lock lock(mu_);
  if (may_wait && !t_reader_thread) has_room_.wait(lock, [&] { return queued_bytes_ < max_bytes_ || broken_ || closing_; });
  if (broken_ || closing_) return;
  queued_bytes_ += bytes.size();
  queue_.push_back(std::move(bytes));
  has_work_.notify_one();
}

void Outbox::close() {
  {
    std::lock_guard lock(mu_);
    closing_ = true;
    has_work_.notify_all();
    has_room_.notify_all();
  }
  if (writer_.joinable()) writer_.join();
}

bool Outbox::broken() const {
  std::lock_guard lock(mu_);
  return broken_;
}

void Outbox::run() {
  std::unique_lock lock(mu_);
  for (;;) {
    has_work_.wait(lock, [&] { return !queue_.empty() || closing_; });
    if (queue_.empty()) return;  // closing and drained
    std::string bytes = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    size_t off = 0;
    bool failed = false;
    while (off < bytes.size()) {
      ssize_t n = ::write(fd_, bytes.data() + off, bytes.size() - off);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        failed = true;
        break;
      }
      off += static_cast<size_t>(n);
    }
    lock.lock();
    queued_bytes_ -= bytes.size();
    if (failed) {
      broken_ = true;
      queue_.clear();
      queued_bytes_ = 0;
    }
    has_room_.notify_all();
  }
}

}  // namespace byok::rpc
