#include <cstdlib>
#include <sstream>

#include "core/http/http.h"

namespace byok::http {
namespace {
std::string env(const char* a, const char* b) {
  if (const char* v = std::getenv(a); v && *v) return v;
  if (const char* v = std::getenv(b); v && *v) return v;
  return {};
}

bool no_proxy_matches(std::string_view list, std::string_view host) {
  std::stringstream ss{std::string(list)};
  std::string entry;
  while (std::getline(ss, entry, ',')) {
    auto b = entry.find_first_not_of(" \t");
    if (b == std::string::npos) continue;
    entry = entry.substr(b, entry.find_last_not_of(" \t") - b + 1);
    if (entry == "*") return true;
    if (auto c = entry.rfind(':'); c != std::string::npos && entry.find(':') == c) entry.resize(c);
    if (!entry.empty() && entry.front() == '.') entry.erase(0, 1);
    for (auto& ch : entry) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (host == entry) return true;
    if (host.size() > entry.size() && host.substr(host.size() - entry.size()) == entry &&
        host[host.size() - entry.size() - 1] == '.')
      return true;
  }
  return false;
}
}  // namespace

Result<std::optional<ProxyConfig>> proxy_for(const Url& target, std::string_view configured) {
  // Environment proxies never apply to loopback (local servers, the emulator); a proxy configured for a
  // provider explicitly always does.
  if (configured.empty() && target.is_loopback()) return std::optional<ProxyConfig>{};
  std::string spec = configured.empty() ? (target.is_https() ? env("HTTPS_PROXY", "https_proxy")
                                                              : env("HTTP_PROXY", "http_proxy"))
                                        : std::string(configured);
  if (spec.empty()) return std::optional<ProxyConfig>{};
  if (configured.empty() && no_proxy_matches(env("NO_PROXY", "no_proxy"), target.host))
    return std::optional<ProxyConfig>{};
  if (spec.find("://") == std::string::npos) spec = "http://" + spec;
  ProxyConfig p;
  // Split user:password@ off before URL parsing (Url::parse refuses credentials on purpose).
  auto scheme_end = spec.find("://") + 3;
  auto at = spec.find('@', scheme_end);
  if (at != std::string::npos) {
    std::string userinfo = spec.substr(scheme_end, at - scheme_end);
    spec.erase(scheme_end, at - scheme_end + 1);
    auto colon = userinfo.find(':');
    p.user = userinfo.substr(0, colon);
    if (colon != std::string::npos) p.password = userinfo.substr(colon + 1);
  }
  auto url = Url::parse(spec);
  if (!url) return Error::make(ErrorKind::Config, "proxy setting: " + url.error().message);
  p.host = url->host;
  p.port = url->port;
  return std::optional<ProxyConfig>{p};
}

std::string describe_request(const Request& req) {
  std::string out = req.method + " " + req.url.str();
  for (const auto& h : req.headers) out += "\n  " + h.name + ": " + (h.sensitive ? "[redacted]" : h.value);
  return out;
}

std::string ResponseHead::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k.size() != name.size()) continue;
    bool eq = true;
    for (size_t i = 0; i < k.size() && eq; ++i)
      eq = std::tolower(static_cast<unsigned char>(k[i])) == std::tolower(static_cast<unsigned char>(name[i]));
    if (eq) return v;
  }
  return {};
}

}  // namespace byok::http
