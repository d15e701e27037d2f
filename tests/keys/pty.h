// Running byok in a pseudo-terminal, as a person at a terminal would: byok's stdin, stdout and stderr are
// the terminal (or stdin is a pipe while the terminal stays the controlling one), and the test answers
// prompts. The transcript is everything the terminal displayed, echo included, so a typed key that was
// echoed shows up in it.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace byok::test {

struct PtyStep {
  std::string expect;  // wait until the terminal has shown this (after the previous step's match)…
  std::string send;    // …then type this
};

struct PtyRun {
  int exit_code = -1;      // -1: killed at the timeout, or did not exit normally
  std::string transcript;  // what the terminal displayed
  bool steps_done = false; // every `expect` was seen
};

// `piped_stdin`: when set, byok's stdin is a pipe carrying it, and the pty is only its controlling terminal.
PtyRun run_in_pty(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                  const std::vector<PtyStep>& steps, const std::optional<std::string>& piped_stdin = std::nullopt,
                  std::chrono::milliseconds timeout = std::chrono::seconds(30));

}  // namespace byok::test
