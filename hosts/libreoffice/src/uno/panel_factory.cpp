#include "uno/panel_factory.h"

#include <com/sun/star/awt/XWindow.hpp>
#include <com/sun/star/container/NoSuchElementException.hpp>
#include <com/sun/star/frame/XFrame.hpp>
#include <com/sun/star/lang/IllegalArgumentException.hpp>
#include <cppuhelper/supportsservice.hxx>

#include "uno/chat_panel.h"
#include "uno/ustr.h"

namespace byok::lo {

using namespace css;

uno::Reference<ui::XUIElement> PanelFactory::createUIElement(const OUString& resource_url,
                                                            const uno::Sequence<beans::PropertyValue>& args) {
  uno::Reference<frame::XFrame> frame;
  uno::Reference<awt::XWindow> parent;
  for (sal_Int32 i = 0; i < args.getLength(); ++i) {
    if (args[i].Name == "Frame") args[i].Value >>= frame;
    else if (args[i].Name == "ParentWindow") args[i].Value >>= parent;
  }
  if (!parent.is())
    throw lang::IllegalArgumentException(ascii("byok PanelFactory: no ParentWindow given"), static_cast<cppu::OWeakObject*>(this), 1);
  if (resource_url.endsWith("/ChatPanel")) return new ChatPanel(context_, resource_url, frame, parent);
  throw container::NoSuchElementException("byok PanelFactory: unknown panel " + resource_url, static_cast<cppu::OWeakObject*>(this));
}

OUString PanelFactory::getImplementationName() { return ascii(kImplementationName); }

sal_Bool PanelFactory::supportsService(const OUString& name) { return cppu::supportsService(this, name); }

uno::Sequence<OUString> PanelFactory::getSupportedServiceNames() {
  uno::Sequence<OUString> names(1);
  names[0] = ascii("com.sun.star.ui.UIElementFactory");
  return names;
}

}  // namespace byok::lo
