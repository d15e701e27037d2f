#include "protocol/rpc/task_group.h"

#include <vector>

namespace byok::rpc {

void TaskGroup::reap_locked() {
  for (auto it = tasks_.begin(); it != tasks_.end();) {
    if (it->done->load()) {
      it->thread.join();
      it = tasks_.erase(it);
    } else {
      ++it;
    }
  }
}

void TaskGroup::spawn(std::function<void()> fn) {
  std::lock_guard lock(mu_);
  reap_locked();
  auto done = std::make_shared<std::atomic<bool>>(false);
  tasks_.push_back(Task{std::thread([fn = std::move(fn), done] {
                          fn();
                          done->store(true);
                        }),
                        done});
}

void TaskGroup::join_all() {
  for (;;) {
    std::list<Task> taken;
    {
      std::lock_guard lock(mu_);
      if (tasks_.empty()) return;
      taken.swap(tasks_);
    }
    for (auto& t : taken) t.thread.join();
  }
}

size_t TaskGroup::running() const {
  std::lock_guard lock(mu_);
  size_t n = 0;
  for (const auto& t : tasks_) n += t.done->load() ? 0 : 1;
  return n;
}

}  // namespace byok::rpc
