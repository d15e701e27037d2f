#include "core/util/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace byok::files {
namespace fs = std::filesystem;

namespace {
Error io_error(const std::string& what, const fs::path& p, int err) {
  return Error::make(ErrorKind::Io, what + " " + p.string() + ": " + std::strerror(err));
}

// Closes a descriptor on every path out of a function.
class FdGuard {
 public:
  explicit FdGuard(int fd) : fd_(fd) {}
  FdGuard(const FdGuard&) = delete;
  FdGuard& operator=(const FdGuard&) = delete;
  ~FdGuard() { close(); }
  int get() const { return fd_; }
  int close() {
    int rc = fd_ >= 0 ? ::close(fd_) : 0;
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};
}  // namespace

Status ensure_private_dir(const fs::path& dir) {
  if (dir.empty()) return Error::make(ErrorKind::Io, "empty directory path");
  std::vector<fs::path> missing;
  for (fs::path p = dir; !p.empty(); p = p.parent_path()) {
    struct stat st {};
    if (::stat(p.c_str(), &st) == 0) {
      if (!S_ISDIR(st.st_mode)) return Error::make(ErrorKind::Io, p.string() + " exists and is not a directory");
      break;
    }
    if (errno != ENOENT) return io_error("cannot inspect", p, errno);
    missing.push_back(p);
    if (p == p.parent_path()) break;
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it)
    if (::mkdir(it->c_str(), 0700) != 0 && errno != EEXIST) return io_error("cannot create directory", *it, errno);
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) return io_error("cannot inspect", dir, errno);
  if ((st.st_mode & 0777) != 0700 && ::chmod(dir.c_str(), 0700) != 0)
    return io_error("cannot make private (0700)", dir, errno);
  return ok_status();
}

Status atomic_write_private(const fs::path& file, std::string_view bytes) {
  const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
  std::string tmpl = (dir / ("." + file.filename().string() + ".tmp.XXXXXX")).string();
  int raw = ::mkostemp(tmpl.data(), O_CLOEXEC);  // mkostemp creates the file 0600
  if (raw < 0) return io_error("cannot create a temporary file in", dir, errno);
  FdGuard fd(raw);
  const fs::path tmp = tmpl;
  auto fail = [&](const std::string& what, int err) {
    fd.close();
    ::unlink(tmp.c_str());
    return io_error(what, file, err);
  };
  if (::fchmod(fd.get(), 0600) != 0) return fail("cannot set 0600 on the new", errno);
  size_t off = 0;
  while (off < bytes.size()) {
    ssize_t n = ::write(fd.get(), bytes.data() + off, bytes.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail("cannot write", n < 0 ? errno : EIO);
    off += static_cast<size_t>(n);
  }
  if (::fsync(fd.get()) != 0) return fail("cannot flush", errno);
  if (fd.close() != 0) return fail("cannot close", errno);
  if (::rename(tmp.c_str(), file.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return io_error("cannot replace", file, err);
  }
  // The rename itself must reach the disk, or a crash could bring back the old file (or none).
  FdGuard dfd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dfd.get() < 0 || ::fsync(dfd.get()) != 0) return io_error("cannot flush directory", dir, errno);
  return ok_status();
}

Result<std::string> read_file(const fs::path& file, size_t max_bytes) {
  FdGuard fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return io_error("cannot read", file, errno);
  std::string out;
  char buf[8192];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return io_error("cannot read", file, errno);
    if (n == 0) break;
    if (out.size() + static_cast<size_t>(n) > max_bytes)
      return Error::make(ErrorKind::Io, file.string() + " is larger than " + std::to_string(max_bytes) + " bytes");
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

Result<unsigned> mode_of(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return io_error("cannot inspect", path, errno);
  return static_cast<unsigned>(st.st_mode & 07777);
}

}  // namespace byok::files
