#include "tests/keys/pty.h"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

namespace byok::test {
namespace {
void write_all(int fd, const std::string& s) {
  size_t off = 0;
  while (off < s.size()) {
    ssize_t n = ::write(fd, s.data() + off, s.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    off += static_cast<size_t>(n);
  }
}
}  // namespace

PtyRun run_in_pty(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                  const std::vector<PtyStep>& steps, const std::optional<std::string>& piped_stdin,
                  std::chrono::milliseconds timeout) {
  // Everything the child needs is prepared before fork: after it, only async-signal-safe calls.
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  std::vector<char*> cargv, cenv;
  std::vector<std::string> args = argv;
  for (auto& a : args) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  for (auto& e : env_strings) cenv.push_back(e.data());
  cenv.push_back(nullptr);
  int in_pipe[2] = {-1, -1};
  if (piped_stdin && ::pipe2(in_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");

  int master = -1;
  pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
  if (pid < 0) throw std::runtime_error("forkpty failed");
  if (pid == 0) {
    if (piped_stdin) ::dup2(in_pipe[0], STDIN_FILENO);  // dup2 clears O_CLOEXEC on the copy
    ::execve(cargv[0], cargv.data(), cenv.data());
    ::_exit(127);
  }
  if (piped_stdin) {
    ::close(in_pipe[0]);
    write_all(in_pipe[1], *piped_stdin);
    ::close(in_pipe[1]);
  }

  PtyRun run;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  size_t step = 0, searched_from = 0;
  bool open = true;
  while (open && std::chrono::steady_clock::now() < deadline) {
    while (step < steps.size()) {
      auto at = run.transcript.find(steps[step].expect, searched_from);
      if (at == std::string::npos) break;
      searched_from = at + steps[step].expect.size();
      write_all(master, steps[step].send);
      ++step;
    }
    pollfd p{master, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    char buf[4096];
    ssize_t n = ::read(master, buf, sizeof buf);
    if (n > 0) run.transcript.append(buf, static_cast<size_t>(n));
    else if (n < 0 && errno == EINTR) continue;
    else open = false;  // EIO: every holder of the terminal's other side has closed it
  }
  run.steps_done = step == steps.size();
  int status = 0;
  if (open) ::kill(pid, SIGKILL);
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  ::close(master);
  if (!open) run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

}  // namespace byok::test
