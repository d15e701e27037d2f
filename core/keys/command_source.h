// Keys from a command the user configured ("key_cmd": ["pass", "show", "openai"], `op read …`,
// `bw get password …`). The command runs without a shell, with every key variable scrubbed from its
// environment, under a timeout; its stdout minus one trailing newline is the key, held in memory for this
// process only. A failing command is an error with its exit status and stderr — never its stdout.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/keys/key_source.h"

namespace byok::keys {

struct SecretCommandOptions {
  std::vector<std::string> scrub_env;          // names removed from the child's environment
  std::chrono::milliseconds timeout{60'000};   // pass/op may wait for an agent; not forever
  std::string what = "key command";            // how errors call it ("key command", "BYOK_PASSPHRASE_CMD")
};

// Runs `argv` and returns its stdout without one trailing newline ("\n" or "\r\n"). Errors: cannot start,
// timed out (killed), non-zero exit (status + stderr, with any echo of the secret removed), empty output,
// control characters in the output.
Result<Secret> run_secret_command(const std::vector<std::string>& argv, const SecretCommandOptions& opts);

// Splits a command line the way a shell would split words (whitespace; '…' and "…" quote; \ escapes),
// without any expansion; for BYOK_PASSPHRASE_CMD, which is one string.
Result<std::vector<std::string>> split_command_line(std::string_view text);

// The provider's `key_cmd`, for its default key name. Each provider's command runs at most once per
// process; a failure is remembered too, so a broken command is not re-run (and re-prompted) per request.
class CommandKeySource final : public KeySource {
 public:
  explicit CommandKeySource(SecretCommandOptions opts) : opts_(std::move(opts)) {}
  std::string name() const override { return "cmd"; }
  Result<std::optional<FoundKey>> find(const config::ProviderSpec& spec, const std::string& key_name) override;

 private:
  SecretCommandOptions opts_;
  std::mutex mu_;
  std::map<std::string, Result<Secret>> cache_;  // provider name + command → result
};

}  // namespace byok::keys
