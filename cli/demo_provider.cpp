#include "cli/demo_provider.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>


namespace byok::cli {
namespace fs = std::filesystem;

std::string find_emulator_binary() {
  if (const char* e = std::getenv("BYOK_EMULATOR"); e && *e) return e;
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  fs::path dir = self.parent_path();
  for (const fs::path& candidate : {dir / "../libexec/byok/byok-emulator", dir / "../tests/emulator/byok-emulator",
                                    dir / "byok-emulator"}) {
    if (fs::exists(candidate, ec)) return fs::weakly_canonical(candidate, ec).string();
  }
  return {};
}

Result<DemoProvider> DemoProvider::start() {
  std::string bin = find_emulator_binary();
  if (bin.empty())
    return Error(ErrorKind::Config, "the offline demo provider (byok-emulator) is not installed next to byok");
  SpawnOptions so;
  so.argv = {bin, "--no-https", "--exit-on-stdin-eof"};
  so.pipe_stdin = true;
  so.pipe_stderr = false;
  // The emulator needs nothing from our environment: give it an empty one, so no key variable (preset or
  // custom key_env) can reach it.
  so.env = std::map<std::string, std::string>{{"PATH", "/usr/bin:/bin"}};
  if (const char* tmp = std::getenv("TMPDIR"); tmp && *tmp) (*so.env)["TMPDIR"] = tmp;
  auto p = Subprocess::spawn(so);
  if (!p) return p.error();
  auto line = p->read_line(std::chrono::seconds(10));
  if (!line) return Error(ErrorKind::Io, "the demo provider did not start: " + line.error().message);
  auto j = nlohmann::json::parse(*line, nullptr, false);
  if (!j.is_object() || !j.contains("http_url"))
    return Error(ErrorKind::Io, "the demo provider printed something unexpected: " + line->substr(0, 100));
  DemoProvider d(std::move(*p));
  d.base_url_ = j["http_url"].get<std::string>() + "/v1";
  return d;
}

}  // namespace byok::cli
