// The engine child process: spawned without a shell, stdin/stdout over a socket pair (so that writing to a
// dead engine returns EPIPE instead of raising SIGPIPE in the office process), stderr on a pipe whose last
// lines explain a crash. Every fd of the office except those three is closed in the child.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace byok::lo {

struct EngineCommand {
  std::string program;             // absolute path, or a bare name looked up on PATH
  std::vector<std::string> args;   // without argv[0]
  std::string describe() const;    // "program arg1 arg2" for messages
};

class EngineProcess {
 public:
  // Starts the engine. On failure returns nullptr and sets `error` ("cannot start /x/byok: No such file…").
  static std::unique_ptr<EngineProcess> start(const EngineCommand& command, std::string& error);
  ~EngineProcess();  // closes the pipes, then stop()s the child
  EngineProcess(const EngineProcess&) = delete;
  EngineProcess& operator=(const EngineProcess&) = delete;

  pid_t pid() const { return pid_; }
  int stdout_fd() const { return out_fd_; }
  int stderr_fd() const { return err_fd_; }

  // Writes everything or fails (false: the engine is gone). Blocks only while the engine's stdin is full.
  bool write_all(std::string_view bytes);
  // Tells the engine no more input is coming (it exits at stdin EOF).
  void close_stdin();
  // Wakes a thread blocked reading stdout (it sees EOF).
  void interrupt_reads();
  // Waits up to `grace_ms` for the child to exit by itself, then SIGTERM, then SIGKILL. Idempotent.
  void stop(int grace_ms);
  // "exit status 3", "killed by signal 9", or "still running"; reaps the child if it has exited.
  std::string exit_description();

 private:
  EngineProcess() = default;
  bool reap(int timeout_ms);

  pid_t pid_ = -1;
  int in_fd_ = -1, out_fd_ = -1, err_fd_ = -1;
  bool reaped_ = false;
  int wait_status_ = 0;
};

}  // namespace byok::lo
