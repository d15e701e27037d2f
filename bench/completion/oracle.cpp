#include "bench/completion/oracle.h"

#include <functional>
#include <vector>

namespace byok::bench {

std::string oracle_reply(std::string_view final_text, std::string_view doc, size_t cursor, std::string_view salt) {
  const size_t h = std::hash<std::string>{}(std::string(salt) + "#" + std::to_string(cursor));
  const bool on_track = cursor <= final_text.size() && doc.substr(0, cursor) == final_text.substr(0, cursor);
  if (on_track && static_cast<int>(h % 100) < kOracleAccuracyPercent) {
    size_t end = cursor;  // the rest of this line and the next two
    for (int i = 0; i < 3; ++i) {
      const size_t nl = final_text.find('\n', end);
      if (nl == std::string_view::npos) {
        end = final_text.size();
        break;
      }
      end = i < 2 ? nl + 1 : nl;
    }
    std::string reply(final_text.substr(cursor, end - cursor));
    return reply.empty() ? "\n" : reply;
  }
  // A real line of the file, in the wrong place.
  std::vector<std::string_view> lines;
  for (size_t at = 0; at < final_text.size();) {
    const size_t nl = final_text.find('\n', at);
    const auto line = final_text.substr(at, nl == std::string_view::npos ? std::string_view::npos : nl - at);
    if (line.find_first_not_of(" \t") != std::string_view::npos) lines.push_back(line);
    if (nl == std::string_view::npos) break;
    at = nl + 1;
  }
  if (lines.empty()) return "\n";
  const auto line = lines[(h / 100) % lines.size()];
  return std::string(line.substr(line.find_first_not_of(" \t"))) + "\n";
}

}  // namespace byok::bench
