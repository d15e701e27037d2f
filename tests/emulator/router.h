// Turns one HTTP request into one answer: records it, emulates the round trip, checks provider auth
// headers, picks the dialect and the Scenario, and hands the body to the stream driver. Shared by the HTTP
// and the HTTPS server; the only place besides emulator.cpp and control_api.cpp that sees cpp-httplib.
#pragma once

#include <atomic>
#include <cstdint>

#include "tests/emulator/emulator.h"
#include "tests/emulator/request_log.h"
#include "tests/emulator/scenario.h"
#include "tests/emulator/stop_signal.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace byok::emu {

// Everything a request handler may touch. Owned by the Emulator, which outlives both servers.
struct ServerContext {
  const Options& options;
  ScenarioBook& scenarios;
  RequestLog& log;
  const StopSignal& stop;
  std::atomic<std::uint64_t>& next_id;  // for response ids
};

void serve(ServerContext& ctx, const httplib::Request& req, httplib::Response& res, bool tls);

}  // namespace byok::emu
