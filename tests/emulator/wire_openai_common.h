// Pieces shared by the OpenAI-shaped dialects (wire_openai.cpp, wire_openai_chat.cpp).
#pragma once

#include <string>

#include "tests/emulator/wire.h"

namespace byok::emu::openai {

inline constexpr const char* kFingerprint = "fp_emu0000001";

// Recorded from OpenAI (coder/aibridge stream_error fixture): note the Python-style spacing, and that no
// [DONE] follows.
inline constexpr const char* kStreamError =
    "data: {\"error\": {\"message\": \"The server had an error while processing your request. Sorry about that!\", "
    "\"type\": \"server_error\"}}\n\n";

// CompletionUsage with the detail objects current servers send.
ojson usage_object(int prompt, int completion);

// {"error":{"message","type","param","code"}} with the message OpenAI gives for `status`.
HttpBody error_body_for(int status, const std::string& model);

}  // namespace byok::emu::openai
