#include "protocol/rpc/msgpack_json.h"

namespace byok::rpc {

Result<nlohmann::json> msgpack_to_json(const msgpack::object& o, const std::string& path) {
  using nlohmann::json;
  switch (o.type) {
    case msgpack::type::NIL: return json(nullptr);
    case msgpack::type::BOOLEAN: return json(o.via.boolean);
    case msgpack::type::POSITIVE_INTEGER: return json(o.via.u64);
    case msgpack::type::NEGATIVE_INTEGER: return json(o.via.i64);
    case msgpack::type::FLOAT32:
    case msgpack::type::FLOAT64: return json(o.via.f64);
    case msgpack::type::STR: return json(std::string(o.via.str.ptr, o.via.str.size));
    case msgpack::type::BIN: return json(std::string(o.via.bin.ptr, o.via.bin.size));
    case msgpack::type::ARRAY: {
      json a = json::array();
      for (uint32_t i = 0; i < o.via.array.size; ++i) {
        auto v = msgpack_to_json(o.via.array.ptr[i], path + "[" + std::to_string(i) + "]");
        if (!v) return v.error();
        a.push_back(std::move(*v));
      }
      return a;
    }
    case msgpack::type::MAP: {
      json m = json::object();
      for (uint32_t i = 0; i < o.via.map.size; ++i) {
        const auto& kv = o.via.map.ptr[i];
        std::string key;
        if (kv.key.type == msgpack::type::STR) key.assign(kv.key.via.str.ptr, kv.key.via.str.size);
        else if (kv.key.type == msgpack::type::POSITIVE_INTEGER) key = std::to_string(kv.key.via.u64);
        else if (kv.key.type == msgpack::type::NEGATIVE_INTEGER) key = std::to_string(kv.key.via.i64);
        else return Error(ErrorKind::Protocol, (path.empty() ? "params" : path) + ": map keys must be strings");
        auto v = msgpack_to_json(kv.val, path.empty() ? key : path + "." + key);
        if (!v) return v.error();
        m[key] = std::move(*v);
      }
      return m;
    }
    case msgpack::type::EXT: {
      // Neovim handles: the payload is itself a msgpack integer.
      try {
        // The payload is parsed with the tightest limits: a crafted one (a map header claiming 100M pairs)
        // made msgpack-c allocate gigabytes here (found by the msgpack_transport fuzzer).
        const msgpack::unpack_limit scalar_only(0, 0, 64, 64, 0, 1);
        auto handle = msgpack::unpack(o.via.ext.data(), o.via.ext.size, nullptr, nullptr, scalar_only);
        const auto& h = handle.get();
        if (h.type == msgpack::type::POSITIVE_INTEGER) return json(h.via.u64);
        if (h.type == msgpack::type::NEGATIVE_INTEGER) return json(h.via.i64);
      } catch (const std::exception&) {
      }
      return Error(ErrorKind::Protocol, (path.empty() ? "value" : path) + ": unsupported msgpack EXT value");
    }
  }
  return Error(ErrorKind::Protocol, (path.empty() ? "value" : path) + ": unsupported msgpack value");
}

void pack_json(msgpack::packer<msgpack::sbuffer>& pk, const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded: pk.pack_nil(); break;
    case nlohmann::json::value_t::boolean: j.get<bool>() ? pk.pack_true() : pk.pack_false(); break;
    case nlohmann::json::value_t::number_integer: pk.pack_int64(j.get<int64_t>()); break;
    case nlohmann::json::value_t::number_unsigned: pk.pack_uint64(j.get<uint64_t>()); break;
    case nlohmann::json::value_t::number_float: pk.pack_double(j.get<double>()); break;
    case nlohmann::json::value_t::string: {
      const auto& s = j.get_ref<const std::string&>();
      pk.pack_str(static_cast<uint32_t>(s.size()));
      pk.pack_str_body(s.data(), static_cast<uint32_t>(s.size()));
      break;
    }
    case nlohmann::json::value_t::binary: {
      const auto& b = j.get_binary();
      pk.pack_bin(static_cast<uint32_t>(b.size()));
      pk.pack_bin_body(reinterpret_cast<const char*>(b.data()), static_cast<uint32_t>(b.size()));
      break;
    }
    case nlohmann::json::value_t::array:
      pk.pack_array(static_cast<uint32_t>(j.size()));
      for (const auto& v : j) pack_json(pk, v);
      break;
    case nlohmann::json::value_t::object:
      pk.pack_map(static_cast<uint32_t>(j.size()));
      for (const auto& [k, v] : j.items()) {
        pk.pack_str(static_cast<uint32_t>(k.size()));
        pk.pack_str_body(k.data(), static_cast<uint32_t>(k.size()));
        pack_json(pk, v);
      }
      break;
  }
}

std::string to_msgpack_bytes(const nlohmann::json& j) {
  msgpack::sbuffer buf;
  msgpack::packer<msgpack::sbuffer> pk(buf);
  pack_json(pk, j);
  return std::string(buf.data(), buf.size());
}

}  // namespace byok::rpc
