// msgpack ⇄ JSON values, so msgpack-rpc messages reach the same handlers as JSON-RPC ones.
// Neovim's EXT types (Buffer 0, Window 1, Tabpage 2) carry a msgpack integer handle: they become plain
// integers, which Neovim accepts back wherever a handle is expected. BIN becomes a string.
#pragma once

#include <msgpack.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "core/util/result.h"

namespace byok::rpc {

Result<nlohmann::json> msgpack_to_json(const msgpack::object& o, const std::string& path = "");
void pack_json(msgpack::packer<msgpack::sbuffer>& pk, const nlohmann::json& j);
std::string to_msgpack_bytes(const nlohmann::json& j);

}  // namespace byok::rpc
