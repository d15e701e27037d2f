// Running another program without a shell: argv as given (never a command string), an explicit
// environment (callers scrub keys out of it), stdin/stdout/stderr as pipes, a timeout, and the child
// killed and reaped when the handle goes away. Used for key commands (pass, op, bw) and the demo provider.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/util/result.h"

namespace byok {

struct SpawnOptions {
  std::vector<std::string> argv;
  std::optional<std::map<std::string, std::string>> env;  // nullopt: inherit (minus scrubbed names)
  std::vector<std::string> scrub_env;                     // names removed from an inherited environment
  bool pipe_stdin = false, pipe_stdout = true, pipe_stderr = true;
  bool new_session = false;  // setsid: the child has no controlling terminal (nothing to prompt on)
};

class Subprocess {
 public:
  static Result<Subprocess> spawn(const SpawnOptions& opts);
  Subprocess(Subprocess&& o) noexcept;
  Subprocess& operator=(Subprocess&& o) noexcept;
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;
  ~Subprocess();  // SIGTERM, then SIGKILL after 1 s, then reap

  pid_t pid() const { return pid_; }
  int stdin_fd() const { return in_; }
  int stdout_fd() const { return out_; }
  int stderr_fd() const { return err_; }
  void close_stdin();
  // Reads one line from stdout (without the newline), waiting at most `timeout`.
  Result<std::string> read_line(std::chrono::milliseconds timeout);
  // Waits for exit; returns the exit status (128+signal when killed).
  int wait();
  void terminate();

 private:
  Subprocess() = default;
  pid_t pid_ = -1;
  int in_ = -1, out_ = -1, err_ = -1;
  std::string out_buf_;
  bool reaped_ = false;
  int status_ = 0;
};

struct RunResult {
  int exit_code = 0;
  std::string out, err;
  bool timed_out = false;
};

// Runs to completion, feeding `input` on stdin, collecting stdout/stderr (each capped at `max_output`).
Result<RunResult> run_program(const SpawnOptions& opts, const std::string& input, std::chrono::milliseconds timeout,
                              size_t max_output = 1u << 20);

}  // namespace byok
