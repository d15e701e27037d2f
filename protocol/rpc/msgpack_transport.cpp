#include "protocol/rpc/msgpack_transport.h"

#include <unistd.h>

#include <cerrno>

#include "core/util/log.h"
#include "protocol/rpc/msgpack_json.h"

namespace byok::rpc {
namespace {

json wrap_params(const json& params) {
  if (params.is_array()) return params;
  if (params.is_null()) return json::array();
  return json::array({params});
}

json unwrap_params(const json& params) {
  // Lua's {} is packed as an empty array: as the single argument it means "no fields".
  if (params.is_array() && params.size() == 1 && params[0].is_array() && params[0].empty()) return json::object();
  if (params.is_array() && params.size() == 1) return params[0];
  if (params.is_array() && params.empty()) return json::object();
  return params;
}

}  // namespace

MsgpackTransport::MsgpackTransport(int in_fd, int out_fd, size_t max_message_bytes)
    : in_fd_(in_fd), max_bytes_(max_message_bytes), out_(out_fd) {}

void MsgpackTransport::notify(std::string_view method, const json& params) {
  out_.send(to_msgpack_bytes(json::array({2, method, wrap_params(params)})), true);
}

void MsgpackTransport::call(std::string_view method, const json& params, const json& id) {
  out_.send(to_msgpack_bytes(json::array({0, id, method, wrap_params(params)})), false);
}

void MsgpackTransport::reply(const json& id, const Outcome& outcome) {
  json m;
  if (auto* err = std::get_if<RpcError>(&outcome)) {
    // Neovim accepts only [0 (Exception) | 1 (Validation), message] and shows the message; anything else
    // becomes "unknown error". Bad requests are validation errors. The full error object (with its code)
    // reaches Lua through byok/request's byok/reply.
    const bool validation = err->code == code::kInvalidParams || err->code == code::kInvalidRequest ||
                            err->code == code::kMethodNotFound;
    m = json::array({1, id, json::array({validation ? 1 : 0, err->message}), nullptr});
  } else {
    m = json::array({1, id, nullptr, std::get<json>(outcome)});
  }
  out_.send(to_msgpack_bytes(m), false);
}

bool dispatch_msgpack_rpc(const json& m, MessageHandler& handler) {
  auto bad = [&](const std::string& what, const std::optional<json>& id) {
    handler.on_bad_message({code::kInvalidRequest, what, nullptr}, id);
    return true;
  };
  if (!m.is_array() || m.empty() || !m[0].is_number_integer())
    return bad("a msgpack-rpc message must be an array starting with its type (0, 1 or 2)", std::nullopt);
  const int type = m[0].get<int>();
  if (type == 0) {
    if (m.size() != 4) return bad("a request must have 4 elements [0, id, method, params], got " + std::to_string(m.size()), std::nullopt);
    if (!m[1].is_number_integer()) return bad("request id: expected integer", std::nullopt);
    if (!m[2].is_string()) return bad("request method: expected string", m[1]);
    if (!m[3].is_array()) return bad("request params: expected array", m[1]);
    return handler.on_call(m[2], unwrap_params(m[3]), m[1]);
  }
  if (type == 1) {
    if (m.size() != 4 || !m[1].is_number_integer()) return bad("a response must be [1, id, error, result]", std::nullopt);
    if (!m[2].is_null()) {
      RpcError err;
      if (m[2].is_array() && m[2].size() >= 2 && m[2][1].is_string()) {
        err.message = m[2][1];
        if (m[2][0].is_number_integer()) err.code = m[2][0];
      } else {
        err.message = m[2].is_string() ? m[2].get<std::string>() : m[2].dump();
      }
      handler.on_reply(m[1], err);
    } else {
      handler.on_reply(m[1], m[3]);
    }
    return true;
  }
  if (type == 2) {
    if (m.size() != 3 || !m[1].is_string() || !m[2].is_array())
      return bad("a notification must be [2, method, params-array]", std::nullopt);
    return handler.on_notify(m[1], unwrap_params(m[2]));
  }
  return bad("unknown msgpack-rpc message type " + std::to_string(type), std::nullopt);
}

Status MsgpackTransport::loop(MessageHandler& handler) {
  Outbox::mark_reader_thread();
  // A msgpack message declares array and map sizes up front and msgpack-c allocates for them before the
  // elements arrive: without limits, five bytes claiming 500 million elements took gigabytes (found by the
  // msgpack_transport fuzzer). The limits sit far above what Neovim sends (a 1M-line buffer; params a few
  // levels deep) and bound the worst case to a few hundred MB; a message over them is undecodable input.
  const msgpack::unpack_limit limit(/*array=*/1u << 20, /*map=*/1u << 16, /*str=*/max_bytes_, /*bin=*/max_bytes_,
                                    /*ext=*/1u << 16, /*depth=*/16);
  msgpack::unpacker unpacker(nullptr, nullptr, 64 * 1024, limit);
  for (;;) {
    unpacker.reserve_buffer(64 * 1024);
    ssize_t n = ::read(in_fd_, unpacker.buffer(), unpacker.buffer_capacity());
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) {
      if (unpacker.nonparsed_size() > 0) return Error(ErrorKind::Protocol, "input ended inside a msgpack message");
      return ok_status();
    }
    if (n < 0) return Error(ErrorKind::Io, "reading stdin failed");
    unpacker.buffer_consumed(static_cast<size_t>(n));
    try {
      msgpack::object_handle oh;
      while (unpacker.next(oh)) {
        auto message = msgpack_to_json(oh.get());
        if (!message) {
          handler.on_bad_message({code::kInvalidRequest, message.error().message, nullptr}, std::nullopt);
          continue;
        }
        if (!dispatch_msgpack_rpc(*message, handler)) return ok_status();
      }
    } catch (const std::exception& e) {
      std::string why = std::string("undecodable msgpack input: ") + e.what();
      handler.on_bad_message({code::kParseError, why, nullptr}, std::nullopt);
      return Error(ErrorKind::Protocol, why);
    }
    if (unpacker.nonparsed_size() > max_bytes_) {
      std::string why = "msgpack message exceeds the limit of " + std::to_string(max_bytes_) + " bytes";
      handler.on_bad_message({code::kInvalidRequest, why, nullptr}, std::nullopt);
      return Error(ErrorKind::Protocol, why);
    }
  }
}

}  // namespace byok::rpc
