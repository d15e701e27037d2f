// byok/estimate: what a chat request would cost before it is sent — approximate prompt tokens (about four
// bytes of UTF-8 per token, plus a few per message), the model's context window and the input cost from its
// configured prices. Approximate by design: providers' tokenizers are not available offline.
#include <cmath>

#include "protocol/server/handlers.h"

namespace byok::server {
namespace {

int64_t approx_tokens(const std::string& text) { return static_cast<int64_t>(std::ceil(static_cast<double>(text.size()) / 4.0)); }

}  // namespace

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
    int64_t tokens = approx_tokens(prompt) + approx_tokens(system) + 4;
    if (!conversation.empty()) {
      auto c = s.conversations.get(conversation);
      if (!c) return reply.error(rpc::param_error("conversation", "no conversation \"" + conversation + "\""));
      for (const auto& m : c->messages) tokens += approx_tokens(m.text) + 4;
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
    auto info = t->endpoint.spec.model_info(t->model);
    nlohmann::json r = {{"model", model_label(*t)}, {"inputTokens", tokens}, {"method", "approx-4-bytes-per-token"}};
    r["contextWindow"] = info && info->context ? nlohmann::json(info->context) : nlohmann::json();
    r["fits"] = info && info->context ? nlohmann::json(tokens < info->context) : nlohmann::json();
    if (info && info->input_per_mtok) r["inputCostUsd"] = static_cast<double>(tokens) * *info->input_per_mtok / 1e6;
    else r["inputCostUsd"] = nullptr;
    if (info && info->output_per_mtok && max_output)
      r["maxOutputCostUsd"] = static_cast<double>(*max_output) * *info->output_per_mtok / 1e6;
    reply(r);
  });
}

}  // namespace byok::server
