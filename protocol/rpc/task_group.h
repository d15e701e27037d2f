// Threads for requests that take a while (model calls, waits on the host). Each runs on its own thread so a
// long stream never delays another request; finished threads are joined as new ones start, and the owner's
// destructor joins the rest (after cancelling them), so nothing outlives the server.
#pragma once

#include <atomic>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <thread>

namespace byok::rpc {

class TaskGroup {
 public:
  TaskGroup() = default;
  ~TaskGroup() { join_all(); }
  TaskGroup(const TaskGroup&) = delete;
  TaskGroup& operator=(const TaskGroup&) = delete;

  void spawn(std::function<void()> fn);
  void join_all();
  size_t running() const;

 private:
  struct Task {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  void reap_locked();
  mutable std::mutex mu_;
  std::list<Task> tasks_;
};

}  // namespace byok::rpc
