#include "uno/chat_panel.h"

#include <com/sun/star/accessibility/XAccessible.hpp>
#include <com/sun/star/awt/ContainerWindowProvider.hpp>
#include <com/sun/star/awt/XWindowPeer.hpp>
#include <com/sun/star/ui/UIElementType.hpp>

#include "uno/chat_session.h"
#include "uno/ustr.h"

namespace byok::lo {

using namespace css;

namespace {
constexpr const char* kPanelDialog = "vnd.sun.star.extension://org.byok.libreoffice/dialogs/ChatPanel.xdl";
constexpr sal_Int32 kPreferredHeight = 560;  // pixels; the sidebar scrolls when it has less
}  // namespace

ChatPanel::ChatPanel(const uno::Reference<uno::XComponentContext>& context, const OUString& resource_url,
                     const uno::Reference<frame::XFrame>& frame, const uno::Reference<awt::XWindow>& parent)
    : resource_url_(resource_url), frame_(frame) {
  auto provider = awt::ContainerWindowProvider::create(context);
  uno::Reference<awt::XWindowPeer> parent_peer(parent, uno::UNO_QUERY_THROW);
  window_ = provider->createContainerWindow(ascii(kPanelDialog), OUString(), parent_peer, nullptr);
  window_->setVisible(true);
  session_ = ChatSession::create(context, frame, window_);
}

ChatPanel::~ChatPanel() = default;

sal_Int16 ChatPanel::getType() { return ui::UIElementType::TOOLPANEL; }

uno::Reference<uno::XInterface> ChatPanel::getRealInterface() { return static_cast<cppu::OWeakObject*>(this); }

uno::Reference<accessibility::XAccessible> ChatPanel::createAccessible(const uno::Reference<accessibility::XAccessible>&) {
  return uno::Reference<accessibility::XAccessible>(window_, uno::UNO_QUERY);
}

ui::LayoutSize ChatPanel::getHeightForWidth(sal_Int32) {
  return ui::LayoutSize(kPreferredHeight / 2, -1, kPreferredHeight);
}

sal_Int32 ChatPanel::getMinimalWidth() { return 220; }

void ChatPanel::dispose() {
  if (session_) session_->close();
  session_.reset();
  uno::Reference<lang::XComponent> w(window_, uno::UNO_QUERY);
  window_.clear();
  if (w.is()) w->dispose();
}

}  // namespace byok::lo
