// Time from exec of `byok lsp` to its initialize reply (target ≤ 10 ms), and its resident memory once idle
// after initialize (target ≤ 10 MB). Runs the real binary N times with an empty config; prints min/median/max.
//   bench_lsp_startup [runs=30]
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/util/subprocess.h"

namespace {

std::string framed(const std::string& body) { return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body; }

long rss_kb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  return -1;
}

bool read_reply(int fd) {
  std::string buf;
  char chunk[4096];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 5000) <= 0) return false;
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n <= 0) return false;
    buf.append(chunk, static_cast<size_t>(n));
    size_t h = buf.find("\r\n\r\n");
    if (h != std::string::npos) {
      size_t len = std::stoul(buf.substr(buf.find("Content-Length: ") + 16));
      if (buf.size() >= h + 4 + len) return true;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::atoi(argv[1]) : 30;
  auto home = std::filesystem::temp_directory_path() / ("byok-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(home);
  std::vector<double> ms;
  std::vector<long> rss;
  const std::string init = framed(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}})");
  for (int i = 0; i < runs; ++i) {
    byok::SpawnOptions o;
    o.argv = {BYOK_BIN, "lsp"};
    o.env = std::map<std::string, std::string>{{"HOME", home.string()}, {"XDG_CONFIG_HOME", (home / "c").string()},
                                               {"XDG_DATA_HOME", (home / "d").string()}};
    o.pipe_stdin = true;
    auto t0 = std::chrono::steady_clock::now();
    auto p = byok::Subprocess::spawn(o);
    if (!p) return std::fprintf(stderr, "spawn: %s\n", p.error().message.c_str()), 1;
    if (::write(p->stdin_fd(), init.data(), init.size()) != static_cast<ssize_t>(init.size())) return 1;
    if (!read_reply(p->stdout_fd())) return std::fprintf(stderr, "no initialize reply\n"), 1;
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    ::usleep(100'000);  // idle
    rss.push_back(rss_kb(p->pid()));
    p->close_stdin();
    p->wait();
  }
  std::filesystem::remove_all(home);
  std::sort(ms.begin(), ms.end());
  std::sort(rss.begin(), rss.end());
  std::printf("exec -> initialize reply: min %.2f ms, median %.2f ms, max %.2f ms (%d runs)\n", ms.front(),
              ms[ms.size() / 2], ms.back(), runs);
  std::printf("idle RSS after initialize: median %.1f MB (max %.1f MB)\n", rss[rss.size() / 2] / 1024.0, rss.back() / 1024.0);
  return 0;
}
