// The offline demo provider: the project's provider emulator, started as a child process on loopback
// when the user has no key configured, so the first command shows a streamed answer anyway. byok always
// says plainly that the answer came from the demo, not from a model.
#pragma once

#include <string>

#include "core/util/result.h"
#include "core/util/subprocess.h"

namespace byok::cli {

class DemoProvider {
 public:
  static Result<DemoProvider> start();
  const std::string& base_url() const { return base_url_; }  // OpenAI-style, ends in /v1

 private:
  explicit DemoProvider(Subprocess p) : proc_(std::move(p)) {}
  Subprocess proc_;
  std::string base_url_;
};

std::string find_emulator_binary();

}  // namespace byok::cli
