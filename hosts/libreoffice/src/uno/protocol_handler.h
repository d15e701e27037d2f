// org.byok.libreoffice.ProtocolHandler: the dispatch provider and dispatch object for vnd.byok: URLs in one
// frame (the framework creates one per frame and passes the frame to initialize()).
#pragma once

#include <com/sun/star/frame/XDispatchProvider.hpp>
#include <com/sun/star/frame/XFrame.hpp>
#include <com/sun/star/frame/XNotifyingDispatch.hpp>
#include <com/sun/star/lang/XInitialization.hpp>
#include <com/sun/star/lang/XServiceInfo.hpp>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <com/sun/star/ui/XContextMenuInterceptor.hpp>
#include <cppuhelper/implbase4.hxx>
#include <cppuhelper/weakref.hxx>

#include "uno/ustr.h"

namespace byok::lo {

class ProtocolHandler : public cppu::WeakImplHelper4<css::frame::XDispatchProvider, css::frame::XNotifyingDispatch,
                                                     css::lang::XInitialization, css::lang::XServiceInfo> {
 public:
  static constexpr const char* kImplementationName = "org.byok.libreoffice.ProtocolHandler";
  explicit ProtocolHandler(const css::uno::Reference<css::uno::XComponentContext>& context) : context_(context) {}

  // XInitialization
  void SAL_CALL initialize(const css::uno::Sequence<css::uno::Any>& args) override;
  // XDispatchProvider
  css::uno::Reference<css::frame::XDispatch> SAL_CALL queryDispatch(const css::util::URL& url, const OUString& target,
                                                                   sal_Int32 flags) override;
  css::uno::Sequence<css::uno::Reference<css::frame::XDispatch>> SAL_CALL queryDispatches(
      const css::uno::Sequence<css::frame::DispatchDescriptor>& requests) override;
  // XNotifyingDispatch
  void SAL_CALL dispatchWithNotification(const css::util::URL& url, const css::uno::Sequence<css::beans::PropertyValue>& args,
                                         const css::uno::Reference<css::frame::XDispatchResultListener>& listener) override;
  void SAL_CALL dispatch(const css::util::URL& url, const css::uno::Sequence<css::beans::PropertyValue>& args) override;
  void SAL_CALL addStatusListener(const css::uno::Reference<css::frame::XStatusListener>& listener,
                                  const css::util::URL& url) override;
  void SAL_CALL removeStatusListener(const css::uno::Reference<css::frame::XStatusListener>& listener,
                                     const css::util::URL& url) override;
  // XServiceInfo
  OUString SAL_CALL getImplementationName() override;
  sal_Bool SAL_CALL supportsService(const OUString& name) override;
  css::uno::Sequence<OUString> SAL_CALL getSupportedServiceNames() override;

 private:
  void add_context_menu_entries();

  css::uno::Reference<css::uno::XComponentContext> context_;
  css::uno::WeakReference<css::frame::XFrame> frame_;
};

}  // namespace byok::lo
