#include "protocol/rpc/lsp_transport.h"

#include <thread>

#include "core/util/log.h"

namespace byok::rpc {
namespace {

bool usable_id(const json& id) { return id.is_string() || id.is_number_integer() || id.is_number_unsigned(); }

}  // namespace

LspTransport::LspTransport(int in_fd, int out_fd, FramingLimits limits) : reader_(in_fd, limits), out_(out_fd) {}

void LspTransport::send(const json& message, bool may_wait) {
  out_.send(frame_lsp(message.dump(-1, ' ', false, json::error_handler_t::replace)), may_wait);
}

void LspTransport::notify(std::string_view method, const json& params) {
  json m = {{"jsonrpc", "2.0"}, {"method", method}};
  if (!params.is_null()) m["params"] = params;
  send(m, true);
}

void LspTransport::call(std::string_view method, const json& params, const json& id) {
  json m = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
  if (!params.is_null()) m["params"] = params;
  send(m, true);
}

void LspTransport::reply(const json& id, const Outcome& outcome) {
  json m = {{"jsonrpc", "2.0"}, {"id", id}};
  if (auto* err = std::get_if<RpcError>(&outcome)) m["error"] = error_to_json(*err);
  else m["result"] = std::get<json>(outcome);
  send(m, false);  // replies are small; never hold one back behind streamed output
}

bool dispatch_jsonrpc(const json& m, MessageHandler& handler) {
  if (!m.is_object()) {
    handler.on_bad_message({code::kInvalidRequest, "a JSON-RPC message must be an object, got " +
                                                       std::string(m.type_name()), nullptr},
                           json(nullptr));
    return true;
  }
  std::optional<json> id;
  if (m.contains("id")) {
    if (!usable_id(m["id"]) && !m["id"].is_null()) {
      handler.on_bad_message({code::kInvalidRequest, "id: expected string or integer, got " +
                                                         std::string(m["id"].type_name()), json{{"path", "id"}}},
                             json(nullptr));
      return true;
    }
    id = m["id"];
  }
  auto bad = [&](const std::string& path, const std::string& what) {
    handler.on_bad_message({code::kInvalidRequest, path + ": " + what, json{{"path", path}}},
                           id ? *id : json(nullptr));
    return true;
  };
  if (!m.contains("jsonrpc") || m["jsonrpc"] != "2.0") return bad("jsonrpc", "expected \"2.0\"");
  if (m.contains("method")) {
    if (!m["method"].is_string()) return bad("method", std::string("expected string, got ") + m["method"].type_name());
    json params = m.contains("params") ? m["params"] : json(nullptr);
    if (!params.is_null() && !params.is_object() && !params.is_array())
      return bad("params", std::string("expected object or array, got ") + params.type_name());
    const std::string method = m["method"];
    if (!id) return handler.on_notify(method, std::move(params));
    if (id->is_null()) return bad("id", "a request id must not be null");
    return handler.on_call(method, std::move(params), *id);
  }
  if (!id) return bad("method", "missing (a message without method and id is neither request nor response)");
  if (m.contains("error")) {
    const json& e = m["error"];
    RpcError err;
    if (e.is_object()) {
      err.code = e.value("code", code::kInternalError);
      err.message = e.contains("message") && e["message"].is_string() ? e["message"].get<std::string>() : "";
      if (e.contains("data")) err.data = e["data"];
    } else {
      err.message = "malformed error object";
    }
    handler.on_reply(*id, err);
  } else if (m.contains("result")) {
    handler.on_reply(*id, m["result"]);
  } else {
    return bad("result", "a response needs result or error");
  }
  return true;
}

Status LspTransport::loop(MessageHandler& handler) {
  Outbox::mark_reader_thread();
  for (;;) {
    auto item = reader_.next();
    if (auto* end = std::get_if<LspFrameReader::End>(&item)) {
      if (end->truncated) return Error(ErrorKind::Protocol, *end->truncated);
      return ok_status();
    }
    if (auto* bad = std::get_if<LspFrameReader::BadFrame>(&item)) {
      log::warn("lsp: " + bad->message);
      handler.on_bad_message({code::kParseError, bad->message, nullptr}, json(nullptr));
      continue;
    }
    auto& body = std::get<LspFrameReader::Body>(item).bytes;
    json message = json::parse(body, nullptr, false);
    if (message.is_discarded()) {
      handler.on_bad_message({code::kParseError, "invalid JSON in message body (" + std::to_string(body.size()) +
                                                     " bytes)", nullptr},
                             json(nullptr));
      continue;
    }
    if (!dispatch_jsonrpc(message, handler)) return ok_status();
  }
}

}  // namespace byok::rpc
