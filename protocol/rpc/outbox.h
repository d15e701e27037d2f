// One writer thread per connection with a bounded queue, so handlers never write to the pipe themselves:
// a host that stops reading for a while stalls only the streams producing output (they wait for room), never
// the reader thread, which must keep draining the host's messages or both sides would block on full pipes.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace byok::rpc {

class Outbox {
 public:
  explicit Outbox(int fd, size_t max_queued_bytes = 32u << 20);
  ~Outbox();  // writes what is queued (while the pipe accepts it) and joins the writer
  Outbox(const Outbox&) = delete;
  Outbox& operator=(const Outbox&) = delete;

  // `may_wait`: false for messages that must never wait (replies), which are queued even over the limit;
  // true for streamed output, which waits for room — except on the reader thread, which never waits.
  void send(std::string bytes, bool may_wait);
  // Called by a transport's read loop: sends from this thread never wait for room.
  static void mark_reader_thread();
  void close();          // drains the queue, then stops the writer
  bool broken() const;   // the peer closed its end; further sends are dropped

 private:
  void run();
  int fd_;
  size_t max_bytes_;
  mutable std::mutex mu_;
  std::condition_variable has_work_, has_room_;
  std::deque<std::string> queue_;
  size_t queued_bytes_ = 0;
  bool closing_ = false, broken_ = false;
  std::thread writer_;
};

}  // namespace byok::rpc
