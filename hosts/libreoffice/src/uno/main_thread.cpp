#include "uno/main_thread.h"

#include <com/sun/star/awt/AsyncCallback.hpp>
#include <com/sun/star/awt/XCallback.hpp>
#include <cppuhelper/implbase1.hxx>

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>

namespace byok::lo {

using namespace css;

struct MainThreadQueue::State {
  std::mutex m;
  std::condition_variable cv;
  std::deque<std::function<void()>> work;
  bool scheduled = false;  // a notification is on its way to the main thread
  bool stop = false;
  bool pump_exited = false;
  uno::Reference<awt::XRequestCallback> async;
  uno::Reference<awt::XCallback> callback;
  std::thread pump;

  // Main thread: run everything posted so far.
  void drain() {
    std::deque<std::function<void()>> batch;
    {
      std::lock_guard lock(m);
      batch.swap(work);
      scheduled = false;
    }
    for (auto& w : batch) {
      try {
        w();
      } catch (const uno::Exception& e) {
        std::fprintf(stderr, "byok: error on the main thread: %s\n", OUStringToOString(e.Message, RTL_TEXTENCODING_UTF8).getStr());
      } catch (const std::exception& e) {
        std::fprintf(stderr, "byok: error on the main thread: %s\n", e.what());
      }
    }
    std::lock_guard lock(m);
    if (!work.empty()) cv.notify_all();  // posted while we ran: the pump schedules the next batch
  }

  void pump_loop() {
    std::unique_lock lock(m);
    for (;;) {
      cv.wait(lock, [&] { return stop || (!work.empty() && !scheduled); });
      if (stop) break;
      // Collect what else arrives in the batch window (Stop wakes us early).
      cv.wait_for(lock, kBatchWindow, [&] { return stop; });
      if (stop) break;
      scheduled = true;
      auto cb = callback;
      auto target = async;
      lock.unlock();
      try {
        target->addCallback(cb, uno::Any());
      } catch (const uno::Exception&) {
        // The office is going down: nothing will run any more.
      }
      lock.lock();
    }
    pump_exited = true;
    cv.notify_all();
  }
};

namespace {

// The XCallback the main loop calls. It keeps the queue state alive until it has run.
class DrainCallback : public cppu::WeakImplHelper1<awt::XCallback> {
 public:
  explicit DrainCallback(std::weak_ptr<MainThreadQueue::State> state) : state_(std::move(state)) {}
  void SAL_CALL notify(const uno::Any&) override {
    if (auto s = state_.lock()) s->drain();
  }

 private:
  std::weak_ptr<MainThreadQueue::State> state_;
};

}  // namespace

MainThreadQueue::MainThreadQueue(const uno::Reference<uno::XComponentContext>& context)
    : state_(std::make_shared<State>()) {
  state_->async = awt::AsyncCallback::create(context);
  state_->callback = new DrainCallback(state_);
  state_->pump = std::thread([s = state_] { s->pump_loop(); });
}

MainThreadQueue::~MainThreadQueue() { shutdown(); }

void MainThreadQueue::post(std::function<void()> work) {
  std::lock_guard lock(state_->m);
  if (state_->stop) return;
  state_->work.push_back(std::move(work));
  state_->cv.notify_all();
}

void MainThreadQueue::shutdown() {
  std::unique_lock lock(state_->m);
  if (!state_->pump.joinable()) return;
  state_->stop = true;
  state_->work.clear();
  state_->cv.notify_all();
  // The pump may be inside addCallback, which can wait for the office's global lock that our caller (the
  // main thread) holds; never wait for it forever. A pump that does not come back within a second is left
  // to finish on its own: it touches nothing of ours after addCallback returns but the shared state it owns.
  const bool exited = state_->cv.wait_for(lock, std::chrono::seconds(1), [&] { return state_->pump_exited; });
  lock.unlock();
  if (exited) state_->pump.join();
  else state_->pump.detach();
}

}  // namespace byok::lo
