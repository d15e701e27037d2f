// byok/compare: one prompt to several models at once; each stream's pieces go out as byok/chatDelta with
// its model. One model failing does not stop the others; its entry carries the error.
#include <thread>

#include "protocol/server/handlers.h"
#include "protocol/server/progress.h"
#include "protocol/server/streaming.h"

namespace byok::server {

void register_compare(rpc::Dispatcher& d, Session& s) {
  d.on_request("byok/compare", rpc::Dispatcher::Run::Worker,
               [&s](const nlohmann::json& params, rpc::Reply reply, const CancelToken& cancel) {
    rpc::Params p(params);
    std::string prompt = p.string("prompt");
    auto models = p.opt_string_array("models");
    std::string system = p.opt_string("system").value_or("");
    if (p.ok() && !p.raw("models")) p.fail("models", "required");
    if (p.ok() && models.size() < 2) p.fail("models", "name at least two models to compare");
    if (p.ok() && prompt.find_first_not_of(" \t\r\n") == std::string::npos) p.fail("prompt", "is empty");
    if (!p.ok()) return reply.error(p.error());
    nlohmann::json token = params.contains("token") ? params["token"] : nlohmann::json();

    WorkDoneProgress progress(s, params, "byok: compare");
    llm::ChatRequest req;
    req.system = system;
    req.messages.push_back({llm::Role::User, prompt});
    std::vector<nlohmann::json> results(models.size());
    auto run_one = [&](size_t i) {
      nlohmann::json base = {{"requestId", reply.id()}, {"model", models[i]}};
      if (!token.is_null()) base["token"] = token;
      auto t = s.target("chat", models[i]);
      nlohmann::json r = {{"model", models[i]}};
      if (t) {
        base["model"] = r["model"] = model_label(*t);
        auto a = stream_chat(s, *t, req, [&](const std::string& text) {
          auto n = base;
          n["text"] = text;
          s.notify("byok/chatDelta", n);
        }, cancel, nullptr, "compare");
        if (a) {
          r["text"] = a->text;
          r["usage"] = usage_json(*a);
          r["ttftMs"] = a->summary.ttft_ms;
          r["durationMs"] = a->summary.duration_ms;
        } else {
          r["error"] = rpc::error_to_json(rpc::to_rpc_error(a.error()));
        }
      } else {
        r["error"] = rpc::error_to_json(rpc::to_rpc_error(t.error()));
      }
      auto done = base;
      done["done"] = true;
      if (r.contains("error")) done["error"] = r["error"];
      s.notify("byok/chatDelta", done);
      results[i] = std::move(r);
    };
    std::vector<std::thread> threads;
    for (size_t i = 0; i < models.size(); ++i) threads.emplace_back(run_one, i);
    for (auto& t : threads) t.join();
    progress.end("");
    if (cancel.cancelled()) return reply.error(Error(ErrorKind::Cancelled, "byok/compare was cancelled"));
    reply(nlohmann::json{{"results", results}});
  });
}

}  // namespace byok::server
