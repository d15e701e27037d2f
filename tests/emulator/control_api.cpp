#include "tests/emulator/control_api.h"

#include <httplib.h>

#include <chrono>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace byok::emu {
namespace {

using nlohmann::json;

void reply(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump() + "\n", "application/json");
}

json request_to_json(const RecordedRequest& r, std::chrono::steady_clock::time_point now) {
  json headers = json::array();
  for (const auto& [k, v] : r.headers) headers.push_back(json::array({k, v}));
  const bool ended = r.finished != std::chrono::steady_clock::time_point{};
  auto ms = [](auto d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); };
  return json{{"method", r.method},
              {"path", r.path},
              {"query", r.query},
              {"headers", headers},
              {"body", json::parse(r.body, nullptr, false).is_discarded() ? json(r.body) : json::parse(r.body)},
              {"raw_body", r.body},
              {"remote", r.remote},
              {"tls", r.tls},
              {"completed", r.completed},
              {"client_closed_early", r.client_closed_early},
              {"ended", ended},
              {"age_ms", ms(now - r.received)},
              {"duration_ms", ended ? json(ms(r.finished - r.received)) : json(nullptr)}};
}

void set_scenario(ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const json body = json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("model") || !body["model"].is_string())
    return reply(res, 400, {{"error", "expected {\"model\": \"…\", \"scenario\": {…}}"}});
  try {
    const Scenario s = scenario_from_json(body.value("scenario", json::object()));
    ctx.scenarios.set(body["model"].get<std::string>(), s);
    reply(res, 200, {{"ok", true}, {"model", body["model"]}, {"scenario", scenario_to_json(s)}});
  } catch (const std::invalid_argument& e) {
    reply(res, 400, {{"error", e.what()}});
  }
}

}  // namespace

void handle_control(ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const std::string& p = req.path;
  if (req.method == "POST" && p == "/_emu/scenario") return set_scenario(ctx, req, res);
  if (req.method == "POST" && p == "/_emu/reset") {
    ctx.scenarios.clear();
    ctx.log.clear();
    return reply(res, 200, {{"ok", true}});
  }
  if (req.method == "GET" && p == "/_emu/requests") {
    json out = json::array();
    const auto now = std::chrono::steady_clock::now();
    for (const auto& r : ctx.log.snapshot()) out.push_back(request_to_json(r, now));
    return reply(res, 200, out);
  }
  if (req.method == "GET" && p == "/_emu/stats")
    return reply(res, 200,
                 {{"connections", ctx.log.connections()},
                  {"tls_handshakes", ctx.log.tls_connections()},
                  {"requests", ctx.log.size()}});
  reply(res, 404, {{"error", "unknown control endpoint " + req.method + " " + p}});
}

}  // namespace byok::emu
