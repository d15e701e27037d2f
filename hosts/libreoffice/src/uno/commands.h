// The vnd.byok: commands. Each runs on the main thread, starts its streamed work and returns at once
// (true = started or done, false = refused with a message on the status board); results land later
// through the Host's main-thread queue. Dispatch arguments let macros and tests run them unattended.
#pragma once

#include <com/sun/star/beans/PropertyValue.hpp>
#include <com/sun/star/frame/XFrame.hpp>

#include <memory>
#include <optional>
#include <string>

namespace byok::lo {

class Host;
using Args = css::uno::Sequence<css::beans::PropertyValue>;

// Argument `name` as a string, if present and non-empty.
std::optional<std::string> string_arg(const Args& args, const char* name);

// vnd.byok:rewrite — arguments Instruction (string; without it a dialog asks), Model (optional).
bool run_rewrite(const std::shared_ptr<Host>& host, const css::uno::Reference<css::frame::XFrame>& frame, const Args& args);
// vnd.byok:action — arguments Name (without it a dialog asks), Input, Model (optional).
bool run_action(const std::shared_ptr<Host>& host, const css::uno::Reference<css::frame::XFrame>& frame, const Args& args);
// vnd.byok:continue — argument Model (optional).
bool run_continue(const std::shared_ptr<Host>& host, const css::uno::Reference<css::frame::XFrame>& frame, const Args& args);
// vnd.byok:fill (Calc) — argument Prompt (without it a dialog asks), Model (optional).
bool run_fill(const std::shared_ptr<Host>& host, const css::uno::Reference<css::frame::XFrame>& frame, const Args& args);
// vnd.byok:stop
bool run_stop(const std::shared_ptr<Host>& host);
// vnd.byok:chat — shows the byok sidebar deck.
bool show_chat_deck(const css::uno::Reference<css::frame::XFrame>& frame);
// vnd.byok:settings — arguments Provider, Model, EnginePath, Key (all optional; any of them = no dialog).
bool run_settings(const std::shared_ptr<Host>& host, const css::uno::Reference<css::frame::XFrame>& frame, const Args& args);

}  // namespace byok::lo
