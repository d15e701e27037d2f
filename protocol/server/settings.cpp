#include "protocol/server/settings.h"

#include <set>

namespace byok::server {
namespace {

void read_feature(rpc::Params& p, FeatureSettings& f) {
  if (auto v = p.opt_string("provider")) f.provider = *v;
  if (auto v = p.opt_string("model")) f.model = *v;
  if (auto v = p.opt_string("keyName")) f.key_name = *v;
  if (auto v = p.opt_integer("maxTokens", 1)) f.max_tokens = static_cast<int>(*v);
  if (auto v = p.opt_number("temperature")) {
    if (*v < 0 || *v > 2) p.fail("temperature", "must be between 0 and 2");
    f.temperature = *v;
  }
}

void reject_unknown(rpc::Params& p, const std::set<std::string>& known) {
  if (!p.json().is_object()) return;
  for (auto& [k, _] : p.json().items())
    if (!known.count(k)) {
      std::string list;
      for (auto& n : known) list += (list.empty() ? "" : ", ") + n;
      p.fail(k, "unknown setting (known: " + list + ")");
      return;
    }
}

}  // namespace

Result<Settings> parse_settings(rpc::Params p, Settings s) {
  reject_unknown(p, {"provider", "model", "baseUrl", "completion", "chat", "rewrite", "secretProvider", "prefixBytes",
                     "suffixBytes", "maxTokens", "temperature", "keyName"});
  read_feature(p, s.general);
  if (auto v = p.opt_string("baseUrl")) s.base_url = *v;
  if (auto v = p.opt_bool("secretProvider")) s.secret_provider = *v;
  if (auto v = p.opt_integer("prefixBytes", 0)) s.prefix_bytes = static_cast<size_t>(*v);
  if (auto v = p.opt_integer("suffixBytes", 0)) s.suffix_bytes = static_cast<size_t>(*v);
  for (const char* name : {"completion", "chat", "rewrite"}) {
    if (auto f = p.opt_object(name)) {
      std::set<std::string> known = {"provider", "model", "maxTokens", "temperature", "keyName"};
      if (std::string(name) == "rewrite") known.insert("instruction");
      reject_unknown(*f, known);
      read_feature(*f, s.features[name]);
      if (std::string(name) == "rewrite")
        if (auto v = f->opt_string("instruction")) s.rewrite_instruction = *v;
    }
  }
  if (auto f = s.features.find("completion"); f != s.features.end() && f->second.max_tokens)
    s.completion_max_tokens = *f->second.max_tokens;
  if (!p.ok()) return p.error();
  return s;
}

}  // namespace byok::server
