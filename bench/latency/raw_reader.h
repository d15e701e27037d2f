// The fastest possible client, as the yardstick for byok's added latency: a plain blocking TCP socket, the
// request written as prepared bytes, the response scanned for the first non-empty "content" — no HTTP
// library, no SSE parser, no JSON. Keep-alive: the response is drained to its chunked end so the next
// request reuses the connection, like byok's pool.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>

namespace byok::bench {

class RawReader {
 public:
  RawReader(int port, std::string request) : request_(std::move(request)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("raw: connect failed");
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~RawReader() { ::close(fd_); }
  RawReader(const RawReader&) = delete;
  RawReader& operator=(const RawReader&) = delete;

  // Sends the request and returns the time until the first non-empty content arrived.
  std::chrono::nanoseconds first_token() {
    const auto start = std::chrono::steady_clock::now();
    if (::write(fd_, request_.data(), request_.size()) != static_cast<ssize_t>(request_.size()))
      throw std::runtime_error("raw: write failed");
    std::string got;
    std::chrono::nanoseconds ttft{-1};
    char buf[16384];
    size_t scanned = 0;
    for (;;) {
      ssize_t n = ::read(fd_, buf, sizeof buf);
      if (n <= 0) throw std::runtime_error("raw: connection closed");
      got.append(buf, static_cast<size_t>(n));
      if (ttft.count() < 0) {
        for (size_t p; (p = got.find("\"content\":\"", scanned)) != std::string::npos;) {
          scanned = p + 11;
          if (scanned < got.size() && got[scanned] != '"') {
            ttft = std::chrono::steady_clock::now() - start;
            break;
          }
        }
      }
      // The chunked body's last chunk: CRLF after the previous chunk's data, then "0" CRLF CRLF. Only
      // after the header block, whose own end could look alike ("x-request-id: …10" CRLF CRLF).
      const size_t header_end = got.find("\r\n\r\n");
      if (header_end != std::string::npos && got.size() >= header_end + 4 + 7 &&
          got.compare(got.size() - 7, 7, "\r\n0\r\n\r\n") == 0)
        break;
    }
    if (ttft.count() < 0) throw std::runtime_error("raw: no content in the response: " + got.substr(0, 400));
    return ttft;
  }

 private:
  int fd_ = -1;
  std::string request_;
};

}  // namespace byok::bench
