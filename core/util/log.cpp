#include "core/util/log.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <string>

namespace byok::log {
namespace {
std::atomic<Level> g_level{Level::Warn};
std::mutex g_mu;
int g_fd = STDERR_FILENO;

const char* name(Level l) {
  switch (l) {
    case Level::Debug: return "debug";
    case Level::Info: return "info";
    case Level::Warn: return "warn";
    case Level::Error: return "error";
    default: return "";
  }
}
}  // namespace

void set_level(Level l) { g_level = l; }
Level level() { return g_level; }

void set_file(std::string_view path) {
  std::lock_guard lock(g_mu);
  int fd = ::open(std::string(path).c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return;
  if (g_fd != STDERR_FILENO) ::close(g_fd);
  g_fd = fd;
}

void write(Level l, std::string_view message) {
  if (l < g_level.load()) return;
  std::string line = "byok[";
  line += name(l);
  line += "] ";
  line += message;
  line += '\n';
  std::lock_guard lock(g_mu);
  ssize_t off = 0;
  while (off < static_cast<ssize_t>(line.size())) {
    ssize_t n = ::write(g_fd, line.data() + off, line.size() - off);
    if (n <= 0) break;
    off += n;
  }
}

}  // namespace byok::log
