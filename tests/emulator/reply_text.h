// The text the emulator answers with, and how it is cut into stream chunks.
//
// The default reply is multi-byte on purpose (2-, 3- and 4-byte UTF-8 sequences) so that clients that split
// or count bytes wrongly fail visibly. Chunks are cut only at code point boundaries, like real servers;
// splits *inside* a code point are the transport's job (Scenario::one_byte_writes).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace byok::emu {

// "Hello from the byok emulator — ünïcødé ✓ 👋."
std::string_view default_chat_reply();
// "return a + b;" — for fill-in-the-middle and raw completion endpoints.
std::string_view default_fim_reply();

// Splits `text` into pieces of 3, 4, 5, 3, 4, 5, ... code points. Never splits a code point; invalid UTF-8
// bytes count as one code point each. Empty text gives no pieces.
std::vector<std::string> split_reply(std::string_view text);

// A plausible token count: about 4 bytes per token, at least 1.
int estimate_tokens(size_t bytes);

}  // namespace byok::emu
