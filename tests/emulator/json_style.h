// Byte-level JSON styles of real servers. Clients must parse JSON properly, but an emulator that only ever
// emits nlohmann's compact style would let a client that string-matches pass; these reproduce what the
// servers actually send (providers.md §3.3 and §6.2).
#pragma once

#include <string>
#include <string_view>

namespace byok::emu {

// Google's style: one space after every ':' outside strings, none after ','
// ({"candidates": [{"content": {"parts": [{"text": "The"}],"role": "model"}, ...).
std::string google_style(std::string_view compact_json);

// Go encoding/json's default escaping, as Ollama emits it: '<', '>', '&', U+2028 and U+2029 inside strings
// become \u003c, \u003e, \u0026, \u2028, \u2029.
std::string go_style(std::string_view compact_json);

}  // namespace byok::emu
