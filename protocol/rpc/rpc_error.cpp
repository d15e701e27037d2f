#include "protocol/rpc/rpc_error.h"

namespace byok::rpc {

RpcError to_rpc_error(const Error& e) {
  RpcError r;
  r.message = e.kind == ErrorKind::Protocol ? e.message : e.describe();
  switch (e.kind) {
    case ErrorKind::Protocol:
      r.code = code::kInvalidParams;
      if (!e.type.empty()) r.data = {{"path", e.type}};
      return r;
    case ErrorKind::Cancelled: r.code = code::kRequestCancelled; break;
    case ErrorKind::Provider:
    case ErrorKind::Stream: r.code = code::kProviderError; break;
    case ErrorKind::Key: r.code = code::kKeyError; break;
    case ErrorKind::Config:
    case ErrorKind::Io: r.code = code::kConfigError; break;
    case ErrorKind::Network:
    case ErrorKind::Tls:
    case ErrorKind::Timeout: r.code = code::kNetworkError; break;
    case ErrorKind::Budget: r.code = code::kBudgetError; break;
    case ErrorKind::Internal: r.code = code::kInternalError; break;
  }
  r.data = {{"kind", to_string(e.kind)}, {"retryable", e.retryable}};
  if (!e.provider.empty()) r.data["provider"] = e.provider;
  if (e.status) r.data["status"] = e.status;
  if (!e.type.empty()) r.data["type"] = e.type;
  return r;
}

Error param_error(const std::string& path, const std::string& what) {
  Error e(ErrorKind::Protocol, (path.empty() ? std::string("params") : path) + ": " + what);
  e.type = path.empty() ? "params" : path;
  return e;
}

json error_to_json(const RpcError& e) {
  json j = {{"code", e.code}, {"message", e.message}};
  if (!e.data.is_null()) j["data"] = e.data;
  return j;
}

}  // namespace byok::rpc
