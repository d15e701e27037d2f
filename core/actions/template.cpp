#include "core/actions/template.h"

#include <algorithm>

namespace byok::actions {

const std::vector<std::string>& placeholder_names() {
  static const std::vector<std::string> names{"selection", "file",      "filename",        "language",  "input",
                                              "diagnostics", "git_diff", "git_diff_staged", "clipboard", "files",
                                              "buffers"};
  return names;
}

namespace {

bool is_known(const std::string& name) {
  const auto& n = placeholder_names();
  return std::find(n.begin(), n.end(), name) != n.end();
}

std::string known_list() {
  std::string s;
  for (const auto& n : placeholder_names()) s += (s.empty() ? "{{" : ", {{") + n + "}}";
  return s;
}

// What to tell the user when a placeholder has no value.
std::string how_to_provide(const std::string& name) {
  if (name == "selection") return "a selection (--file F --range L1:L2, or select text in the editor)";
  if (name == "file" || name == "filename" || name == "language") return "a file (--file F)";
  if (name == "input") return "input text (--input TEXT)";
  if (name == "diagnostics") return "diagnostics (from the editor, or --diagnostics FILE)";
  if (name == "buffers") return "open buffers (from the editor)";
  if (name == "clipboard") return "the clipboard (from the editor)";
  if (name == "files") return "named files (@path in the input)";
  return "a git diff (run inside a git repository)";
}

struct Token {
  size_t begin, end;  // the whole "{{name}}"
  std::string name;
};

Result<std::vector<Token>> scan(const std::string& tmpl) {
  std::vector<Token> out;
  size_t pos = 0;
  while ((pos = tmpl.find("{{", pos)) != std::string::npos) {
    size_t close = tmpl.find("}}", pos + 2);
    if (close == std::string::npos)
      return Error::make(ErrorKind::Config, "unclosed placeholder at byte " + std::to_string(pos) + " (\"{{\" without \"}}\")");
    std::string name = tmpl.substr(pos + 2, close - pos - 2);
    // Tolerate {{ name }} as people write it.
    auto first = name.find_first_not_of(' '), last = name.find_last_not_of(' ');
    name = first == std::string::npos ? "" : name.substr(first, last - first + 1);
    if (!is_known(name))
      return Error::make(ErrorKind::Config, "unknown placeholder {{" + name + "}} (known: " + known_list() + ")");
    out.push_back({pos, close + 2, name});
    pos = close + 2;
  }
  return out;
}

}  // namespace

Result<std::vector<std::string>> template_placeholders(const std::string& tmpl) {
  auto tokens = scan(tmpl);
  if (!tokens) return tokens.error();
  std::vector<std::string> names;
  for (const auto& t : *tokens)
    if (std::find(names.begin(), names.end(), t.name) == names.end()) names.push_back(t.name);
  return names;
}

Result<std::string> render_template(const std::string& tmpl, const std::map<std::string, std::string>& values) {
  auto tokens = scan(tmpl);
  if (!tokens) return tokens.error();
  std::string out;
  size_t at = 0;
  for (const auto& t : *tokens) {
    auto it = values.find(t.name);
    if (it == values.end())
      return Error::make(ErrorKind::Config, "{{" + t.name + "}} needs " + how_to_provide(t.name));
    out.append(tmpl, at, t.begin - at);
    out += it->second;
    at = t.end;
  }
  out.append(tmpl, at, std::string::npos);
  return out;
}

}  // namespace byok::actions
