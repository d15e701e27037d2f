// byok-emulator: the provider emulator as a process, for the SDK fidelity tests, shell experiments and the
// engine's offline demo. Prints one JSON line when listening:
//   {"http_url":"…","https_url":"…","ca_file":"…","pid":N}
// and runs until SIGTERM/SIGINT (or stdin EOF with --exit-on-stdin-eof, so a parent that dies takes it along).
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "tests/emulator/emulator.h"

namespace {

constexpr const char* kUsage =
    "usage: byok-emulator [--http-port N] [--https-port N] [--cert-dir DIR] [--rtt-ms N] [--ttft-ms N]\n"
    "                     [--token-ms N] [--no-https] [--no-http] [--exit-on-stdin-eof]\n";

struct Args {
  byok::emu::Options options;
  bool exit_on_stdin_eof = false;
};

int parse_int(const std::string& flag, const char* value) {
  try {
    size_t used = 0;
    const int n = std::stoi(value, &used);
    if (used != std::strlen(value) || n < 0) throw std::invalid_argument(value);
    return n;
  } catch (const std::exception&) {
    throw std::invalid_argument(flag + " needs a non-negative integer, got '" + value + "'");
  }
}

Args parse_args(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) throw std::invalid_argument(flag + " needs a value");
      return argv[++i];
    };
    if (flag == "--http-port") a.options.http_port = parse_int(flag, value());
    else if (flag == "--https-port") a.options.https_port = parse_int(flag, value());
    else if (flag == "--cert-dir") a.options.cert_dir = value();
    else if (flag == "--rtt-ms") a.options.rtt_ms = parse_int(flag, value());
    else if (flag == "--ttft-ms") a.options.default_ttft_ms = parse_int(flag, value());
    else if (flag == "--token-ms") a.options.default_token_ms = parse_int(flag, value());
    else if (flag == "--no-https") a.options.https = false;
    else if (flag == "--no-http") a.options.http = false;
    else if (flag == "--exit-on-stdin-eof") a.exit_on_stdin_eof = true;
    else if (flag == "--help" || flag == "-h") {
      std::cout << kUsage;
      std::exit(0);
    } else throw std::invalid_argument("unknown flag " + flag);
  }
  if (!a.options.http && !a.options.https) throw std::invalid_argument("--no-http and --no-https leave nothing to serve");
  return a;
}

// Watches stdin and raises SIGTERM at EOF. Polls so that it can be joined when a signal ends the process.
class StdinWatcher {
 public:
  explicit StdinWatcher(pthread_t main_thread) : thread_([this, main_thread] { run(main_thread); }) {}
  ~StdinWatcher() {
    done_ = true;
    thread_.join();
  }

 private:
  void run(pthread_t main_thread) {
    char buf[256];
    while (!done_) {
      pollfd p{STDIN_FILENO, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      if (::read(STDIN_FILENO, buf, sizeof buf) <= 0) {
        pthread_kill(main_thread, SIGTERM);
        return;
      }
    }
  }
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace

int main(int argc, char** argv) {
  Args args;
  try {
    args = parse_args(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "byok-emulator: " << e.what() << "\n" << kUsage;
    return 2;
  }

  // Block the stop signals in every thread (the servers' threads inherit this mask); main waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);  // a client that vanishes mid-write must not kill the emulator

  byok::emu::Emulator emulator(args.options);
  try {
    emulator.start();
  } catch (const std::exception& e) {
    std::cerr << "byok-emulator: " << e.what() << "\n";
    return 1;
  }

  nlohmann::json ready{{"http_url", args.options.http ? emulator.http_url() : ""},
                       {"https_url", args.options.https ? emulator.https_url() : ""},
                       {"ca_file", emulator.ca_file()},
                       {"pid", static_cast<long>(::getpid())}};
  std::cout << ready.dump() << std::endl;  // endl flushes: the parent is waiting for this line

  {
    std::optional<StdinWatcher> watcher;
    if (args.exit_on_stdin_eof) watcher.emplace(pthread_self());
    int sig = 0;
    sigwait(&stop_signals, &sig);
  }
  emulator.stop();
  return 0;
}
