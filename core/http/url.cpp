#include "core/http/url.h"

#include <algorithm>
#include <cctype>

namespace byok::http {

bool is_loopback_host(std::string_view h) {
  if (h == "localhost" || h == "::1" || h == "[::1]") return true;
  if (h.size() > 10 && h.substr(h.size() - 10) == ".localhost") return true;
  return h.substr(0, 4) == "127." && h.find_first_not_of("0123456789.") == std::string_view::npos;
}

Result<Url> Url::parse(std::string_view text) {
  auto bad = [&](const std::string& why) {
    return Error::make(ErrorKind::Config, "invalid URL '" + std::string(text) + "': " + why);
  };
  Url u;
  auto sep = text.find("://");
  if (sep == std::string_view::npos) return bad("expected http:// or https://");
  u.scheme = std::string(text.substr(0, sep));
  std::transform(u.scheme.begin(), u.scheme.end(), u.scheme.begin(), [](unsigned char c) { return std::tolower(c); });
  if (u.scheme != "http" && u.scheme != "https") return bad("scheme must be http or https");
  std::string_view rest = text.substr(sep + 3);
  auto slash = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
  if (auto at = authority.rfind('@'); at != std::string_view::npos)
    return bad("credentials in URLs are not allowed; configure keys instead");
  if (authority.empty()) return bad("missing host");
  std::string_view host = authority, port;
  if (authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return bad("unterminated IPv6 address");
    host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return bad("junk after IPv6 address");
      port = authority.substr(close + 2);
    }
  } else if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) return bad("missing host");
  // A host name is letters, digits, '-', '_' and '.'; an IPv6 literal (in brackets) hex digits, ':' and
  // '.'. Anything else ("a:b", "-[::1]", spaces) would print back as a different origin, and origins are
  // what keys are pinned to. (Found by tests/fuzz/fuzz_url.cpp.) International names go in as punycode.
  const bool ipv6 = authority.front() == '[';
  for (char c : host) {
    const bool ok = ipv6 ? (std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.')
                         : (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.');
    if (!ok) return bad(ipv6 ? "invalid IPv6 address" : "invalid character in host name");
  }
  if (ipv6 && host.find(':') == std::string_view::npos) return bad("invalid IPv6 address");
  u.host = std::string(host);
  std::transform(u.host.begin(), u.host.end(), u.host.begin(), [](unsigned char c) { return std::tolower(c); });
  if (!port.empty()) {
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos) return bad("invalid port");
    u.port = std::stoi(std::string(port));
    if (u.port <= 0 || u.port > 65535) return bad("port out of range");
  } else {
    u.port = u.scheme == "https" ? 443 : 80;
  }
  if (auto hash = path.find('#'); hash != std::string_view::npos) path = path.substr(0, hash);
  u.path = path.empty() ? "/" : std::string(path);
  if (u.path.front() == '?') u.path = "/" + u.path;
  return u;
}

std::string Url::host_port() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return h + ":" + std::to_string(port);
}

std::string Url::origin() const { return scheme + "://" + host_port(); }

std::string Url::str() const {
  bool default_port = (scheme == "https" && port == 443) || (scheme == "http" && port == 80);
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return scheme + "://" + h + (default_port ? "" : ":" + std::to_string(port)) + path;
}

bool Url::is_loopback() const { return is_loopback_host(host); }

Result<Url> Url::resolve(std::string_view ref) const {
  if (ref.find("://") != std::string_view::npos) return parse(ref);
  if (ref.empty() || ref.front() != '/') return Error::make(ErrorKind::Network, "unsupported relative redirect '" + std::string(ref) + "'");
  if (ref.size() > 1 && ref[1] == '/') return parse(scheme + ":" + std::string(ref));
  Url u = *this;
  u.path = std::string(ref);
  return u;
}

Url Url::with_path_appended(std::string_view suffix) const {
  Url u = *this;
  std::string base = u.path, query;
  if (auto q = base.find('?'); q != std::string::npos) {
    query = base.substr(q);
    base.resize(q);
  }
  while (!base.empty() && base.back() == '/') base.pop_back();
  std::string add(suffix);
  if (!add.empty() && add.front() != '/') add = "/" + add;
  u.path = base + add;
  if (u.path.empty()) u.path = "/";
  if (!query.empty()) u.path += (u.path.find('?') == std::string::npos ? query : "&" + query.substr(1));
  return u;
}

}  // namespace byok::http
