// Builds small modal dialogs from UNO control models in code (no dialog files to keep in step), in the
// office's "AppFont" units.
#pragma once

#include <com/sun/star/awt/XControlContainer.hpp>
#include <com/sun/star/awt/XDialog.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/container/XNameContainer.hpp>
#include <com/sun/star/lang/XMultiServiceFactory.hpp>
#include <com/sun/star/uno/XComponentContext.hpp>

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "uno/ustr.h"

namespace byok::lo {

class DialogBuilder {
 public:
  DialogBuilder(const css::uno::Reference<css::uno::XComponentContext>& context, const std::string& title, int width, int height);

  // type: "Edit", "ComboBox", "FixedText", "Button", "CheckBox", "ListBox" (UnoControl<type>Model).
  css::uno::Reference<css::beans::XPropertySet> add(const char* type, const char* name, int x, int y, int w, int h);

  // Creates the dialog window (not yet shown).
  css::uno::Reference<css::awt::XDialog> create();
  css::uno::Reference<css::awt::XControlContainer> controls() const { return controls_; }

 private:
  css::uno::Reference<css::uno::XComponentContext> context_;
  css::uno::Reference<css::lang::XMultiServiceFactory> factory_;
  css::uno::Reference<css::container::XNameContainer> model_;
  css::uno::Reference<css::awt::XControlContainer> controls_;
};

css::uno::Sequence<OUString> to_string_list(const std::vector<std::string>& items);

}  // namespace byok::lo
