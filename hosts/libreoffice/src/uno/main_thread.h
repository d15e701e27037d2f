// Hands work from worker threads (the engine's reader thread) to the office's main thread, where documents
// and controls may be touched. Posts are batched: the first post after a quiet spell waits ~50 ms for more,
// then everything pending runs in one css::awt::AsyncCallback notification. That bounds the number of
// document edits per second while text streams in, and keeps the main loop free between batches.
#pragma once

#include <com/sun/star/uno/XComponentContext.hpp>

#include <chrono>
#include <functional>
#include <memory>

namespace byok::lo {

class MainThreadQueue {
 public:
  static constexpr std::chrono::milliseconds kBatchWindow{50};

  explicit MainThreadQueue(const css::uno::Reference<css::uno::XComponentContext>& context);
  ~MainThreadQueue();  // shutdown()
  MainThreadQueue(const MainThreadQueue&) = delete;
  MainThreadQueue& operator=(const MainThreadQueue&) = delete;

  // Any thread. `work` runs later on the main thread; exceptions it throws are caught and logged.
  void post(std::function<void()> work);
  // Stops the pump thread; work not yet run is dropped (the office is closing).
  void shutdown();

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace byok::lo
