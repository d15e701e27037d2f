#include "tests/emulator/socket_sweep.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

namespace byok::emu {
namespace {

int local_port(const sockaddr_storage& addr) {
  if (addr.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(addr).sin_port);
  if (addr.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(addr).sin6_port);
  return -1;
}

bool is_accepted_on(int fd, const std::vector<int>& ports) {
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode)) return false;
  sockaddr_storage self{}, peer{};
  socklen_t self_len = sizeof self, peer_len = sizeof peer;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&self), &self_len) != 0) return false;
  if (std::find(ports.begin(), ports.end(), local_port(self)) == ports.end()) return false;
  return ::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) == 0;  // the listener has no peer
}

}  // namespace

int shutdown_accepted_connections(const std::vector<int>& listening_ports) {
  std::unique_ptr<DIR, int (*)(DIR*)> dir(::opendir("/proc/self/fd"), ::closedir);
  if (!dir) return 0;
  const int own_fd = ::dirfd(dir.get());
  int n = 0;
  while (const dirent* entry = ::readdir(dir.get())) {
    char* end = nullptr;
    const long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd == own_fd) continue;
    if (is_accepted_on(static_cast<int>(fd), listening_ports) && ::shutdown(static_cast<int>(fd), SHUT_RDWR) == 0) ++n;
  }
  return n;
}

}  // namespace byok::emu
