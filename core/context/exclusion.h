// Which files may be attached as context. Files ignored by git (`git check-ignore`), matching a
// `.byokignore` pattern (gitignore-style globs, in the project root), or looking like secrets (`.env*`,
// `*.pem`, `*.key`, `id_rsa*`, …, or content holding something that looks like a key) are never attached
// implicitly; a file the user names explicitly is attached, with a warning saying why it is sensitive.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace byok::context {

class ExclusionRules {
 public:
  // `root`: the project root (where .byokignore and the git work tree are); patterns are read once.
  explicit ExclusionRules(std::filesystem::path root);

  // Why `file` must not be attached implicitly ("matches .byokignore pattern \"secrets/\"", "ignored by
  // .gitignore", "looks like a secret file (.env)", "content looks like an API key"); nullopt if it may be.
  std::optional<std::string> reason(const std::filesystem::path& file) const;

  const std::vector<std::string>& byokignore_patterns() const { return patterns_; }

 private:
  std::optional<std::string> byokignore_reason(const std::filesystem::path& rel) const;
  bool git_ignored(const std::filesystem::path& file) const;
  std::filesystem::path root_;
  std::vector<std::string> patterns_;
};

// By name alone: .env, .env.*, *.pem, *.key, *.p12, *.pfx, id_rsa*, id_ed25519*, id_ecdsa*, .netrc, .npmrc…
bool secret_file_name(const std::string& filename);
// Content holding something shaped like a key (sk-…, AKIA…, a PEM private key block, ghp_…).
bool content_looks_secret(const std::string& text);

}  // namespace byok::context
