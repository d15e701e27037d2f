// The library's entry point: the office asks it for factories by implementation name (byok.components).
#include <cppuhelper/factory.hxx>
#include <cppuhelper/implementationentry.hxx>

#include "uno/panel_factory.h"
#include "uno/protocol_handler.h"
#include "uno/ustr.h"

using namespace css;
using ::rtl::OUString;

namespace {

uno::Reference<uno::XInterface> SAL_CALL create_protocol_handler(const uno::Reference<uno::XComponentContext>& context) {
  return static_cast<cppu::OWeakObject*>(new byok::lo::ProtocolHandler(context));
}

uno::Reference<uno::XInterface> SAL_CALL create_panel_factory(const uno::Reference<uno::XComponentContext>& context) {
  return static_cast<cppu::OWeakObject*>(new byok::lo::PanelFactory(context));
}

uno::Sequence<OUString> SAL_CALL protocol_handler_services() {
  uno::Sequence<OUString> s(1);
  s[0] = OUString("com.sun.star.frame.ProtocolHandler");
  return s;
}

uno::Sequence<OUString> SAL_CALL panel_factory_services() {
  uno::Sequence<OUString> s(1);
  s[0] = OUString("com.sun.star.ui.UIElementFactory");
  return s;
}

OUString SAL_CALL protocol_handler_name() { return OUString::createFromAscii(byok::lo::ProtocolHandler::kImplementationName); }
OUString SAL_CALL panel_factory_name() { return OUString::createFromAscii(byok::lo::PanelFactory::kImplementationName); }

const cppu::ImplementationEntry kEntries[] = {
    {create_protocol_handler, protocol_handler_name, protocol_handler_services, cppu::createSingleComponentFactory, nullptr, 0},
    {create_panel_factory, panel_factory_name, panel_factory_services, cppu::createSingleComponentFactory, nullptr, 0},
    {nullptr, nullptr, nullptr, nullptr, nullptr, 0}};

}  // namespace

extern "C" SAL_DLLPUBLIC_EXPORT void* SAL_CALL component_getFactory(const char* implementation_name, void* service_manager,
                                                                    void* registry_key) {
  return cppu::component_getFactoryHelper(implementation_name, service_manager, registry_key, kEntries);
}
