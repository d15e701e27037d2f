// The chat panel of the byok sidebar deck: the UI element the sidebar asks our factory for. The controls
// come from dialogs/ChatPanel.xdl; what they do lives in ChatSession (chat_session.h).
#pragma once

#include <com/sun/star/awt/XWindow.hpp>
#include <com/sun/star/frame/XFrame.hpp>
#include <com/sun/star/lang/XComponent.hpp>
#include <com/sun/star/ui/XSidebarPanel.hpp>
#include <com/sun/star/ui/XToolPanel.hpp>
#include <com/sun/star/ui/XUIElement.hpp>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <cppuhelper/implbase4.hxx>

#include <memory>

#include "uno/ustr.h"

namespace byok::lo {

class ChatSession;

class ChatPanel : public cppu::WeakImplHelper4<css::ui::XUIElement, css::ui::XToolPanel, css::ui::XSidebarPanel,
                                               css::lang::XComponent> {
 public:
  ChatPanel(const css::uno::Reference<css::uno::XComponentContext>& context, const OUString& resource_url,
            const css::uno::Reference<css::frame::XFrame>& frame, const css::uno::Reference<css::awt::XWindow>& parent);
  ~ChatPanel() override;

  // XUIElement
  css::uno::Reference<css::frame::XFrame> SAL_CALL getFrame() override { return frame_; }
  OUString SAL_CALL getResourceURL() override { return resource_url_; }
  sal_Int16 SAL_CALL getType() override;
  css::uno::Reference<css::uno::XInterface> SAL_CALL getRealInterface() override;
  // XToolPanel
  css::uno::Reference<css::awt::XWindow> SAL_CALL getWindow() override { return window_; }
  css::uno::Reference<css::accessibility::XAccessible> SAL_CALL createAccessible(
      const css::uno::Reference<css::accessibility::XAccessible>& parent) override;
  // XSidebarPanel
  css::ui::LayoutSize SAL_CALL getHeightForWidth(sal_Int32 width) override;
  sal_Int32 SAL_CALL getMinimalWidth() override;
  // XComponent
  void SAL_CALL dispose() override;
  void SAL_CALL addEventListener(const css::uno::Reference<css::lang::XEventListener>&) override {}
  void SAL_CALL removeEventListener(const css::uno::Reference<css::lang::XEventListener>&) override {}

 private:
  OUString resource_url_;
  css::uno::Reference<css::frame::XFrame> frame_;
  css::uno::Reference<css::awt::XWindow> window_;
  std::shared_ptr<ChatSession> session_;
};

}  // namespace byok::lo
