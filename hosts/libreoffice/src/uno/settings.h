// byok's settings in the office profile (org.byok.libreoffice.Settings, schema registry/Settings.xcs):
// engine path, provider, model, recent rewrite instructions. Keys are never stored here — they go to the
// engine's vault through `byok/keys`.
#pragma once

#include <com/sun/star/uno/XComponentContext.hpp>

#include <string>
#include <vector>

namespace byok::lo {

struct Settings {
  std::string engine_path;  // empty: bundled engine, else `byok` on PATH
  std::string provider;     // empty: the engine's default
  std::string model;        // empty: the engine's default
  std::vector<std::string> recent_instructions;

  // "provider:model", "model", or "" (engine default) — the form every byok method accepts.
  std::string model_selector() const;
};

Settings load_settings(const css::uno::Reference<css::uno::XComponentContext>& context);
// Writes and commits; throws css::uno::Exception when the configuration cannot be written.
void save_settings(const css::uno::Reference<css::uno::XComponentContext>& context, const Settings& settings);
// Puts `instruction` first in the recent list (no duplicates, at most 10) and saves.
void remember_instruction(const css::uno::Reference<css::uno::XComponentContext>& context, const std::string& instruction);

}  // namespace byok::lo
