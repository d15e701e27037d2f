#include "core/util/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>

extern char** environ;

namespace byok {
namespace {
using Clock = std::chrono::steady_clock;

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

std::vector<std::string> build_env(const SpawnOptions& o) {
  std::vector<std::string> out;
  if (o.env) {
    for (const auto& [k, v] : *o.env) out.push_back(k + "=" + v);
    return out;
  }
  std::set<std::string> scrub(o.scrub_env.begin(), o.scrub_env.end());
  for (char** e = environ; e && *e; ++e) {
    std::string kv = *e;
    auto eq = kv.find('=');
    if (eq != std::string::npos && scrub.count(kv.substr(0, eq))) continue;
    out.push_back(std::move(kv));
  }
  return out;
}
}  // namespace

Result<Subprocess> Subprocess::spawn(const SpawnOptions& opts) {
  if (opts.argv.empty()) return Error(ErrorKind::Config, "empty command");
  int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1};
  auto cleanup = [&] {
    for (int* p : {in, out, err}) {
      close_fd(p[0]);
      close_fd(p[1]);
    }
  };
  if ((opts.pipe_stdin && ::pipe2(in, O_CLOEXEC) != 0) || (opts.pipe_stdout && ::pipe2(out, O_CLOEXEC) != 0) ||
      (opts.pipe_stderr && ::pipe2(err, O_CLOEXEC) != 0)) {
    cleanup();
    return Error(ErrorKind::Io, std::string("pipe: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  int devnull_in = -1;
  if (opts.pipe_stdin) posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  else posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  if (opts.pipe_stdout) posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  else posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  if (opts.pipe_stderr) posix_spawn_file_actions_adddup2(&fa, err[1], 2);
  else posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  (void)devnull_in;

  std::vector<std::string> env = build_env(opts);
  std::vector<char*> envp, argv;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = opts.argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t def;
  sigemptyset(&def);
  sigaddset(&def, SIGPIPE);
  sigaddset(&def, SIGINT);
  sigaddset(&def, SIGTERM);
  posix_spawnattr_setsigdefault(&attr, &def);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  short flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK;
  if (opts.new_session) flags |= POSIX_SPAWN_SETSID;
  posix_spawnattr_setflags(&attr, flags);

  pid_t pid = -1;
  int rc = ::posix_spawnp(&pid, argv[0], &fa, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    cleanup();
    return Error(ErrorKind::Io, "cannot run '" + opts.argv[0] + "': " + std::strerror(rc));
  }
  Subprocess p;
  p.pid_ = pid;
  close_fd(in[0]);
  close_fd(out[1]);
  close_fd(err[1]);
  p.in_ = in[1];
  p.out_ = out[0];
  p.err_ = err[0];
  return p;
}

Subprocess::Subprocess(Subprocess&& o) noexcept
    : pid_(o.pid_), in_(o.in_), out_(o.out_), err_(o.err_), out_buf_(std::move(o.out_buf_)), reaped_(o.reaped_),
      status_(o.status_) {
  o.pid_ = -1;
  o.in_ = o.out_ = o.err_ = -1;
}

Subprocess& Subprocess::operator=(Subprocess&& o) noexcept {
  if (this != &o) {
    terminate();
    pid_ = o.pid_;
    in_ = o.in_;
    out_ = o.out_;
    err_ = o.err_;
    out_buf_ = std::move(o.out_buf_);
    reaped_ = o.reaped_;
    status_ = o.status_;
    o.pid_ = -1;
    o.in_ = o.out_ = o.err_ = -1;
  }
  return *this;
}

Subprocess::~Subprocess() { terminate(); }

void Subprocess::close_stdin() { close_fd(in_); }

void Subprocess::terminate() {
  close_fd(in_);
  if (pid_ > 0 && !reaped_) {
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 100; ++i) {
      int st;
      if (::waitpid(pid_, &st, WNOHANG) == pid_) {
        reaped_ = true;
        status_ = st;
        break;
      }
      ::usleep(10'000);
    }
    if (!reaped_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status_, 0);
      reaped_ = true;
    }
  }
  close_fd(out_);
  close_fd(err_);
}

Result<std::string> Subprocess::read_line(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  for (;;) {
    if (auto nl = out_buf_.find('\n'); nl != std::string::npos) {
      std::string line = out_buf_.substr(0, nl);
      out_buf_.erase(0, nl + 1);
      return line;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return Error(ErrorKind::Timeout, "timed out waiting for output");
    pollfd p{out_, POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(left));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) continue;
    char buf[4096];
    ssize_t n = ::read(out_, buf, sizeof buf);
    if (n <= 0) return Error(ErrorKind::Io, "program exited before printing a line");
    out_buf_.append(buf, n);
  }
}

int Subprocess::wait() {
  close_fd(in_);
  if (pid_ > 0 && !reaped_) {
    while (::waitpid(pid_, &status_, 0) < 0 && errno == EINTR) {
    }
    reaped_ = true;
  }
  if (WIFEXITED(status_)) return WEXITSTATUS(status_);
  if (WIFSIGNALED(status_)) return 128 + WTERMSIG(status_);
  return -1;
}

Result<RunResult> run_program(const SpawnOptions& opts, const std::string& input, std::chrono::milliseconds timeout,
                              size_t max_output) {
  SpawnOptions o = opts;
  o.pipe_stdin = true;
  o.pipe_stdout = o.pipe_stderr = true;
  auto p = Subprocess::spawn(o);
  if (!p) return p.error();
  RunResult rr;
  size_t written = 0;
  int in = p->stdin_fd();
  if (input.empty()) {
    p->close_stdin();
    in = -1;
  } else {
    ::fcntl(in, F_SETFL, ::fcntl(in, F_GETFL) | O_NONBLOCK);
  }
  int out = p->stdout_fd(), err = p->stderr_fd();
  auto deadline = Clock::now() + timeout;
  bool out_open = true, err_open = true;
  while (out_open || err_open) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      rr.timed_out = true;
      break;
    }
    pollfd fds[3];
    int n = 0;
    if (out_open) fds[n++] = {out, POLLIN, 0};
    if (err_open) fds[n++] = {err, POLLIN, 0};
    if (in >= 0) fds[n++] = {in, POLLOUT, 0};
    int r = ::poll(fds, n, static_cast<int>(left));
    if (r < 0 && errno == EINTR) continue;
    for (int i = 0; i < n; ++i) {
      if (!fds[i].revents) continue;
      if (fds[i].fd == in) {
        ssize_t w = ::write(in, input.data() + written, input.size() - written);
        if (w > 0) written += w;
        if (w < 0 || written == input.size()) {
          p->close_stdin();
          in = -1;
        }
        continue;
      }
      char buf[4096];
      ssize_t got = ::read(fds[i].fd, buf, sizeof buf);
      std::string& dst = fds[i].fd == out ? rr.out : rr.err;
      if (got <= 0) {
        (fds[i].fd == out ? out_open : err_open) = false;
      } else if (dst.size() < max_output) {
        dst.append(buf, std::min<size_t>(got, max_output - dst.size()));
      }
    }
  }
  if (rr.timed_out) {
    p->terminate();
    rr.exit_code = -1;
    return rr;
  }
  rr.exit_code = p->wait();
  return rr;
}

}  // namespace byok
