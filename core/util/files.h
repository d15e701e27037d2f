// Private files done right, for everything byok keeps on disk (key vault, config, conversation database):
// directories created 0700, files created 0600, and writes that are atomic (temp file, fsync, rename,
// fsync of the directory) so a crash or a full disk leaves either the old file or the new one, never half.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/util/result.h"

namespace byok::files {

// Creates `dir` (and missing parents, each 0700) and makes sure `dir` itself is 0700, tightening it when
// it was group/world accessible. Parents that already exist are left alone: they are not ours.
Status ensure_private_dir(const std::filesystem::path& dir);

// Replaces `file` with `bytes` atomically; the result is 0600 whatever umask says. The parent directory
// must exist (call ensure_private_dir first). On any failure the old file is untouched and no temp
// file is left behind.
Status atomic_write_private(const std::filesystem::path& file, std::string_view bytes);

// Reads a whole file; the error names the file and the reason.
Result<std::string> read_file(const std::filesystem::path& file, size_t max_bytes = 64u << 20);

// Permission bits of an existing file or directory (e.g. 0600); an error when it cannot be inspected.
Result<unsigned> mode_of(const std::filesystem::path& path);

}  // namespace byok::files
