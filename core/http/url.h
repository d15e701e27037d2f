// Absolute http(s) URLs as the HTTP seam needs them: scheme, host, port, path+query, and the origin used
// to pool connections and to pin keys to the host they belong to.
#pragma once

#include <string>
#include <string_view>

#include "core/util/result.h"

namespace byok::http {

struct Url {
  std::string scheme;  // "http" or "https"
  std::string host;    // lower-case; IPv6 without brackets
  int port = 0;
  std::string path = "/";  // path plus query, always starts with '/'

  static Result<Url> parse(std::string_view text);
  std::string origin() const;  // "https://api.openai.com:443"
  std::string host_port() const;
  std::string str() const;
  bool is_https() const { return scheme == "https"; }
  bool is_loopback() const;
  // Resolves `ref` (absolute URL or absolute path) against this URL, as for a Location header.
  Result<Url> resolve(std::string_view ref) const;
  // Appends a path (and keeps any query of `suffix`): base "…/v1" + "/chat/completions".
  Url with_path_appended(std::string_view suffix) const;
};

bool is_loopback_host(std::string_view host);

}  // namespace byok::http
