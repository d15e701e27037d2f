// Fuzz helper: the input as a readable file descriptor (an in-memory file), for code that reads from fds
// (the LSP and msgpack transports). Any size fits; nothing touches the disk.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>

namespace byok::fuzz {

class InputFd {
 public:
  InputFd(const uint8_t* data, size_t size) : fd_(::memfd_create("byok-fuzz", 0)) {
    size_t off = 0;
    while (fd_ >= 0 && off < size) {
      ssize_t n = ::write(fd_, data + off, size - off);
      if (n <= 0) break;
      off += static_cast<size_t>(n);
    }
    if (fd_ >= 0) ::lseek(fd_, 0, SEEK_SET);
  }
  ~InputFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  InputFd(const InputFd&) = delete;
  InputFd& operator=(const InputFd&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

}  // namespace byok::fuzz
