#include "uno/protocol_handler.h"

#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/container/XIndexContainer.hpp>
#include <com/sun/star/frame/DispatchResultEvent.hpp>
#include <com/sun/star/frame/DispatchResultState.hpp>
#include <com/sun/star/frame/FeatureStateEvent.hpp>
#include <com/sun/star/frame/XFrame.hpp>
#include <com/sun/star/lang/XMultiServiceFactory.hpp>
#include <com/sun/star/ui/ContextMenuInterceptorAction.hpp>
#include <com/sun/star/ui/XContextMenuInterception.hpp>
#include <cppuhelper/implbase1.hxx>
#include <cppuhelper/supportsservice.hxx>

#include <algorithm>
#include <string>
#include <vector>

#include "uno/commands.h"
#include "uno/host.h"
#include "uno/ustr.h"

namespace byok::lo {

using namespace css;

namespace {

constexpr const char* kScheme = "vnd.byok:";

// "vnd.byok:rewrite?x" -> "rewrite"; "" when the URL is not ours.
std::string command_of(const util::URL& url) {
  const std::string complete = to_utf8(url.Complete);
  if (complete.rfind(kScheme, 0) != 0) return {};
  std::string cmd = complete.substr(std::char_traits<char>::length(kScheme));
  if (const auto q = cmd.find('?'); q != std::string::npos) cmd.resize(q);
  return cmd;
}

// Arguments written into the URL, as menu entries carry them: "vnd.byok:action?Name:string=grammar&Input:string=x"
// (values percent-decoded). Dispatch arguments of the same name win.
Args with_url_arguments(const util::URL& url, const Args& args) {
  const std::string complete = to_utf8(url.Complete);
  const auto q = complete.find('?');
  if (q == std::string::npos) return args;
  std::vector<beans::PropertyValue> out(args.begin(), args.end());
  std::string query = complete.substr(q + 1);
  size_t pos = 0;
  while (pos <= query.size()) {
    size_t amp = query.find('&', pos);
    std::string item = query.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    pos = amp == std::string::npos ? query.size() + 1 : amp + 1;
    const auto eq = item.find('=');
    if (eq == std::string::npos) continue;
    std::string name = item.substr(0, eq), value;
    if (const auto colon = name.find(':'); colon != std::string::npos) name.resize(colon);
    for (size_t i = eq + 1; i < item.size(); ++i) {
      if (item[i] == '%' && i + 2 < item.size() && std::isxdigit(static_cast<unsigned char>(item[i + 1])) &&
          std::isxdigit(static_cast<unsigned char>(item[i + 2]))) {
        value += static_cast<char>(std::stoi(item.substr(i + 1, 2), nullptr, 16));
        i += 2;
      } else {
        value += item[i];
      }
    }
    if (std::any_of(out.begin(), out.end(), [&](const beans::PropertyValue& v) { return v.Name == to_ou(name); })) continue;
    beans::PropertyValue v;
    v.Name = to_ou(name);
    v.Value <<= to_ou(value);
    out.push_back(v);
  }
  return Args(out.data(), static_cast<sal_Int32>(out.size()));
}

bool known_command(const std::string& cmd) {
  return cmd == "rewrite" || cmd == "action" || cmd == "continue" || cmd == "fill" || cmd == "stop" || cmd == "chat" || cmd == "settings" || cmd == "status";
}

// Adds "Rewrite Selection…" and "Continue Writing" to Writer's text context menu.
class ContextMenuEntries : public cppu::WeakImplHelper1<ui::XContextMenuInterceptor> {
 public:
  ui::ContextMenuInterceptorAction SAL_CALL notifyContextMenuExecute(const ui::ContextMenuExecuteEvent& event) override {
    try {
      uno::Reference<container::XIndexContainer> menu = event.ActionTriggerContainer;
      uno::Reference<lang::XMultiServiceFactory> factory(menu, uno::UNO_QUERY_THROW);
      sal_Int32 at = menu->getCount();
      menu->insertByIndex(at++, uno::Any(factory->createInstance(ascii("com.sun.star.ui.ActionTriggerSeparator"))));
      for (const auto& [text, url] : {std::pair{"byok: Rewrite Selection…", "vnd.byok:rewrite"},
                                      std::pair{"byok: Continue Writing", "vnd.byok:continue"}}) {
        uno::Reference<beans::XPropertySet> item(factory->createInstance(ascii("com.sun.star.ui.ActionTrigger")),
                                                 uno::UNO_QUERY_THROW);
        item->setPropertyValue(ascii("Text"), uno::Any(to_ou(text)));
        item->setPropertyValue(ascii("CommandURL"), uno::Any(ascii(url)));
        menu->insertByIndex(at++, uno::Any(item));
      }
      return ui::ContextMenuInterceptorAction_EXECUTE_MODIFIED;
    } catch (const uno::Exception&) {
      return ui::ContextMenuInterceptorAction_IGNORED;
    }
  }
};

}  // namespace

void ProtocolHandler::initialize(const uno::Sequence<uno::Any>& args) {
  uno::Reference<frame::XFrame> frame;
  if (args.getLength() > 0) args[0] >>= frame;
  frame_ = frame;
}

void ProtocolHandler::add_context_menu_entries() {
  uno::Reference<frame::XFrame> frame(frame_);
  if (!frame.is()) return;
  auto controller = frame->getController();
  uno::Reference<ui::XContextMenuInterception> interception(controller, uno::UNO_QUERY);
  if (!interception.is()) return;
  auto host = Host::get(context_);
  if (!host || !host->first_time_for(controller)) return;
  interception->registerContextMenuInterceptor(new ContextMenuEntries());
}

uno::Reference<frame::XDispatch> ProtocolHandler::queryDispatch(const util::URL& url, const OUString&, sal_Int32) {
  if (!known_command(command_of(url))) return nullptr;
  try {
    add_context_menu_entries();  // menus query their commands when a frame's UI is built: a good moment
  } catch (const uno::Exception&) {
  }
  return this;
}

uno::Sequence<uno::Reference<frame::XDispatch>> ProtocolHandler::queryDispatches(
    const uno::Sequence<frame::DispatchDescriptor>& requests) {
  uno::Sequence<uno::Reference<frame::XDispatch>> out(requests.getLength());
  for (sal_Int32 i = 0; i < requests.getLength(); ++i)
    out[i] = queryDispatch(requests[i].FeatureURL, requests[i].FrameName, requests[i].SearchFlags);
  return out;
}

void ProtocolHandler::dispatchWithNotification(const util::URL& url, const uno::Sequence<beans::PropertyValue>& args,
                                               const uno::Reference<frame::XDispatchResultListener>& listener) {
  // Whatever happens, the caller (a macro's DispatchHelper waits for this) hears back exactly once, right
  // after the work has started — never after a stream that may take minutes.
  bool ok = false;
  const std::string cmd = command_of(url);
  uno::Reference<frame::XFrame> frame(frame_);
  try {
    auto host = Host::get(context_);
    if (host && frame.is()) {
      if (cmd == "rewrite") ok = run_rewrite(host, frame, args);
      else if (cmd == "action") ok = run_action(host, frame, with_url_arguments(url, args));
      else if (cmd == "continue") ok = run_continue(host, frame, args);
      else if (cmd == "fill") ok = run_fill(host, frame, args);
      else if (cmd == "stop") ok = run_stop(host);
      else if (cmd == "chat") ok = show_chat_deck(frame);
      else if (cmd == "settings") ok = run_settings(host, frame, args);
      else if (cmd == "status") ok = true;
    }
  } catch (const uno::Exception& e) {
    if (auto host = Host::get(context_)) host->report_error(cmd, "unexpected error: " + to_utf8(e.Message));
  } catch (const std::exception& e) {
    if (auto host = Host::get(context_)) host->report_error(cmd, std::string("unexpected error: ") + e.what());
  }
  if (listener.is()) {
    frame::DispatchResultEvent event;
    event.Source = static_cast<cppu::OWeakObject*>(this);
    event.State = ok ? frame::DispatchResultState::SUCCESS : frame::DispatchResultState::FAILURE;
    listener->dispatchFinished(event);
  }
}

void ProtocolHandler::dispatch(const util::URL& url, const uno::Sequence<beans::PropertyValue>& args) {
  dispatchWithNotification(url, args, nullptr);
}

void ProtocolHandler::addStatusListener(const uno::Reference<frame::XStatusListener>& listener, const util::URL& url) {
  if (!listener.is()) return;
  if (command_of(url) == "status") {
    if (auto host = Host::get(context_)) host->status().add_listener(listener, url);
    return;
  }
  frame::FeatureStateEvent e;
  e.FeatureURL = url;
  e.IsEnabled = true;
  e.Source = static_cast<cppu::OWeakObject*>(this);
  listener->statusChanged(e);
}

void ProtocolHandler::removeStatusListener(const uno::Reference<frame::XStatusListener>& listener, const util::URL& url) {
  if (command_of(url) != "status") return;
  if (auto host = Host::get(context_)) host->status().remove_listener(listener);
}

OUString ProtocolHandler::getImplementationName() { return ascii(kImplementationName); }

sal_Bool ProtocolHandler::supportsService(const OUString& name) { return cppu::supportsService(this, name); }

uno::Sequence<OUString> ProtocolHandler::getSupportedServiceNames() {
  uno::Sequence<OUString> names(1);
  names[0] = ascii("com.sun.star.frame.ProtocolHandler");
  return names;
}

}  // namespace byok::lo
