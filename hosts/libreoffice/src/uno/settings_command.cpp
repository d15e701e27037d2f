// vnd.byok:settings (Tools ▸ byok…): provider, model, engine path in the office profile; the key goes to the
// engine's vault through `byok/keys` and is never written to the profile. Test button and today's cost.
#include <com/sun/star/awt/PushButtonType.hpp>
#include <com/sun/star/awt/XActionListener.hpp>
#include <com/sun/star/awt/XButton.hpp>
#include <com/sun/star/awt/XControl.hpp>
#include <com/sun/star/lang/XComponent.hpp>
#include <cppuhelper/implbase1.hxx>

#include <cstdio>

#include "uno/commands.h"
#include "uno/dialog_builder.h"
#include "uno/host.h"
#include "uno/settings.h"
#include "uno/ustr.h"

namespace byok::lo {

using namespace css;
using nlohmann::json;

namespace {

const std::vector<std::string> kProviders = {"openai", "anthropic", "gemini", "mistral", "deepseek",
                                             "openrouter", "groq", "xai", "ollama", "azure"};

std::string provider_of(const Settings& s) {
  if (!s.provider.empty()) return s.provider;
  const auto colon = s.model.find(':');
  return colon == std::string::npos ? std::string() : s.model.substr(0, colon);
}

std::string money(const json& v) {
  if (!v.is_number()) return "unknown (no prices for a model used)";
  char buf[32];
  std::snprintf(buf, sizeof buf, "$%.4f", v.get<double>());
  return buf;
}

// Sends the key to the engine's vault; reports on the status board. The key string is dropped right after.
void store_key(const std::shared_ptr<Host>& host, const std::string& provider, std::string key) {
  host->status().set_busy("settings", "byok: saving the key for " + provider + "…");
  host->call("byok/keys", json{{"action", "set"}, {"provider", provider}, {"key", std::move(key)}},
             [weak = std::weak_ptr<Host>(host), provider](const RpcOutcome& o) {
               auto h = weak.lock();
               if (!h) return;
               if (!o.ok()) {
                 h->report_error("Settings", "the key was not saved: " + api::describe_error(*o.error));
                 return;
               }
               const bool persisted = o.result.value("persisted", true);
               h->status().set_idle(StatusBoard::Kind::Info,
                                    "Key for " + provider + " (…" + o.result.value("last4", std::string("????")) + ") " +
                                        (persisted ? "saved in byok's vault." : "kept by the byok engine for this session."));
             });
}

// The dialog's Test button: lists the provider's models with the key byok would use.
class TestListener : public cppu::WeakImplHelper1<awt::XActionListener> {
 public:
  TestListener(std::weak_ptr<Host> host, uno::Reference<beans::XPropertySet> provider, uno::Reference<beans::XPropertySet> result)
      : host_(std::move(host)), provider_(std::move(provider)), result_(std::move(result)) {}
  void SAL_CALL actionPerformed(const awt::ActionEvent&) override {
    auto h = host_.lock();
    if (!h) return;
    OUString provider;
    provider_->getPropertyValue(ascii("Text")) >>= provider;
    result_->setPropertyValue(ascii("Label"), uno::Any(ascii("Testing…")));
    auto result = result_;
    h->call("byok/keys", json{{"action", "test"}, {"provider", to_utf8(provider.trim())}}, [result](const RpcOutcome& o) {
      std::string text;
      if (!o.ok()) text = "Test failed: " + api::describe_error(*o.error);
      else if (o.result.value("ok", false)) text = "OK: the provider answered (" + std::to_string(o.result.value("models", 0)) + " models).";
      else text = "Test failed: " + o.result.value("error", json::object()).value("message", std::string("no details"));
      try {
        result->setPropertyValue(ascii("Label"), uno::Any(to_ou(text)));
      } catch (const uno::Exception&) {
        // the dialog was closed before the answer came
      }
    });
  }
  void SAL_CALL disposing(const lang::EventObject&) override {}

 private:
  std::weak_ptr<Host> host_;
  uno::Reference<beans::XPropertySet> provider_, result_;
};

void settings_dialog(const std::shared_ptr<Host>& host, Settings settings) {
  DialogBuilder b(host->context(), "byok Settings", 240, 150);
  auto add_label = [&](const char* name, const char* text, int y) {
    b.add("FixedText", name, 6, y + 2, 60, 10)->setPropertyValue(ascii("Label"), uno::Any(ascii(text)));
  };
  add_label("ProviderLabel", "Provider", 6);
  auto provider = b.add("ComboBox", "Provider", 70, 6, 164, 14);
  provider->setPropertyValue(ascii("StringItemList"), uno::Any(to_string_list(kProviders)));
  provider->setPropertyValue(ascii("Dropdown"), uno::Any(true));
  provider->setPropertyValue(ascii("Text"), uno::Any(to_ou(provider_of(settings))));
  add_label("ModelLabel", "Model", 24);
  auto model = b.add("ComboBox", "Model", 70, 24, 164, 14);
  model->setPropertyValue(ascii("Dropdown"), uno::Any(true));
  model->setPropertyValue(ascii("Text"), uno::Any(to_ou(settings.model)));
  add_label("KeyLabel", "API key", 42);
  auto key = b.add("Edit", "Key", 70, 42, 164, 14);
  key->setPropertyValue(ascii("EchoChar"), uno::Any(static_cast<sal_Int16>('*')));
  b.add("FixedText", "KeyHint", 70, 57, 164, 10)
      ->setPropertyValue(ascii("Label"), uno::Any(ascii("Stored by the byok engine, never in the office profile.")));
  add_label("EngineLabel", "Engine path", 70);
  auto engine = b.add("Edit", "EnginePath", 70, 70, 164, 14);
  engine->setPropertyValue(ascii("Text"), uno::Any(to_ou(settings.engine_path)));
  auto test = b.add("Button", "Test", 6, 90, 60, 14);
  test->setPropertyValue(ascii("Label"), uno::Any(ascii("Test")));
  auto test_result = b.add("FixedText", "TestResult", 70, 92, 164, 20);
  test_result->setPropertyValue(ascii("MultiLine"), uno::Any(true));
  auto cost = b.add("FixedText", "Cost", 6, 114, 228, 10);
  cost->setPropertyValue(ascii("Label"), uno::Any(ascii("Cost: asking the engine…")));
  auto ok = b.add("Button", "OK", 130, 130, 50, 14);
  ok->setPropertyValue(ascii("Label"), uno::Any(ascii("Save")));
  ok->setPropertyValue(ascii("PushButtonType"), uno::Any(static_cast<sal_Int16>(awt::PushButtonType_OK)));
  ok->setPropertyValue(ascii("DefaultButton"), uno::Any(true));
  auto cancel = b.add("Button", "Cancel", 184, 130, 50, 14);
  cancel->setPropertyValue(ascii("Label"), uno::Any(ascii("Cancel")));
  cancel->setPropertyValue(ascii("PushButtonType"), uno::Any(static_cast<sal_Int16>(awt::PushButtonType_CANCEL)));
  auto dialog = b.create();
  uno::Reference<awt::XButton>(b.controls()->getControl(ascii("Test")), uno::UNO_QUERY_THROW)
      ->addActionListener(new TestListener(host, provider, test_result));

  // Filled in while the dialog is open (the main loop keeps running under a modal dialog).
  host->call("byok/usage", json::object(), [cost](const RpcOutcome& o) {
    std::string text = "Cost: unavailable";
    if (o.ok()) {
      const std::string scope = o.result.value("scope", std::string("today"));
      text = "Cost (" + std::string(scope == "session" ? "this engine session" : scope) + "): " +
             money(o.result.value("total", json::object()).value("costUsd", json()));
    }
    try {
      cost->setPropertyValue(ascii("Label"), uno::Any(to_ou(text)));
    } catch (const uno::Exception&) {
    }
  });
  if (!settings.provider.empty()) {
    host->call("byok/models", json{{"provider", settings.provider}}, [model](const RpcOutcome& o) {
      if (!o.ok() || !o.result.contains("models")) return;
      std::vector<std::string> names;
      for (const auto& m : o.result["models"])
        if (m.is_object() && m.contains("id")) names.push_back(m["id"].get<std::string>());
      try {
        model->setPropertyValue(ascii("StringItemList"), uno::Any(to_string_list(names)));
      } catch (const uno::Exception&) {
      }
    });
  }

  const sal_Int16 result = dialog->execute();
  OUString provider_text, model_text, key_text, engine_text;
  provider->getPropertyValue(ascii("Text")) >>= provider_text;
  model->getPropertyValue(ascii("Text")) >>= model_text;
  key->getPropertyValue(ascii("Text")) >>= key_text;
  engine->getPropertyValue(ascii("Text")) >>= engine_text;
  key->setPropertyValue(ascii("Text"), uno::Any(OUString()));  // do not leave the key in the control model
  uno::Reference<lang::XComponent>(dialog, uno::UNO_QUERY_THROW)->dispose();
  if (result != 1) return;
  settings.provider = to_utf8(provider_text.trim());
  settings.model = to_utf8(model_text.trim());
  settings.engine_path = to_utf8(engine_text.trim());
  save_settings(host->context(), settings);
  if (!key_text.trim().isEmpty()) {
    if (settings.provider.empty()) {
      host->report_error("Settings", "choose the provider the key belongs to; the key was not saved.");
      return;
    }
    store_key(host, settings.provider, to_utf8(key_text.trim()));
  } else {
    host->status().set_idle(StatusBoard::Kind::Info, "byok settings saved.");
  }
}

}  // namespace

bool run_settings(const std::shared_ptr<Host>& host, const uno::Reference<frame::XFrame>&, const Args& args) {
  Settings settings;
  try {
    settings = load_settings(host->context());
  } catch (const uno::Exception& e) {
    host->report_error("Settings", "cannot read byok's settings: " + to_utf8(e.Message));
    return false;
  }
  const auto provider = string_arg(args, "Provider");
  const auto model = string_arg(args, "Model");
  const auto engine = string_arg(args, "EnginePath");
  auto key = string_arg(args, "Key");
  if (!provider && !model && !engine && !key) {
    try {
      settings_dialog(host, settings);
    } catch (const uno::Exception& e) {
      host->report_error("Settings", "the settings could not be saved: " + to_utf8(e.Message));
      return false;
    }
    return true;
  }
  // Unattended (macros, tests): the same effects without the dialog.
  if (provider) settings.provider = *provider;
  if (model) settings.model = *model;
  if (engine) settings.engine_path = *engine;
  try {
    save_settings(host->context(), settings);
  } catch (const uno::Exception& e) {
    host->report_error("Settings", "the settings could not be saved: " + to_utf8(e.Message));
    return false;
  }
  if (key) {
    const std::string p = provider_of(settings);
    if (p.empty()) {
      host->report_error("Settings", "a Key needs a Provider to belong to; the key was not saved.");
      return false;
    }
    store_key(host, p, std::move(*key));
  } else {
    host->status().set_idle(StatusBoard::Kind::Info, "byok settings saved.");
  }
  return true;
}

}  // namespace byok::lo
