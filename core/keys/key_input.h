// Checks on what a user hands byok as a key or a key name, shared by every way in (`byok keys set`, and
// the protocol's key-setting requests) so that all of them accept and refuse the same things.
#pragma once

#include <string>
#include <string_view>

#include "core/util/result.h"
#include "core/util/secret.h"

namespace byok::keys {

// What a valid key name looks like, for error messages.
inline constexpr std::string_view kKeyNameRule = "use letters, digits, '-', '_' or '.' (at most 64)";

// A key name ("default", "work", "team.ci"): 1 to 64 of letters, digits, '-', '_' and '.'.
bool is_valid_key_name(std::string_view name);

// A key as typed or piped. Drops one line terminator, trims surrounding whitespace (reported in
// `trimmed`, so the caller can tell the user), rejects an empty key, spaces and control characters. The
// error names the position of the bad character, never the key. The caller still owns `raw` and must
// secure_wipe it.
struct CleanedKey {
  Secret key;
  bool trimmed = false;
};
Result<CleanedKey> clean_key_input(std::string& raw);

}  // namespace byok::keys
