// The one piece of global mutable state allowed: a leveled logger writing to stderr or a file.
// Never pass key material here; Secret prints redacted, and the HTTP seam redacts auth headers.
#pragma once

#include <string_view>

namespace byok::log {

enum class Level { Debug = 0, Info, Warn, Error, Off };

void set_level(Level level);
Level level();
// Where log lines go: stderr by default; a path appends to that file (created 0600).
void set_file(const std::string_view path);
void write(Level level, std::string_view message);

inline void debug(std::string_view m) { if (level() <= Level::Debug) write(Level::Debug, m); }
inline void info(std::string_view m) { if (level() <= Level::Info) write(Level::Info, m); }
inline void warn(std::string_view m) { if (level() <= Level::Warn) write(Level::Warn, m); }
inline void error(std::string_view m) { if (level() <= Level::Error) write(Level::Error, m); }

}  // namespace byok::log
