// The emulated model: what the provider answers for a given document state. It knows the file the user is
// going to write, and is right 70 % of the time (deterministically, by position) when the text before the
// cursor is on track: then it answers the rest of the line and the next two lines. Otherwise it answers a
// plausible wrong line from elsewhere in the file. Both engines face the same oracle on the same trace.
#pragma once

#include <string>
#include <string_view>

namespace byok::bench {

inline constexpr int kOracleAccuracyPercent = 70;

std::string oracle_reply(std::string_view final_text, std::string_view doc, size_t cursor, std::string_view salt);

}  // namespace byok::bench
