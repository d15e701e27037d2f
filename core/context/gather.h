// Collecting context items from the workspace: a file, a range of its lines (the selection), files named
// with `@path` in a prompt, and git diffs (git run without a shell, core/util/subprocess.h).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/context/context_item.h"
#include "core/context/exclusion.h"
#include "core/util/result.h"

namespace byok::context {

struct LineRange {
  int first = 1, last = 1;  // 1-based, inclusive
};
// "3:9" or "7" → LineRange; errors name the bad text.
Result<LineRange> parse_line_range(const std::string& text);

// The language tag used in prompts and code fences, from the file's extension ("cpp", "python", …; "text").
std::string language_of(const std::filesystem::path& file);

Result<ContextItem> file_item(const std::filesystem::path& file, const std::string& shown_as);
Result<ContextItem> selection_item(const std::filesystem::path& file, const std::string& shown_as, LineRange range);

// `git diff` (unstaged) or `git diff --cached` (staged) in `root`; errors when `root` is not a repository.
Result<ContextItem> git_diff_item(const std::filesystem::path& root, bool staged);

// The `@path` words in a text (an @ at the start or after whitespace, up to the next whitespace; a
// trailing , . : ; ) is not part of the path).
std::vector<std::string> at_paths(const std::string& text);

struct NamedFiles {
  std::vector<ContextItem> items;
  std::vector<std::string> warnings;  // "attaching .env although it looks like a secret file (named explicitly)"
};
// Attaches each `@path` (relative to `root`). Named explicitly, so excluded files are attached with a
// warning rather than refused; a missing file is an error naming it.
Result<NamedFiles> named_files(const std::vector<std::string>& paths, const std::filesystem::path& root,
                               const ExclusionRules& rules);

}  // namespace byok::context
