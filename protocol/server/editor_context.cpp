#include "protocol/server/editor_context.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "protocol/server/lsp_types.h"

namespace byok::server {
namespace fs = std::filesystem;

std::optional<fs::path> local_path(const std::string& uri_or_path) {
  if (uri_or_path.rfind("file://", 0) == 0) {
    std::string path = uri_or_path.substr(7);
    std::string decoded;
    for (size_t i = 0; i < path.size(); ++i) {
      if (path[i] == '%' && i + 2 < path.size() && std::isxdigit(static_cast<unsigned char>(path[i + 1])) &&
          std::isxdigit(static_cast<unsigned char>(path[i + 2]))) {
        decoded += static_cast<char>(std::stoi(path.substr(i + 1, 2), nullptr, 16));
        i += 2;
      } else {
        decoded += path[i];
      }
    }
    return fs::path(decoded);
  }
  if (uri_or_path.find("://") != std::string::npos || uri_or_path.rfind("untitled:", 0) == 0) return std::nullopt;
  return fs::path(uri_or_path);
}

std::string shown_path(const fs::path& file, const fs::path& root) {
  auto rel = file.lexically_relative(root);
  return rel.empty() || *rel.begin() == ".." ? file.string() : rel.generic_string();
}

context::LineRange line_range(const docs::Range& r) {
  // Lines past INT_MAX exist in no editor; clamp rather than overflow.
  auto one_based = [](int64_t line) { return std::min<int64_t>(line, INT32_MAX - 1) + 1; };
  int64_t first = one_based(r.start.line);
  int64_t last = one_based(r.end.line);
  if (r.end.character == 0 && r.end.line > r.start.line) --last;
  if (last < first) last = first;
  return {static_cast<int>(first), static_cast<int>(last)};
}

std::optional<std::vector<context::Diagnostic>> read_diagnostics(rpc::Params& p, const std::string& key) {
  if (!p.raw(key)) return std::nullopt;
  static const char* kSeverity[] = {"error", "error", "warning", "info", "hint"};  // LSP: 1..4
  std::vector<context::Diagnostic> out;
  for (auto& d : p.opt_object_array(key)) {
    docs::Range r = read_range(d.object("range"));
    context::Diagnostic diag;
    diag.message = d.string("message");
    diag.source = d.opt_string("source").value_or("");
    int64_t severity = d.opt_integer("severity", 1).value_or(1);
    if (severity > 4) d.fail("severity", "expected 1 (error) to 4 (hint), got " + std::to_string(severity));
    if (!p.ok()) return std::nullopt;
    diag.severity = kSeverity[severity];
    auto lines = line_range(r);
    diag.line = lines.first;
    diag.column = static_cast<int>(std::min<int64_t>(r.start.character, INT32_MAX - 1) + 1);
    diag.end_line = lines.last;
    out.push_back(std::move(diag));
  }
  if (!p.ok()) return std::nullopt;
  return out;
}

std::optional<std::vector<context::OpenBuffer>> read_buffers(rpc::Params& p, const std::string& key, const fs::path& root) {
  if (!p.raw(key)) return std::nullopt;
  std::vector<context::OpenBuffer> out;
  for (auto& b : p.opt_object_array(key)) {
    context::OpenBuffer buf;
    buf.name = b.string("name");
    buf.text = b.string("text");
    if (auto uri = b.opt_string("uri")) {
      if (auto path = local_path(*uri)) {
        std::error_code ec;
        buf.path = fs::absolute(*path, ec);
        if (buf.name.empty()) buf.name = shown_path(*buf.path, root);
      }
    }
    if (!p.ok()) return std::nullopt;
    out.push_back(std::move(buf));
  }
  if (!p.ok()) return std::nullopt;
  return out;
}

std::vector<context::OpenBuffer> open_buffers(const docs::DocumentStore& documents, const fs::path& root) {
  std::vector<context::OpenBuffer> out;
  documents.for_each([&](const std::string& uri, const docs::Document& doc) {
    context::OpenBuffer buf;
    if (auto path = local_path(uri)) {
      std::error_code ec;
      buf.path = fs::absolute(*path, ec);
      buf.name = shown_path(*buf.path, root);
    } else {
      buf.name = uri;
    }
    buf.text = doc.text();
    out.push_back(std::move(buf));
  });
  return out;
}

nlohmann::json context_items_json(const std::vector<context::ContextItem>& items) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& i : items) out.push_back({{"kind", i.kind}, {"label", i.label}, {"tokens", i.tokens}, {"trimmed", i.trimmed}});
  return out;
}

nlohmann::json context_notification(nlohmann::json base, const std::vector<context::ContextItem>& items,
                                    const std::vector<std::string>& notices, const std::vector<std::string>& warnings) {
  int64_t tokens = 0;
  for (const auto& i : items) tokens += i.tokens;
  base["items"] = context_items_json(items);
  base["tokens"] = tokens;
  base["notices"] = notices;
  base["warnings"] = warnings;
  return base;
}

}  // namespace byok::server
