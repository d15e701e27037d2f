#include "core/context/editor_context.h"

#include <regex>
#include <sstream>

#include "core/config/project_config.h"

namespace byok::context {
namespace fs = std::filesystem;

std::string format_diagnostic(const Diagnostic& d, const std::string& file_shown) {
  const std::string& file = d.file.empty() ? file_shown : d.file;
  std::string out = (file.empty() ? "line " : file + ":") + std::to_string(d.line);
  if (d.column > 0) out += ":" + std::to_string(d.column);
  out += ": " + (d.severity.empty() ? std::string("error") : d.severity) + ": " + d.message;
  if (!d.source.empty()) out += " [" + d.source + "]";
  return out;
}

ContextItem diagnostics_item(const std::vector<Diagnostic>& all, const std::string& file_shown,
                             const std::optional<LineRange>& range) {
  std::string where = file_shown.empty() ? std::string("the buffer") : file_shown;
  if (range) where += ":" + std::to_string(range->first) + "-" + std::to_string(range->last);
  std::string lines;
  size_t count = 0;
  for (const auto& d : all) {
    int last = d.end_line > d.line ? d.end_line : d.line;
    if (range && (last < range->first || d.line > range->last)) continue;
    // A diagnostic's message may span lines (rustc, tsc); indent the rest so each stays one entry.
    std::string text = format_diagnostic(d, file_shown);
    for (size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 3)) text.insert(at + 1, "  ");
    lines += text + "\n";
    ++count;
  }
  std::string text = count == 0 ? "No diagnostics reported for " + where + ".\n"
                                 : "Diagnostics reported for " + where + ":\n" + lines;
  return make_item("diagnostics", "diagnostics " + where + " (" + std::to_string(count) + ")", std::move(text));
}

namespace {

bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  if (fs::equivalent(a, b, ec)) return true;
  return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

}  // namespace

Result<std::vector<Diagnostic>> parse_compiler_output(const std::string& text, const std::string& shown_as,
                                                     const fs::path& file, const fs::path& root) {
  // path:line[:col]: [severity:] message — the severity word is optional (Go vet, many linters omit it).
  static const std::regex line_re(
      R"(^([^:\s][^:]*):(\d+)(?::(\d+))?:\s*(?:(fatal error|error|warning|note|info|information|hint|help)\s*:\s*)?(.*\S)\s*$)");
  std::vector<Diagnostic> out;
  size_t recognised = 0;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::smatch m;
    if (!std::regex_match(line, m, line_re)) continue;
    ++recognised;
    fs::path p = m[1].str();
    if (p.is_relative()) p = root / p;
    if (!same_file(p, file)) continue;
    Diagnostic d;
    d.file = shown_as;
    try {
      d.line = std::stoi(m[2].str());
      d.column = m[3].matched ? std::stoi(m[3].str()) : 0;
    } catch (const std::exception&) {
      continue;  // a number too big for a line is not a diagnostic
    }
    std::string sev = m[4].matched ? m[4].str() : "error";
    if (sev == "fatal error") sev = "error";
    if (sev == "information") sev = "info";
    d.severity = sev;
    d.message = m[5].str();
    out.push_back(std::move(d));
  }
  if (recognised == 0)
    return Error::make(ErrorKind::Config, "--diagnostics " + shown_as +
                                              ": no line of the form path:line[:column]: severity: message");
  return out;
}

BufferItems buffer_items(const std::vector<OpenBuffer>& buffers, const std::optional<fs::path>& current,
                         const ExclusionRules& rules) {
  BufferItems out;
  for (const auto& b : buffers) {
    if (b.text.empty()) continue;
    if (b.path && current && same_file(*b.path, *current)) continue;
    std::optional<std::string> why;
    if (b.path) why = rules.reason(*b.path);
    if (!why && secret_file_name(fs::path(b.name).filename().string()))
      why = "looks like a secret file (" + fs::path(b.name).filename().string() + ")";
    // The editor's text may differ from the file on disk (unsaved): check what would be sent.
    if (!why && (content_looks_secret(b.text) || config::looks_like_key(b.text)))
      why = "content looks like an API key or private key";
    if (why) {
      out.notices.push_back("left out open buffer " + b.name + ": " + *why);
      continue;
    }
    out.items.push_back(make_item("buffers", "buffer " + b.name, b.text));
  }
  return out;
}

}  // namespace byok::context
