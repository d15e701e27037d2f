#include "core/context/exclusion.h"

#include <fnmatch.h>

#include <fstream>
#include <cctype>

#include "core/config/project_config.h"
#include "core/util/subprocess.h"

namespace byok::context {
namespace fs = std::filesystem;

bool secret_file_name(const std::string& name) {
  static const char* globs[] = {".env",     ".env.*",     "*.env",   "*.pem",     "*.key",      "*.p12",
                                "*.pfx",    "id_rsa*",    "id_dsa*", "id_ecdsa*", "id_ed25519*", ".netrc",
                                ".npmrc",   ".pypirc",    "*.keystore", "credentials", "credentials.json",
                                "secrets.*"};
  for (const char* g : globs)
    if (::fnmatch(g, name.c_str(), 0) == 0) return true;
  return false;
}

namespace {

bool key_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }

// True when `prefix` occurs in `text` followed by at least `min_len` key characters (and, for
// word-like prefixes, not preceded by a key character). A plain scan: std::regex recurses per
// character and can overflow the stack on long base64 lines.
bool has_token(const std::string& text, const std::string& prefix, size_t min_len, bool upper_alnum_only = false) {
  for (size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at + 1)) {
    if (at > 0 && key_char(text[at - 1])) continue;
    size_t n = 0;
    for (size_t i = at + prefix.size(); i < text.size(); ++i, ++n) {
      char c = text[i];
      bool ok = upper_alnum_only ? (std::isdigit(static_cast<unsigned char>(c)) || (c >= 'A' && c <= 'Z')) : key_char(c);
      if (!ok) break;
    }
    if (n >= min_len) return true;
  }
  return false;
}

}  // namespace

bool content_looks_secret(const std::string& text) {
  // Shapes of real keys, long enough that prose and code rarely match by accident.
  if (text.find("PRIVATE KEY-----") != std::string::npos && text.find("-----BEGIN ") != std::string::npos) return true;
  return has_token(text, "sk-", 20) || has_token(text, "AKIA", 16, true) || has_token(text, "ghp_", 30) ||
         has_token(text, "gho_", 30) || has_token(text, "ghs_", 30) || has_token(text, "github_pat_", 30) ||
         has_token(text, "AIza", 35) || has_token(text, "xoxb-", 10) || has_token(text, "xoxp-", 10);
}

ExclusionRules::ExclusionRules(fs::path root) : root_(std::move(root)) {
  std::ifstream in(root_ / ".byokignore");
  for (std::string line; std::getline(in, line);) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    patterns_.push_back(line);
  }
}

std::optional<std::string> ExclusionRules::byokignore_reason(const fs::path& rel) const {
  const std::string path = rel.generic_string();
  for (const auto& p : patterns_) {
    std::string pat = p;
    bool dir_only = pat.size() > 1 && pat.back() == '/';
    if (dir_only) pat.pop_back();
    bool anchored = pat.find('/') != std::string::npos;
    if (!pat.empty() && pat[0] == '/') pat.erase(0, 1);
    // Match the whole path (anchored patterns) or any component / trailing part of it (bare names).
    std::vector<std::string> candidates;
    if (anchored) {
      candidates.push_back(path);
    } else {
      for (const auto& part : rel) candidates.push_back(part.string());
    }
    // A directory pattern also covers everything below the directory.
    fs::path prefix;
    for (const auto& part : rel) {
      prefix /= part;
      if (anchored) candidates.push_back(prefix.generic_string());
    }
    if (dir_only && !anchored) candidates.pop_back();  // the file's own name is not a directory
    for (const auto& c : candidates)
      if (::fnmatch(pat.c_str(), c.c_str(), FNM_PATHNAME) == 0) return "matches .byokignore pattern \"" + p + "\"";
  }
  return std::nullopt;
}

bool ExclusionRules::git_ignored(const fs::path& file) const {
  SpawnOptions so;
  so.argv = {"git", "-C", root_.string(), "check-ignore", "-q", "--", file.string()};
  so.env = std::map<std::string, std::string>{{"PATH", "/usr/local/bin:/usr/bin:/bin"}, {"HOME", "/nonexistent"}};
  auto r = run_program(so, "", std::chrono::seconds(5));
  return r.ok() && r->exit_code == 0;  // 1: not ignored; 128: not a repository (nothing to say)
}

std::optional<std::string> ExclusionRules::reason(const fs::path& file) const {
  std::error_code ec;
  fs::path abs = fs::weakly_canonical(file, ec);
  fs::path root = fs::weakly_canonical(root_, ec);
  fs::path rel = abs.lexically_relative(root);
  bool inside = !rel.empty() && *rel.begin() != "..";
  if (secret_file_name(abs.filename().string())) return "looks like a secret file (" + abs.filename().string() + ")";
  if (inside) {
    if (auto r = byokignore_reason(rel)) return r;
    if (git_ignored(abs)) return std::string("ignored by .gitignore");
  }
  std::ifstream in(abs, std::ios::binary);
  std::string head(64 * 1024, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  if (content_looks_secret(head) || config::looks_like_key(head)) return std::string("content looks like an API key or private key");
  return std::nullopt;
}

}  // namespace byok::context
