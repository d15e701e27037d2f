// The system clipboard's text, for actions that ask for {{clipboard}}. Sent to the engine (a local process)
// with every action; the engine attaches it only when the action's template or context names it.
#pragma once

#include <com/sun/star/uno/XComponentContext.hpp>

#include <optional>
#include <string>

namespace byok::lo {

// UTF-8 text on the clipboard; nothing when it holds no text (an image) or cannot be read.
std::optional<std::string> clipboard_text(const css::uno::Reference<css::uno::XComponentContext>& context);

}  // namespace byok::lo
