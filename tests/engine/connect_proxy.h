// A minimal HTTP CONNECT proxy for tests: accepts CONNECT host:port, dials the target, relays bytes both
// ways. Counts tunnels and remembers targets; can be told to refuse CONNECT (403) to test that failure.
#pragma once

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace byok::test {

class ConnectProxy {
 public:
  explicit ConnectProxy(bool refuse = false) : refuse_(refuse) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(listen_fd_, 16);
    socklen_t len = sizeof a;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  ~ConnectProxy() {
    stop_ = true;
    ::shutdown(listen_fd_, SHUT_RDWR);
    ::close(listen_fd_);
    acceptor_.join();
    for (auto& t : tunnels_) t.join();
  }
  int port() const { return port_; }
  int tunnels() const { return tunnels_opened_; }
  std::vector<std::string> targets() const {
    std::lock_guard l(mu_);
    return targets_;
  }

 private:
  void accept_loop() {
    while (!stop_) {
      int c = ::accept(listen_fd_, nullptr, nullptr);
      if (c < 0) return;
      tunnels_.emplace_back([this, c] { serve(c); });
    }
  }
  void serve(int c) {
    std::string head;
    char ch;
    while (head.find("\r\n\r\n") == std::string::npos && ::read(c, &ch, 1) == 1) head += ch;
    auto sp1 = head.find(' '), sp2 = head.find(' ', sp1 + 1);
    std::string target = head.substr(sp1 + 1, sp2 - sp1 - 1);
    {
      std::lock_guard l(mu_);
      targets_.push_back(head.substr(0, sp1) + " " + target);
    }
    if (refuse_ || head.rfind("CONNECT ", 0) != 0) {
      std::string resp = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n";
      (void)!::write(c, resp.data(), resp.size());
      ::close(c);
      return;
    }
    auto colon = target.rfind(':');
    addrinfo hints{}, *res = nullptr;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_family = AF_INET;
    int up = -1;
    if (::getaddrinfo(target.substr(0, colon).c_str(), target.substr(colon + 1).c_str(), &hints, &res) == 0 && res) {
      up = ::socket(res->ai_family, SOCK_STREAM, 0);
      if (::connect(up, res->ai_addr, res->ai_addrlen) != 0) {
        ::close(up);
        up = -1;
      }
      ::freeaddrinfo(res);
    }
    if (up < 0) {
      std::string resp = "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n";
      (void)!::write(c, resp.data(), resp.size());
      ::close(c);
      return;
    }
    ++tunnels_opened_;
    std::string ok = "HTTP/1.1 200 Connection established\r\n\r\n";
    (void)!::write(c, ok.data(), ok.size());
    pollfd fds[2] = {{c, POLLIN, 0}, {up, POLLIN, 0}};
    char buf[16384];
    while (!stop_) {
      if (::poll(fds, 2, 50) <= 0) continue;
      bool done = false;
      for (int i = 0; i < 2 && !done; ++i) {
        if (!fds[i].revents) continue;
        ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
        if (n <= 0 || ::write(fds[1 - i].fd, buf, n) != n) done = true;
      }
      if (done) break;
    }
    ::close(c);
    ::close(up);
  }

  bool refuse_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> tunnels_opened_{0};
  mutable std::mutex mu_;
  std::vector<std::string> targets_;
  std::thread acceptor_;
  std::vector<std::thread> tunnels_;
};

}  // namespace byok::test
