#include "uno/settings.h"

#include <com/sun/star/beans/NamedValue.hpp>
#include <com/sun/star/beans/PropertyValue.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/configuration/theDefaultProvider.hpp>
#include <com/sun/star/container/XNameAccess.hpp>
#include <com/sun/star/lang/XMultiServiceFactory.hpp>
#include <com/sun/star/util/XChangesBatch.hpp>

#include <algorithm>

#include "uno/ustr.h"

namespace byok::lo {

using namespace css;

namespace {

constexpr const char* kRoot = "/org.byok.libreoffice.Settings";

uno::Reference<uno::XInterface> open_root(const uno::Reference<uno::XComponentContext>& context, bool for_update) {
  uno::Reference<lang::XMultiServiceFactory> provider = configuration::theDefaultProvider::get(context);
  beans::PropertyValue path;
  path.Name = ascii("nodepath");
  path.Value <<= ascii(kRoot);
  uno::Sequence<uno::Any> args(1);
  args[0] <<= path;
  return provider->createInstanceWithArguments(
      ascii(for_update ? "com.sun.star.configuration.ConfigurationUpdateAccess" : "com.sun.star.configuration.ConfigurationAccess"),
      args);
}

uno::Reference<beans::XPropertySet> group(const uno::Reference<uno::XInterface>& root, const char* name) {
  uno::Reference<container::XNameAccess> access(root, uno::UNO_QUERY_THROW);
  return uno::Reference<beans::XPropertySet>(access->getByName(ascii(name)), uno::UNO_QUERY_THROW);
}

std::string get_string(const uno::Reference<beans::XPropertySet>& g, const char* name) {
  OUString v;
  g->getPropertyValue(ascii(name)) >>= v;
  return to_utf8(v.trim());
}

}  // namespace

std::string Settings::model_selector() const {
  if (model.empty()) return {};
  if (provider.empty() || model.find(':') != std::string::npos) return model;
  return provider + ":" + model;
}

Settings load_settings(const uno::Reference<uno::XComponentContext>& context) {
  Settings s;
  const auto root = open_root(context, false);
  s.engine_path = get_string(group(root, "Engine"), "Path");
  const auto model = group(root, "Model");
  s.provider = get_string(model, "Provider");
  s.model = get_string(model, "Model");
  uno::Sequence<OUString> recent;
  group(root, "Rewrite")->getPropertyValue(ascii("RecentInstructions")) >>= recent;
  for (sal_Int32 i = 0; i < recent.getLength(); ++i) s.recent_instructions.push_back(to_utf8(recent[i]));
  return s;
}

void save_settings(const uno::Reference<uno::XComponentContext>& context, const Settings& s) {
  const auto root = open_root(context, true);
  group(root, "Engine")->setPropertyValue(ascii("Path"), uno::Any(to_ou(s.engine_path)));
  const auto model = group(root, "Model");
  model->setPropertyValue(ascii("Provider"), uno::Any(to_ou(s.provider)));
  model->setPropertyValue(ascii("Model"), uno::Any(to_ou(s.model)));
  uno::Sequence<OUString> recent(static_cast<sal_Int32>(s.recent_instructions.size()));
  for (size_t i = 0; i < s.recent_instructions.size(); ++i) recent[static_cast<sal_Int32>(i)] = to_ou(s.recent_instructions[i]);
  group(root, "Rewrite")->setPropertyValue(ascii("RecentInstructions"), uno::Any(recent));
  uno::Reference<util::XChangesBatch>(root, uno::UNO_QUERY_THROW)->commitChanges();
}

void remember_instruction(const uno::Reference<uno::XComponentContext>& context, const std::string& instruction) {
  Settings s = load_settings(context);
  auto& r = s.recent_instructions;
  r.erase(std::remove(r.begin(), r.end(), instruction), r.end());
  r.insert(r.begin(), instruction);
  if (r.size() > 10) r.resize(10);
  save_settings(context, s);
}

}  // namespace byok::lo
