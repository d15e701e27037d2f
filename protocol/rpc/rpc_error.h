// Wire-level errors. Core reports failures as byok::Error values; they become JSON-RPC / msgpack-rpc error
// objects only here, at the protocol edge (see protocol/README.md, "Errors", for the code table).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <variant>

#include "core/util/result.h"

namespace byok::rpc {

using json = nlohmann::json;

namespace code {
// JSON-RPC 2.0
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;
// LSP
inline constexpr int kServerNotInitialized = -32002;
inline constexpr int kRequestCancelled = -32800;
inline constexpr int kRequestFailed = -32803;
// byok: what went wrong beyond the protocol (data carries kind, provider, status, type, retryable)
inline constexpr int kProviderError = -32901;
inline constexpr int kKeyError = -32902;
inline constexpr int kConfigError = -32903;
inline constexpr int kNetworkError = -32904;
inline constexpr int kBudgetError = -32905;
}  // namespace code

struct RpcError {
  int code = code::kInternalError;
  std::string message;
  json data;  // null when there is nothing to add
};

// A reply: the result, or an error.
using Outcome = std::variant<json, RpcError>;

// Maps a core error to a wire error. ErrorKind::Protocol is a bad request parameter: Error::type carries the
// JSON path of the field at fault, which goes into data.path.
RpcError to_rpc_error(const Error& e);

// An Error naming a bad parameter: "textDocument.uri: expected string, got integer".
Error param_error(const std::string& path, const std::string& what);

json error_to_json(const RpcError& e);

}  // namespace byok::rpc
