// byok/compare: one prompt to several models at once, through core/compare (the same service as
// `byok compare`): each stream's pieces go out as byok/chatDelta with its model; one model failing does not
// stop the others (its entry carries the error); every call is metered and budget-checked; the prompt can
// go on top of a stored conversation's history. byok/compareKeep stores the answer the user picked.
#include "core/compare/compare.h"
#include "protocol/server/conversation_ids.h"
#include "protocol/server/handlers.h"
#include "protocol/server/progress.h"

namespace byok::server {
namespace {

nlohmann::json usage_json(const store::UsageRecord& u) {
  return {{"inputTokens", u.input_tokens}, {"outputTokens", u.output_tokens},
          {"costUsd", u.cost_usd ? nlohmann::json(*u.cost_usd) : nlohmann::json()}, {"estimated", u.estimated}};
}

// The new turn(s) a comparison sends: the system prompt and the user's prompt.
llm::ChatRequest new_turn(const std::string& prompt, const std::string& system) {
  llm::ChatRequest req;
  req.system = system;
  req.messages.push_back({llm::Role::User, prompt});
  return req;
}

// params.conversation: a stored conversation's id, or nothing.
std::optional<int64_t> read_conversation(rpc::Params& p, chat::ChatService& chat) {
  auto raw = p.opt_string("conversation");
  if (!raw || *raw == "new") return std::nullopt;
  auto id = parse_conversation_id(*raw);
  if (!id || !chat.store().conversations().info(*id)) {
    p.fail("conversation", "no conversation \"" + *raw + "\"");
    return std::nullopt;
  }
  return id;
}

}  // namespace

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
    auto svc = s.services();
    if (!svc) return reply.error(svc.error());
    auto conversation = read_conversation(p, **svc);
    if (!p.ok()) return reply.error(p.error());
    nlohmann::json token = params.contains("token") ? params["token"] : nlohmann::json();

    // Models resolve with this connection's keys (a host's byok/secret included). One that cannot (no key,
    // unknown provider) is reported in its slot; the others still run.
    std::vector<nlohmann::json> results(models.size());
    std::vector<size_t> slot_of;  // index in the service's request → index in `models`
    compare::CompareRequest req;
    req.request = new_turn(prompt, system);
    req.conversation = conversation;
    for (size_t i = 0; i < models.size(); ++i) {
      auto t = s.target("chat", models[i]);
      if (!t) {
        results[i] = {{"model", models[i]}, {"error", rpc::error_to_json(rpc::to_rpc_error(t.error()))}};
        continue;
      }
      req.targets.push_back(*t);
      slot_of.push_back(i);
    }

    WorkDoneProgress progress(s, params, "byok: compare");
    auto base = [&](const std::string& label) {
      nlohmann::json n = {{"requestId", reply.id()}, {"model", label}};
      if (!token.is_null()) n["token"] = token;
      return n;
    };
    for (size_t i = 0; i < models.size(); ++i) {
      if (results[i].is_null()) continue;
      auto done = base(models[i]);
      done["done"] = true;
      done["error"] = results[i]["error"];
      s.notify("byok/chatDelta", done);
    }
    compare::CompareObserver obs;
    obs.on_event = [&](size_t, const std::string& label, const llm::Event& ev) {
      if (auto* delta = std::get_if<llm::TextDelta>(&ev)) {
        auto n = base(label);
        n["text"] = delta->text;
        s.notify("byok/chatDelta", n);
      }
    };
    obs.on_done = [&](const compare::CompareAnswer& a) {
      auto done = base(a.label);
      done["done"] = true;
      if (a.error) done["error"] = rpc::error_to_json(rpc::to_rpc_error(*a.error));
      else done["usage"] = usage_json(a.usage);
      s.notify("byok/chatDelta", done);
    };
    if (!req.targets.empty()) {
      compare::CompareService service(**svc);
      auto answers = service.run(req, obs, cancel);
      if (!answers) {
        progress.end("failed");
        return reply.error(answers.error());
      }
      for (const auto& a : *answers) {
        nlohmann::json r = {{"model", a.label}};
        if (a.error) {
          r["error"] = rpc::error_to_json(rpc::to_rpc_error(*a.error));
          if (!a.text.empty()) r["text"] = a.text;  // what arrived before the failure
        } else {
          r["text"] = a.text;
          r["usage"] = usage_json(a.usage);
          r["ttftMs"] = a.summary ? a.summary->ttft_ms : -1;
          r["durationMs"] = a.latency_ms;
          if (a.dropped_messages > 0) r["droppedMessages"] = a.dropped_messages;
        }
        results[slot_of[a.index]] = std::move(r);
      }
    }
    progress.end("");
    if (cancel.cancelled()) return reply.error(Error(ErrorKind::Cancelled, "byok/compare was cancelled"));
    reply(nlohmann::json{{"results", results}});
  });

  // {prompt, system?, conversation?, model, text, mode?: "branch" | "append"} → {id}
  d.on_request("byok/compareKeep", rpc::Dispatcher::Run::Worker,
               [&s](const nlohmann::json& params, rpc::Reply reply, const CancelToken&) {
    rpc::Params p(params);
    std::string prompt = p.string("prompt");
    std::string system = p.opt_string("system").value_or("");
    std::string model = p.string("model");
    std::string text = p.string("text");
    std::string mode = p.raw("mode") ? p.one_of("mode", {"branch", "append"}) : "branch";
    if (!p.ok()) return reply.error(p.error());
    auto svc = s.services();
    if (!svc) return reply.error(svc.error());
    auto conversation = read_conversation(p, **svc);
    if (!p.ok()) return reply.error(p.error());
    auto t = s.target("chat", model);
    if (!t) return reply.error(t.error());
    compare::CompareRequest req;
    req.request = new_turn(prompt, system);
    req.conversation = conversation;
    compare::CompareAnswer answer;
    answer.label = model_label(*t);
    answer.provider = t->endpoint.spec.name;
    answer.model = t->model;
    answer.text = text;
    compare::CompareService service(**svc);
    auto id = service.keep(req, answer, mode == "append" ? compare::KeepMode::Append : compare::KeepMode::Branch);
    if (!id) return reply.error(id.error());
    reply(nlohmann::json{{"id", std::to_string(*id)}});
  });
}

}  // namespace byok::server
