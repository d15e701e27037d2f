#include "core/util/terminal.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace byok::terminal {
namespace {
// Restores the saved terminal settings when the prompt ends, however it ends.
class RawModeGuard {
 public:
  RawModeGuard(int fd, const termios& saved) : fd_(fd), saved_(saved) {}
  RawModeGuard(const RawModeGuard&) = delete;
  RawModeGuard& operator=(const RawModeGuard&) = delete;
  ~RawModeGuard() { ::tcsetattr(fd_, TCSAFLUSH, &saved_); }

 private:
  int fd_;
  termios saved_;
};

// The terminal to ask on: stdin and stderr, or the controlling terminal opened for both.
class PromptFds {
 public:
  PromptFds() {
    if (is_terminal(STDIN_FILENO)) {
      in_ = STDIN_FILENO;
      out_ = STDERR_FILENO;
    } else if ((owned_ = ::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)) >= 0) {
      in_ = out_ = owned_;
    }
  }
  ~PromptFds() {
    if (owned_ >= 0) ::close(owned_);
  }
  PromptFds(const PromptFds&) = delete;
  PromptFds& operator=(const PromptFds&) = delete;
  int in() const { return in_; }
  int out() const { return out_; }

 private:
  int in_ = -1, out_ = -1, owned_ = -1;
};

void write_all(int fd, const std::string& s) {
  size_t off = 0;
  while (off < s.size()) {
    ssize_t n = ::write(fd, s.data() + off, s.size() - off);
    if (n <= 0 && errno != EINTR) return;
    if (n > 0) off += static_cast<size_t>(n);
  }
}
}  // namespace

bool is_terminal(int fd) { return ::isatty(fd) == 1; }

bool can_prompt() { return PromptFds().in() >= 0; }

Result<Secret> read_hidden_line(const std::string& prompt) {
  PromptFds fds;
  if (fds.in() < 0) return Error::make(ErrorKind::Io, "no terminal to ask on (stdin is not one and there is no /dev/tty)");
  const int in = fds.in();
  termios saved{};
  if (::tcgetattr(in, &saved) != 0)
    return Error::make(ErrorKind::Io, std::string("cannot read terminal settings: ") + std::strerror(errno));
  // Non-canonical, no echo, no signals: we see Ctrl-C as a byte and cancel cleanly ourselves. Echo goes
  // off before the prompt appears, so whatever is typed in answer to it is never shown.
  termios raw = saved;
  raw.c_lflag &= ~static_cast<tcflag_t>(ECHO | ECHONL | ICANON | ISIG);
  raw.c_cc[VMIN] = 1;
  raw.c_cc[VTIME] = 0;
  if (::tcsetattr(in, TCSAFLUSH, &raw) != 0)
    return Error::make(ErrorKind::Io, std::string("cannot turn off echo: ") + std::strerror(errno));
  RawModeGuard guard(in, saved);
  write_all(fds.out(), prompt);
  std::string line;
  for (;;) {
    char c = 0;
    ssize_t n = ::read(in, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || c == 0x03 || (c == 0x04 && line.empty())) {
      secure_wipe(line);
      write_all(fds.out(), "\n");
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
  write_all(fds.out(), "\n");
  Secret s(line);
  secure_wipe(line);
  return s;
}

}  // namespace byok::terminal
