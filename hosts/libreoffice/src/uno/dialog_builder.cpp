#include "uno/dialog_builder.h"

#include <com/sun/star/awt/Toolkit.hpp>
#include <com/sun/star/awt/XControl.hpp>
#include <com/sun/star/awt/XControlModel.hpp>
#include <com/sun/star/lang/XMultiComponentFactory.hpp>

#include "uno/ustr.h"

namespace byok::lo {

using namespace css;

DialogBuilder::DialogBuilder(const uno::Reference<uno::XComponentContext>& context, const std::string& title, int width, int height)
    : context_(context) {
  auto smgr = context->getServiceManager();
  model_.set(smgr->createInstanceWithContext(ascii("com.sun.star.awt.UnoControlDialogModel"), context), uno::UNO_QUERY_THROW);
  factory_.set(model_, uno::UNO_QUERY_THROW);
  uno::Reference<beans::XPropertySet> p(model_, uno::UNO_QUERY_THROW);
  p->setPropertyValue(ascii("Title"), uno::Any(to_ou(title)));
  p->setPropertyValue(ascii("Width"), uno::Any(static_cast<sal_Int32>(width)));
  p->setPropertyValue(ascii("Height"), uno::Any(static_cast<sal_Int32>(height)));
  p->setPropertyValue(ascii("PositionX"), uno::Any(static_cast<sal_Int32>(60)));
  p->setPropertyValue(ascii("PositionY"), uno::Any(static_cast<sal_Int32>(60)));
}

uno::Reference<beans::XPropertySet> DialogBuilder::add(const char* type, const char* name, int x, int y, int w, int h) {
  const std::string service = std::string("com.sun.star.awt.UnoControl") + type + "Model";
  uno::Reference<beans::XPropertySet> m(factory_->createInstance(ascii(service.c_str())), uno::UNO_QUERY_THROW);
  m->setPropertyValue(ascii("PositionX"), uno::Any(static_cast<sal_Int32>(x)));
  m->setPropertyValue(ascii("PositionY"), uno::Any(static_cast<sal_Int32>(y)));
  m->setPropertyValue(ascii("Width"), uno::Any(static_cast<sal_Int32>(w)));
  m->setPropertyValue(ascii("Height"), uno::Any(static_cast<sal_Int32>(h)));
  m->setPropertyValue(ascii("Name"), uno::Any(ascii(name)));
  model_->insertByName(ascii(name), uno::Any(m));
  return m;
}

uno::Reference<awt::XDialog> DialogBuilder::create() {
  auto smgr = context_->getServiceManager();
  uno::Reference<awt::XControl> dialog(smgr->createInstanceWithContext(ascii("com.sun.star.awt.UnoControlDialog"), context_),
                                       uno::UNO_QUERY_THROW);
  dialog->setModel(uno::Reference<awt::XControlModel>(model_, uno::UNO_QUERY_THROW));
  uno::Reference<awt::XToolkit> toolkit(awt::Toolkit::create(context_), uno::UNO_QUERY_THROW);
  dialog->createPeer(toolkit, nullptr);
  controls_.set(dialog, uno::UNO_QUERY_THROW);
  return uno::Reference<awt::XDialog>(dialog, uno::UNO_QUERY_THROW);
}

uno::Sequence<OUString> to_string_list(const std::vector<std::string>& items) {
  uno::Sequence<OUString> out(static_cast<sal_Int32>(items.size()));
  for (size_t i = 0; i < items.size(); ++i) out[static_cast<sal_Int32>(i)] = to_ou(items[i]);
  return out;
}

}  // namespace byok::lo
