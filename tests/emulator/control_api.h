// The emulator's own endpoints, served on the same ports as the providers' so that tests in any language
// (tests/sdk in Node, shell scripts) can steer it without the C++ API:
//   POST /_emu/scenario  {"model":"…","scenario":{…Scenario fields in snake_case…}}  ("*" = every model)
//   GET  /_emu/requests  JSON array of the recorded requests
//   POST /_emu/reset     forget scenarios and recorded requests
//   GET  /_emu/stats     {"connections":N,"tls_handshakes":N,"requests":N}
// These requests are not recorded and do not count as connections.
#pragma once

#include "tests/emulator/router.h"

namespace byok::emu {

void handle_control(ServerContext& ctx, const httplib::Request& req, httplib::Response& res);

}  // namespace byok::emu
