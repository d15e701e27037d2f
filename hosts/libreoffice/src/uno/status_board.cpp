#include "uno/status_board.h"

#include <com/sun/star/beans/PropertyValue.hpp>
#include <com/sun/star/frame/FeatureStateEvent.hpp>
#include <com/sun/star/uno/Sequence.hxx>

#include "uno/ustr.h"

namespace byok::lo {

using namespace css;

namespace {
beans::PropertyValue prop(const char* name, const uno::Any& value) {
  beans::PropertyValue p;
  p.Name = ascii(name);
  p.Value = value;
  return p;
}
}  // namespace

uno::Any StatusBoard::state() const {
  uno::Sequence<beans::PropertyValue> s(6);
  s[0] = prop("Busy", uno::Any(busy_));
  s[1] = prop("Operation", uno::Any(to_ou(operation_)));
  s[2] = prop("Message", uno::Any(to_ou(message_)));
  s[3] = prop("Kind", uno::Any(ascii(kind_ == Kind::Error ? "error" : "info")));
  s[4] = prop("EnginePid", uno::Any(static_cast<sal_Int32>(engine_pid_)));
  s[5] = prop("Sequence", uno::Any(static_cast<sal_Int32>(sequence_)));
  return uno::Any(s);
}

void StatusBoard::add_listener(const uno::Reference<frame::XStatusListener>& listener, const util::URL& url) {
  listeners_.emplace_back(listener, url);
  frame::FeatureStateEvent e;
  e.FeatureURL = url;
  e.IsEnabled = true;
  e.State = state();
  listener->statusChanged(e);
}

void StatusBoard::remove_listener(const uno::Reference<frame::XStatusListener>& listener) {
  std::erase_if(listeners_, [&](const auto& l) { return l.first == listener; });
}

void StatusBoard::set_busy(const std::string& operation, const std::string& message) {
  busy_ = true;
  operation_ = operation;
  message_ = message;
  kind_ = Kind::Info;
  publish();
}

void StatusBoard::set_idle(Kind kind, const std::string& message) {
  busy_ = false;
  operation_.clear();
  message_ = message;
  kind_ = kind;
  publish();
}

void StatusBoard::set_engine_pid(int pid) {
  if (pid == engine_pid_) return;
  engine_pid_ = pid;
  publish();
}

void StatusBoard::publish() {
  ++sequence_;
  const uno::Any s = state();
  auto copy = listeners_;  // a listener may remove itself while being told
  for (auto& [listener, url] : copy) {
    frame::FeatureStateEvent e;
    e.FeatureURL = url;
    e.IsEnabled = true;
    e.State = s;
    try {
      listener->statusChanged(e);
    } catch (const uno::RuntimeException&) {
      remove_listener(listener);  // a listener in a process that went away
    }
  }
}

}  // namespace byok::lo
