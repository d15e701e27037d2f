// Which HTTP header names carry credentials. One list for the whole engine: a project config may not set
// these headers, and a configured header with such a name is treated like the key itself (redacted in
// request logs, never forwarded on a redirect to another origin, scrubbed from provider error text).
#pragma once

#include <array>
#include <string_view>

namespace byok::keys {

// The standard credential headers, lower case.
inline constexpr std::array<std::string_view, 5> kAuthHeaders = {"authorization", "proxy-authorization", "x-api-key",
                                                                 "api-key", "x-goog-api-key"};

// One of kAuthHeaders (case-insensitive).
bool is_auth_header(std::string_view name);

// is_auth_header, or a name that says it holds a credential: it contains "auth", "key", "token" or
// "secret" (case-insensitive). Errs on the side of redacting a harmless header.
bool is_sensitive_header(std::string_view name);

}  // namespace byok::keys
