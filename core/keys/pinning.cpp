#include "core/keys/pinning.h"

#include <filesystem>

namespace byok::keys {

Status check_key_destination(const config::ProviderSpec& spec, const http::Url& destination) {
  if (spec.untrusted_override) {
    const auto& o = *spec.untrusted_override;
    std::string fields;
    for (const auto& f : o.fields) fields += (fields.empty() ? "" : ", ") + ("providers." + spec.name + "." + f);
    std::string dir = std::filesystem::path(o.file).parent_path().string();
    return Error(ErrorKind::Key,
                 o.file + " changes " + fields + "; refusing to send your " + spec.name + " key to " +
                     destination.host_port() + ". If you trust this project folder, run `byok trust " + dir + "`",
                 spec.name);
  }
  if (!destination.is_https() && !destination.is_loopback())
    return Error(ErrorKind::Key,
                 "refusing to send the " + spec.name + " key over plain http to " + destination.host_port() +
                     " (keys travel only over TLS, except to this machine)",
                 spec.name);
  return ok_status();
}

}  // namespace byok::keys
