// org.byok.libreoffice.PanelFactory: builds the byok sidebar panels
// (private:resource/toolpanel/ByokPanelFactory/ChatPanel, see registry/Sidebar.xcu and Factories.xcu).
#pragma once

#include <com/sun/star/lang/XServiceInfo.hpp>
#include <com/sun/star/ui/XUIElementFactory.hpp>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <cppuhelper/implbase2.hxx>

#include "uno/ustr.h"

namespace byok::lo {

class PanelFactory : public cppu::WeakImplHelper2<css::ui::XUIElementFactory, css::lang::XServiceInfo> {
 public:
  static constexpr const char* kImplementationName = "org.byok.libreoffice.PanelFactory";
  explicit PanelFactory(const css::uno::Reference<css::uno::XComponentContext>& context) : context_(context) {}

  css::uno::Reference<css::ui::XUIElement> SAL_CALL createUIElement(
      const OUString& resource_url, const css::uno::Sequence<css::beans::PropertyValue>& args) override;
  OUString SAL_CALL getImplementationName() override;
  sal_Bool SAL_CALL supportsService(const OUString& name) override;
  css::uno::Sequence<OUString> SAL_CALL getSupportedServiceNames() override;

 private:
  css::uno::Reference<css::uno::XComponentContext> context_;
};

}  // namespace byok::lo
