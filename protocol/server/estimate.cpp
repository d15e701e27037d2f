// byok/estimate: what a chat request would cost before it is sent, from ChatService::preview — the same
// estimate, context-window fit and budget check `byok chat` applies (approximate prompt tokens: providers'
// tokenizers are not available offline), plus the model's context window and configured prices.
#include "protocol/server/conversation_ids.h"
#include "protocol/server/handlers.h"

namespace byok::server {

void register_estimate(rpc::Dispatcher& d, Session& s) {
  d.on_request("byok/estimate", rpc::Dispatcher::Run::Worker,
               [&s](const nlohmann::json& params, rpc::Reply reply, const CancelToken&) {
    rpc::Params p(params);
    std::string prompt = p.string("prompt");
    std::string model = p.opt_string("model").value_or("");
    std::string conversation = p.opt_string("conversation").value_or("");
    std::string system = p.opt_string("system").value_or("");
    auto max_output = p.opt_integer("maxOutputTokens", 0);
    if (!p.ok()) return reply.error(p.error());
    auto svc = s.services();
    if (!svc) return reply.error(svc.error());
    chat::TurnRequest turn;
    if (!conversation.empty()) {
      turn.conversation = parse_conversation_id(conversation);
      if (!turn.conversation || !(*svc)->store().conversations().info(*turn.conversation))
        return reply.error(rpc::param_error("conversation", "no conversation \"" + conversation + "\""));
    }
    // The model and its prices; a missing key does not matter for an estimate.
    app::Selection sel;
    sel.feature = "chat";
    sel.model = model;
    if (model.empty()) {
      auto st = s.settings();
      auto f = st.features["chat"];
      sel.provider = !f.provider.empty() ? f.provider : st.general.provider;
      sel.model = !f.model.empty() ? f.model : st.general.model;
    }
    keys::KeyResolver none;
    auto t = app::resolve_target(s.cfg, sel, none);
    if (!t) return reply.error(t.error());
    turn.target = *t;
    const bool blank_prompt = prompt.find_first_not_of(" \t\r\n") == std::string::npos;
    if (blank_prompt && conversation.empty()) {
      // Hosts ask with an empty prompt to learn the model in use and its window (e.g. for a status bar):
      // nothing would be sent, so nothing is estimated.
      auto info = t->endpoint.spec.model_info(t->model);
      reply({{"model", model_label(*t)}, {"inputTokens", 0}, {"method", "approx-4-bytes-per-token"},
             {"droppedMessages", 0},
             {"contextWindow", info && info->context ? nlohmann::json(info->context) : nlohmann::json()},
             {"fits", true}, {"inputCostUsd", 0.0}, {"budgetWarnings", nlohmann::json::array()},
             {"refusal", nullptr}});
      return;
    }
    // With a conversation, an empty prompt estimates the history: one placeholder character stands in.
    turn.prompt = blank_prompt ? "." : prompt;
    turn.system = system;
    if (max_output && *max_output > 0) turn.max_tokens = static_cast<int>(*max_output);
    auto preview = (*svc)->preview(turn);
    if (!preview) return reply.error(preview.error());
    const auto& e = preview->estimate;
    auto info = t->endpoint.spec.model_info(t->model);
    nlohmann::json r = {{"model", model_label(*t)}, {"inputTokens", e.input_tokens}, {"method", "approx-4-bytes-per-token"},
                        {"droppedMessages", preview->dropped_messages}};
    r["contextWindow"] = e.context_window ? nlohmann::json(e.context_window) : nlohmann::json();
    r["fits"] = e.context_window ? nlohmann::json(e.input_tokens < e.context_window) : nlohmann::json();
    r["inputCostUsd"] = e.input_cost_usd ? nlohmann::json(*e.input_cost_usd) : nlohmann::json();
    if (info && info->output_per_mtok && max_output)
      r["maxOutputCostUsd"] = static_cast<double>(*max_output) * *info->output_per_mtok / 1e6;
    nlohmann::json warnings = nlohmann::json::array();
    for (const auto& w : preview->budget_warnings) warnings.push_back(w.message);
    r["budgetWarnings"] = warnings;
    r["refusal"] = preview->refusal ? nlohmann::json(preview->refusal->message) : nlohmann::json();
    reply(r);
  });
}

}  // namespace byok::server
