// Context only an editor knows: the diagnostics it shows (from its language servers and linters) and the
// other buffers it has open. Hosts hand them over; this turns them into context items. Diagnostics are
// kept to those overlapping the selection; open buffers are attached implicitly, so a buffer the exclusion
// rules forbid (a .env, a .byokignore'd or git-ignored file, content that looks like a key) is left out and
// the user is told.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/context/context_item.h"
#include "core/context/exclusion.h"
#include "core/context/gather.h"
#include "core/util/result.h"

namespace byok::context {

struct Diagnostic {
  std::string file;           // as shown to the user; empty: the current file
  int line = 1, column = 0;   // 1-based; column 0 = unknown
  int end_line = 0;           // 0 = same as line
  std::string severity;       // "error", "warning", "info", "hint"
  std::string message, source;
};

// "src/a.c:4:5: error: expected ';' [clang]" ("line 4:5: …" when the buffer has no name)
std::string format_diagnostic(const Diagnostic& d, const std::string& file_shown);

// One "diagnostics" item for `file_shown`: those overlapping `range` (all when there is none), or a line
// saying there are none, so a prompt never silently lacks what the user thinks it has.
ContextItem diagnostics_item(const std::vector<Diagnostic>& all, const std::string& file_shown,
                             const std::optional<LineRange>& range);

// Compiler or linter output (`path:line[:col]: [severity:] message`, as GCC, Clang, rustc --short, Go vet,
// ESLint's unix format and most tools print) → the diagnostics about `file` (paths relative to `root`).
// Lines of another shape (code excerpts, carets, summaries) are skipped; output with no diagnostic line at
// all is an error naming `shown_as`, so a wrong file is not taken for "no problems".
Result<std::vector<Diagnostic>> parse_compiler_output(const std::string& text, const std::string& shown_as,
                                                     const std::filesystem::path& file,
                                                     const std::filesystem::path& root);

struct OpenBuffer {
  std::string name;                          // as shown (relative path, or the editor's name for it)
  std::optional<std::filesystem::path> path; // on disk, when it is a file
  std::string text;                          // the editor's text (may be unsaved)
};

struct BufferItems {
  std::vector<ContextItem> items;    // kind "buffers", label "buffer NAME"
  std::vector<std::string> notices;  // "left out open buffer .env: looks like a secret file (.env)"
};

// The open buffers other than `current` (the file already attached as file/selection), each as an item;
// empty buffers are skipped.
BufferItems buffer_items(const std::vector<OpenBuffer>& buffers, const std::optional<std::filesystem::path>& current,
                         const ExclusionRules& rules);

}  // namespace byok::context
