#include "core/keys/command_source.h"

#include <filesystem>

#include "core/util/subprocess.h"

namespace byok::keys {
namespace {
std::string describe_argv(const std::vector<std::string>& argv) {
  std::string s;
  for (const auto& a : argv) s += (s.empty() ? "" : " ") + a;
  return s;
}

std::string trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t b = 0;
  while (b < s.size() && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  return s.substr(b);
}

// Some tools echo what they print to stderr too; a key must never reach an error message.
void remove_all(std::string& haystack, std::string_view needle) {
  if (needle.size() < 4) return;
  for (size_t pos; (pos = haystack.find(needle)) != std::string::npos;) haystack.replace(pos, needle.size(), "[redacted]");
}
}  // namespace

Result<Secret> run_secret_command(const std::vector<std::string>& argv, const SecretCommandOptions& opts) {
  if (argv.empty() || argv[0].empty()) return Error::make(ErrorKind::Config, opts.what + " is empty");
  SpawnOptions so;
  so.argv = argv;
  so.scrub_env = opts.scrub_env;
  const std::string shown = "`" + describe_argv(argv) + "`";
  auto run = run_program(so, "", opts.timeout, 64 * 1024);
  if (!run) return Error::make(ErrorKind::Key, opts.what + " " + shown + " could not start: " + run.error().message);
  std::string out = std::move(run->out);
  std::string err = std::move(run->err);
  struct Wiper {
    std::string& a;
    std::string& b;
    ~Wiper() {
      secure_wipe(a);
      secure_wipe(b);
    }
  } wiper{out, err};
  if (run->timed_out)
    return Error::make(ErrorKind::Timeout, opts.what + " " + shown + " did not finish within " +
                                               (opts.timeout.count() % 1000 == 0
                                                    ? std::to_string(opts.timeout.count() / 1000) + " s"
                                                    : std::to_string(opts.timeout.count()) + " ms") +
                                               " and was stopped");
  if (!out.empty() && out.back() == '\n') out.pop_back();
  if (!out.empty() && out.back() == '\r') out.pop_back();
  if (run->exit_code != 0) {
    remove_all(err, out);
    remove_all(err, trim(out));
    std::string detail = trim(err);
    if (detail.size() > 400) detail = detail.substr(0, 400) + "…";
    return Error::make(ErrorKind::Key, opts.what + " " + shown + " exited with status " + std::to_string(run->exit_code) +
                                           (detail.empty() ? "" : ": " + detail));
  }
  if (out.empty()) return Error::make(ErrorKind::Key, opts.what + " " + shown + " printed nothing");
  for (unsigned char c : out)
    if (c < 0x20 || c == 0x7f)
      return Error::make(ErrorKind::Key, opts.what + " " + shown +
                                             " printed control characters or several lines; it must print only the key");
  return Secret(out);
}

Result<std::vector<std::string>> split_command_line(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  bool in_word = false;
  char quote = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quote) {
      if (c == quote) quote = 0;
      else if (c == '\\' && quote == '"' && i + 1 < text.size()) cur += text[++i];
      else cur += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == '\\' && i + 1 < text.size()) {
      cur += text[++i];
      in_word = true;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      if (in_word) out.push_back(std::move(cur));
      cur.clear();
      in_word = false;
    } else {
      cur += c;
      in_word = true;
    }
  }
  if (quote) return Error::make(ErrorKind::Config, std::string("unterminated ") + quote + " quote in command line");
  if (in_word) out.push_back(std::move(cur));
  if (out.empty()) return Error::make(ErrorKind::Config, "empty command line");
  return out;
}

Result<std::optional<FoundKey>> CommandKeySource::find(const config::ProviderSpec& spec, const std::string& key_name) {
  if (spec.key_cmd.empty() || key_name != spec.default_key_name()) return std::optional<FoundKey>{};
  std::string cache_key = spec.name + '\0' + describe_argv(spec.key_cmd);
  std::lock_guard lock(mu_);
  auto it = cache_.find(cache_key);
  if (it == cache_.end()) {
    SecretCommandOptions o = opts_;
    o.what = "providers." + spec.name + ".key_cmd";
    it = cache_.emplace(cache_key, run_secret_command(spec.key_cmd, o)).first;
  }
  if (!it->second) {
    Error e = it->second.error();
    e.provider = spec.name;
    return e;
  }
  std::string source = "cmd:" + std::filesystem::path(spec.key_cmd[0]).filename().string();
  return std::optional<FoundKey>{FoundKey{*it->second, source, ""}};
}

}  // namespace byok::keys
