#include "core/completion/mode.h"

#include <array>

namespace byok::completion {
namespace {

bool is_blank(std::string_view s) { return s.find_first_not_of(" \t\r") == std::string_view::npos; }

std::string_view trim_right(std::string_view s) {
  const size_t end = s.find_last_not_of(" \t\r");
  return end == std::string_view::npos ? std::string_view{} : s.substr(0, end + 1);
}

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// Does this line open a block whose body comes on the following lines?
bool opens_block(std::string_view line) {
  line = trim_right(line);
  if (line.empty()) return false;
  static constexpr std::array<std::string_view, 8> kOpeners{"{", ":", "(", "[", "=>", " do", " then", "->"};
  for (auto o : kOpeners)
    if (ends_with(line, o)) return true;
  return line == "do" || line == "then";
}

// The last line of `prefix` before the cursor's own line that has any text.
std::string_view previous_nonblank_line(std::string_view prefix) {
  size_t end = prefix.rfind('\n');
  while (end != std::string_view::npos && end > 0) {
    const size_t start = prefix.rfind('\n', end - 1);
    const size_t from = start == std::string_view::npos ? 0 : start + 1;
    auto line = prefix.substr(from, end - from);
    if (!is_blank(line)) return line;
    if (start == std::string_view::npos) break;
    end = start;
  }
  return {};
}

}  // namespace

std::string_view line_before_cursor(std::string_view prefix) {
  const size_t nl = prefix.rfind('\n');
  return nl == std::string_view::npos ? prefix : prefix.substr(nl + 1);
}

std::string_view line_after_cursor(std::string_view suffix) {
  const size_t nl = suffix.find('\n');
  return nl == std::string_view::npos ? suffix : suffix.substr(0, nl);
}

ModeDecision decide_mode(std::string_view prefix, std::string_view suffix, Trigger trigger, const Options& options) {
  const auto before = line_before_cursor(prefix);
  const auto after = line_after_cursor(suffix);
  bool multi = false;
  if (is_blank(after)) {
    switch (options.multiline) {
      case MultilinePolicy::Never: break;
      case MultilinePolicy::Always: multi = true; break;
      case MultilinePolicy::Auto:
        if (is_blank(before)) multi = opens_block(previous_nonblank_line(prefix)) || trigger == Trigger::Invoked;
        else multi = opens_block(before);
        break;
    }
  }
  ModeDecision d;
  d.mode = multi ? Mode::MultiLine : Mode::SingleLine;
  d.stops = multi ? std::vector<std::string>{"\n\n"} : std::vector<std::string>{"\n"};
  d.max_tokens = multi ? options.max_tokens_multi : options.max_tokens_single;
  return d;
}

}  // namespace byok::completion
