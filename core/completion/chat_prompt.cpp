#include "core/completion/chat_prompt.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace byok::completion {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// A line a model says to the user rather than code.
bool is_chatter(std::string_view line) {
  const auto l = lower(line);
  static constexpr std::array<std::string_view, 9> kOpeners{"here is", "here's", "sure", "certainly", "the completion",
                                                            "the missing", "completion:", "this completes", "okay"};
  // Prose ends like prose; "sure_thing();" is code.
  const auto end = l.find_last_not_of(" \t\r");
  if (end == std::string::npos) return false;
  const char last = l[end];
  const bool prose_end = last == ':' || last == '.' || last == '!' || l.find(", ") != std::string::npos;
  for (auto o : kOpeners)
    if (l.rfind(o, 0) == 0 && prose_end) return true;
  return false;
}

}  // namespace

llm::ChatRequest build_chat_prompt(const ChatPromptInput& in) {
  const auto& w = *in.windows;
  const std::string language = in.language_id.empty() ? "source" : std::string(in.language_id);
  llm::ChatRequest req;
  req.system =
      "You are a code completion engine inside an editor. You receive a " + language +
      " file in which " + std::string(kCursorMarker) +
      " marks the cursor. Reply with exactly the text to insert at the cursor and nothing else: no explanation, "
      "no markdown, no code fences, and do not repeat any code that is already before or after the cursor. " +
      (in.mode == Mode::SingleLine ? "Complete only the rest of the current line."
                                   : "Complete the current block or statement; stop where it ends.") +
      " Keep the file's indentation. If nothing should be inserted, reply with an empty message.";
  std::string user;
  for (const auto& n : w.neighbours) user += "Context from " + n.path + ":\n" + n.text + "\n\n";
  user += "File" + (in.path.empty() ? std::string() : " " + std::string(in.path)) + ":\n";
  user += w.prefix;
  user += kCursorMarker;
  user += w.suffix;
  req.messages.push_back({llm::Role::User, std::move(user)});
  return req;
}

std::string strip_chat_reply(std::string_view reply) {
  std::string text;
  const size_t fence = reply.find("```");
  if (fence != std::string_view::npos) {
    const size_t body = reply.find('\n', fence);  // skip the info string ("```python")
    if (body == std::string_view::npos) return {};
    const size_t close = reply.find("```", body + 1);
    text = std::string(reply.substr(body + 1, close == std::string_view::npos ? std::string_view::npos : close - body - 1));
    if (!text.empty() && text.back() == '\n') text.pop_back();
  } else {
    text = std::string(reply);
    // Drop chatter lines at the start.
    while (true) {
      const size_t nl = text.find('\n');
      const std::string_view first = std::string_view(text).substr(0, nl);
      if (!is_chatter(first) || nl == std::string::npos) {
        if (is_chatter(first) && nl == std::string::npos) text.clear();
        break;
      }
      text.erase(0, nl + 1);
    }
  }
  for (size_t at; (at = text.find(kCursorMarker)) != std::string::npos;) text.erase(at, kCursorMarker.size());
  return text;
}

}  // namespace byok::completion
