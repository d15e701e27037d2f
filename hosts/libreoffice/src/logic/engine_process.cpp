#include "logic/engine_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

extern char** environ;

namespace byok::lo {

std::string EngineCommand::describe() const {
  std::string out = program;
  for (const auto& a : args) out += " " + a;
  return out;
}

namespace {

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// Closes both ends of whatever was created so far when start() bails out half way.
struct FdPairs {
  int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1};
  ~FdPairs() {
    for (int* p : {in, out, err})
      for (int i = 0; i < 2; ++i) close_fd(p[i]);
  }
};

}  // namespace

std::unique_ptr<EngineProcess> EngineProcess::start(const EngineCommand& command, std::string& error) {
  FdPairs fds;
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds.in) != 0 ||
      ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds.out) != 0 || ::pipe2(fds.err, O_CLOEXEC) != 0) {
    error = std::string("cannot create pipes for the engine: ") + std::strerror(errno);
    return nullptr;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds.in[1], 0);
  posix_spawn_file_actions_adddup2(&actions, fds.out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, fds.err[1], 2);
  // The office has many descriptors open without CLOEXEC (documents, sockets); the engine gets none of them.
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // The office may block or ignore signals; the engine starts with defaults so that SIGTERM works.
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<std::string> argv_strings;
  argv_strings.push_back(command.program);
  argv_strings.insert(argv_strings.end(), command.args.begin(), command.args.end());
  std::vector<char*> argv;
  for (auto& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);

  pid_t pid = -1;
  const int rc = ::posix_spawnp(&pid, command.program.c_str(), &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    error = "cannot start " + command.program + ": " + std::strerror(rc);
    return nullptr;
  }
  std::unique_ptr<EngineProcess> p(new EngineProcess());  // private constructor: make_unique cannot reach it
  p->pid_ = pid;
  p->in_fd_ = fds.in[0];
  p->out_fd_ = fds.out[0];
  p->err_fd_ = fds.err[0];
  fds.in[0] = fds.out[0] = fds.err[0] = -1;  // owned by the process object now; the FdPairs closes the rest
  return p;
}

EngineProcess::~EngineProcess() {
  close_stdin();
  stop(300);
  close_fd(in_fd_);
  close_fd(out_fd_);
  close_fd(err_fd_);
}

bool EngineProcess::write_all(std::string_view bytes) {
  while (!bytes.empty()) {
    if (in_fd_ < 0) return false;
    const ssize_t n = ::send(in_fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

void EngineProcess::close_stdin() {
  if (in_fd_ >= 0) ::shutdown(in_fd_, SHUT_WR);
}

void EngineProcess::interrupt_reads() {
  if (out_fd_ >= 0) ::shutdown(out_fd_, SHUT_RD);
}

bool EngineProcess::reap(int timeout_ms) {
  if (reaped_) return true;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    const pid_t r = ::waitpid(pid_, &wait_status_, WNOHANG);
    if (r == pid_ || (r < 0 && errno == ECHILD)) {
      reaped_ = true;
      return true;
    }
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

void EngineProcess::stop(int grace_ms) {
  if (pid_ <= 0 || reaped_) return;
  if (reap(grace_ms)) return;
  ::kill(pid_, SIGTERM);
  if (reap(1000)) return;
  ::kill(pid_, SIGKILL);
  reap(5000);
}

std::string EngineProcess::exit_description() {
  if (!reap(200)) return "still running";
  if (WIFEXITED(wait_status_)) return "exit status " + std::to_string(WEXITSTATUS(wait_status_));
  if (WIFSIGNALED(wait_status_)) return "killed by signal " + std::to_string(WTERMSIG(wait_status_));
  return "ended";
}

}  // namespace byok::lo
