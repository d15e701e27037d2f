#include "core/util/terminal.h"

#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace byok::terminal {
namespace {
// Restores the saved terminal settings when the prompt ends, however it ends.
class RawModeGuard {
 public:
  explicit RawModeGuard(const termios& saved) : saved_(saved) {}
  RawModeGuard(const RawModeGuard&) = delete;
  RawModeGuard& operator=(const RawModeGuard&) = delete;
  ~RawModeGuard() { ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_); }

 private:
  termios saved_;
};

void write_stderr(const std::string& s) {
  size_t off = 0;
  while (off < s.size()) {
    ssize_t n = ::write(STDERR_FILENO, s.data() + off, s.size() - off);
    if (n <= 0 && errno != EINTR) return;
    if (n > 0) off += static_cast<size_t>(n);
  }
}
}  // namespace

bool is_terminal(int fd) { return ::isatty(fd) == 1; }

Result<Secret> read_hidden_line(const std::string& prompt) {
  if (!is_terminal(STDIN_FILENO)) return Error::make(ErrorKind::Io, "stdin is not a terminal");
  termios saved{};
  if (::tcgetattr(STDIN_FILENO, &saved) != 0)
    return Error::make(ErrorKind::Io, std::string("cannot read terminal settings: ") + std::strerror(errno));
  // Non-canonical, no echo, no signals: we see Ctrl-C as a byte and cancel cleanly ourselves.
  termios raw = saved;
  raw.c_lflag &= ~static_cast<tcflag_t>(ECHO | ECHONL | ICANON | ISIG);
  raw.c_cc[VMIN] = 1;
  raw.c_cc[VTIME] = 0;
  write_stderr(prompt);
  if (::tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) != 0)
    return Error::make(ErrorKind::Io, std::string("cannot turn off echo: ") + std::strerror(errno));
  RawModeGuard guard(saved);
  std::string line;
  for (;;) {
    char c = 0;
    ssize_t n = ::read(STDIN_FILENO, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || c == 0x03 || (c == 0x04 && line.empty())) {
      secure_wipe(line);
      write_stderr("\n");
      return Error::make(ErrorKind::Cancelled, "cancelled at the prompt");
    }
    if (c == '\r' || c == '\n') break;
    if (c == 0x7f || c == 0x08) {
      if (!line.empty()) line.pop_back();
      continue;
    }
    if (c == 0x15) {  // Ctrl-U: start over
      secure_wipe(line);
      continue;
    }
    line.push_back(c);
  }
  write_stderr("\n");
  Secret s(line);
  secure_wipe(line);
  return s;
}

}  // namespace byok::terminal
