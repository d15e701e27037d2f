#include "core/context/gather.h"

#include <map>
#include <sstream>

#include "core/util/files.h"
#include "core/util/subprocess.h"

namespace byok::context {
namespace fs = std::filesystem;

Result<LineRange> parse_line_range(const std::string& text) {
  auto bad = [&] {
    return Error::make(ErrorKind::Config, "--range: expected L1:L2 or L (1-based line numbers), got \"" + text + "\"");
  };
  try {
    size_t colon = text.find(':');
    size_t used = 0;
    LineRange r;
    r.first = std::stoi(text.substr(0, colon), &used);
    if (used != (colon == std::string::npos ? text.size() : colon)) return bad();
    r.last = r.first;
    if (colon != std::string::npos) {
      std::string rest = text.substr(colon + 1);
      r.last = std::stoi(rest, &used);
      if (used != rest.size()) return bad();
    }
    if (r.first < 1 || r.last < r.first) return bad();
    return r;
  } catch (const std::exception&) {
    return bad();
  }
}

std::string language_of(const fs::path& file) {
  static const std::map<std::string, std::string> by_ext{
      {".c", "c"},           {".h", "cpp"},       {".cc", "cpp"},     {".cpp", "cpp"},  {".hpp", "cpp"},
      {".cxx", "cpp"},       {".py", "python"},   {".js", "javascript"}, {".ts", "typescript"},
      {".tsx", "tsx"},       {".jsx", "jsx"},     {".go", "go"},      {".rs", "rust"},  {".java", "java"},
      {".kt", "kotlin"},     {".rb", "ruby"},     {".php", "php"},    {".cs", "csharp"}, {".swift", "swift"},
      {".lua", "lua"},       {".sh", "bash"},     {".md", "markdown"}, {".json", "json"}, {".yaml", "yaml"},
      {".yml", "yaml"},      {".toml", "toml"},   {".sql", "sql"},    {".html", "html"}, {".css", "css"},
      {".txt", "text"},      {".cmake", "cmake"}, {".vim", "vim"}};
  auto it = by_ext.find(file.extension().string());
  if (it != by_ext.end()) return it->second;
  if (file.filename() == "CMakeLists.txt") return "cmake";
  if (file.filename() == "Makefile") return "make";
  return "text";
}

Result<ContextItem> file_item(const fs::path& file, const std::string& shown_as) {
  auto text = files::read_file(file, 8u << 20);
  if (!text) return Error::make(ErrorKind::Io, "cannot read " + shown_as + ": " + text.error().message);
  return make_item("file", "file " + shown_as, std::move(*text));
}

Result<ContextItem> selection_item(const fs::path& file, const std::string& shown_as, LineRange range) {
  auto text = files::read_file(file, 8u << 20);
  if (!text) return Error::make(ErrorKind::Io, "cannot read " + shown_as + ": " + text.error().message);
  std::istringstream in(*text);
  std::string line, out;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (n >= range.first && n <= range.last) out += line + "\n";
  }
  if (range.first > n)
    return Error::make(ErrorKind::Config, "--range " + std::to_string(range.first) + ":" + std::to_string(range.last) +
                                              " starts after the end of " + shown_as + " (" + std::to_string(n) + " lines)");
  if (!out.empty()) out.pop_back();  // the template decides what follows the selection
  return make_item("selection",
                   "selection " + shown_as + ":" + std::to_string(range.first) + "-" + std::to_string(std::min(range.last, n)),
                   std::move(out));
}

Result<ContextItem> git_diff_item(const fs::path& root, bool staged) {
  SpawnOptions so;
  so.argv = {"git", "-C", root.string(), "diff", "--no-color", "--no-ext-diff"};
  if (staged) so.argv.push_back("--cached");
  // Only what git needs: children never see keys (core/util/subprocess.h).
  so.env = std::map<std::string, std::string>{{"PATH", "/usr/local/bin:/usr/bin:/bin"}, {"HOME", "/nonexistent"},
                                              {"GIT_CONFIG_NOSYSTEM", "1"}, {"LC_ALL", "C"}};
  auto r = run_program(so, "", std::chrono::seconds(20), 16u << 20);
  if (!r) return r.error();
  std::string what = staged ? "git diff (staged)" : "git diff (unstaged)";
  if (r->exit_code != 0) {
    std::string err = r->err.substr(0, r->err.find('\n'));
    return Error::make(ErrorKind::Io, what + " failed in " + root.string() + ": " + err);
  }
  if (r->out.empty())
    return Error::make(ErrorKind::Config, what + " is empty in " + root.string() + (staged ? " (stage changes with git add)" : ""));
  return make_item(staged ? "git_diff_staged" : "git_diff", what, std::move(r->out));
}

std::vector<std::string> at_paths(const std::string& text) {
  std::vector<std::string> out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '@' || (i > 0 && !std::isspace(static_cast<unsigned char>(text[i - 1])))) continue;
    size_t end = i + 1;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
    std::string p = text.substr(i + 1, end - i - 1);
    while (!p.empty() && std::string(",.:;)!?").find(p.back()) != std::string::npos) p.pop_back();
    if (!p.empty()) out.push_back(p);
    i = end;
  }
  return out;
}

Result<NamedFiles> named_files(const std::vector<std::string>& paths, const fs::path& root, const ExclusionRules& rules) {
  NamedFiles out;
  for (const auto& p : paths) {
    fs::path full = fs::path(p).is_absolute() ? fs::path(p) : root / p;
    std::error_code ec;
    if (!fs::is_regular_file(full, ec)) return Error::make(ErrorKind::Io, "@" + p + ": no such file");
    if (auto why = rules.reason(full))
      out.warnings.push_back("attaching " + p + " although it is normally excluded from context: " + *why +
                             " (named explicitly)");
    auto item = file_item(full, p);
    if (!item) return item.error();
    item->kind = "files";
    out.items.push_back(std::move(*item));
  }
  return out;
}

}  // namespace byok::context
