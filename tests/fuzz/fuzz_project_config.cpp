// Fuzz target: a project's .byok.json (untrusted: it comes with a cloned repository) loaded over a user
// config and applied. Oracles: no crash; every rejection names the file; a value that looks like a key never
// survives into the applied config or a warning.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/config/config.h"
#include "core/config/project_config.h"
#include "tests/fuzz/fuzz_input.h"

namespace {
const std::filesystem::path& project_file() {
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("byok-fuzz-project-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  static const std::filesystem::path file = dir / ".byok.json";
  return file;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace byok::config;
  {
    std::ofstream out(project_file(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  auto user = parse_config(nlohmann::json::object(), "user.json");
  BYOK_FUZZ_CHECK(user.ok());
  auto project = load_project_config(project_file(), *user);
  if (!project) {
    BYOK_FUZZ_CHECK(project.error().message.find(project_file().string()) != std::string::npos);
    return 0;
  }
  for (const auto& w : project->warnings) BYOK_FUZZ_CHECK(!looks_like_key(w));
  Config cfg = *user;
  auto applied = apply_project_config(cfg, *project);
  if (!applied) {
    BYOK_FUZZ_CHECK(applied.error().message.find(project_file().string()) != std::string::npos);
    return 0;
  }
  // Nothing that looks like a key made it into the provider settings a request would use.
  for (const auto& [name, p] : cfg.providers) {
    (void)name;
    for (const auto& [k, v] : p.items())
      if (v.is_string()) BYOK_FUZZ_CHECK(!looks_like_key(v.get<std::string>()) || k == "key_env");
  }
  return 0;
}
