// UTF-8 helpers for text that arrives from the network in arbitrary pieces.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace byok::utf8 {

// Replaces every invalid sequence with U+FFFD (as the WHATWG decoder does); valid input is returned as is.
std::string sanitize(std::string_view bytes);
bool is_valid(std::string_view bytes);

// Length of the longest prefix of `bytes` that does not end inside a multi-byte character.
// Used to hold back a partial character until the next chunk completes it.
size_t complete_prefix_length(std::string_view bytes);

// Number of UTF-16 code units the (valid) UTF-8 text occupies.
size_t utf16_length(std::string_view text);

}  // namespace byok::utf8
