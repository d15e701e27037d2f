// What byok is doing and the last thing it had to say, published to every status listener of the
// `vnd.byok:status` command URL (toolbar controllers, the sidebar, macros and the UI tests all read it).
// State: a sequence of PropertyValue {Busy: boolean, Operation: string, Message: string, Kind: "info" |
// "error", EnginePid: long, Sequence: long (increments on every change)}. Main thread only.
#pragma once

#include <com/sun/star/frame/XStatusListener.hpp>
#include <com/sun/star/util/URL.hpp>

#include <string>
#include <utility>
#include <vector>

namespace byok::lo {

class StatusBoard {
 public:
  enum class Kind { Info, Error };

  void add_listener(const css::uno::Reference<css::frame::XStatusListener>& listener, const css::util::URL& url);
  void remove_listener(const css::uno::Reference<css::frame::XStatusListener>& listener);

  void set_busy(const std::string& operation, const std::string& message);
  void set_idle(Kind kind, const std::string& message);
  void set_engine_pid(int pid);
  const std::string& message() const { return message_; }
  bool busy() const { return busy_; }

 private:
  void publish();
  css::uno::Any state() const;

  std::vector<std::pair<css::uno::Reference<css::frame::XStatusListener>, css::util::URL>> listeners_;
  bool busy_ = false;
  std::string operation_, message_;
  Kind kind_ = Kind::Info;
  int engine_pid_ = 0;
  int sequence_ = 0;
};

}  // namespace byok::lo
