// CancelSource / CancelToken / CancelRegistration: callbacks run once, a registration removed in time never
// runs, and a callback may reenter its own source (drop a registration of it, register another) without
// deadlocking — the completion engine answers a cancelled request from inside the cancel.
#include <catch2/catch.hpp>
#include <memory>
#include <optional>
#include <thread>

#include "core/util/cancel.h"

using namespace byok;

TEST_CASE("cancel runs each callback once - a reset registration does not run") {
  CancelSource source;
  int a = 0, b = 0;
  auto ra = source.token().on_cancel([&] { ++a; });
  auto rb = source.token().on_cancel([&] { ++b; });
  rb.reset();
  source.cancel();
  source.cancel();
  CHECK(a == 1);
  CHECK(b == 0);
  CHECK(source.token().cancelled());
  int late = 0;
  auto rl = source.token().on_cancel([&] { ++late; });  // already cancelled: runs at once
  CHECK(late == 1);
}

TEST_CASE("a callback may destroy registrations of its own source and register new ones") {
  CancelSource source;
  struct Holder {
    std::optional<CancelRegistration> self, other;
  };
  auto holder = std::make_shared<Holder>();
  int other_ran = 0, nested_ran = 0;
  holder->other.emplace(source.token().on_cancel([&] { ++other_ran; }));
  holder->self.emplace(source.token().on_cancel([&, holder]() mutable {
    holder->self.reset();   // its own registration
    holder->other.reset();  // and another one (which may already have run: map order)
    auto nested = source.token().on_cancel([&] { ++nested_ran; });
    holder.reset();
  }));
  std::thread t([&] { source.cancel(); });
  t.join();  // a deadlock would hang here (the test's timeout reports it)
  CHECK(nested_ran == 1);
  CHECK(other_ran <= 1);
}

TEST_CASE("a registration reset on another thread waits for its running callback") {
  CancelSource source;
  std::atomic<bool> entered{false}, finished{false};
  auto reg = source.token().on_cancel([&] {
    entered = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    finished = true;
  });
  std::thread t([&] { source.cancel(); });
  while (!entered) std::this_thread::yield();
  reg.reset();
  CHECK(finished);  // reset returned only after the callback
  t.join();
}
