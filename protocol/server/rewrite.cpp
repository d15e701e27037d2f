// byok/rewrite: streams the new text of a range as byok/rewriteDelta notifications and answers with an edit
// ready to apply (or, with models[], one candidate per model).
#include "protocol/server/handlers.h"
#include "protocol/server/lsp_types.h"
#include "protocol/server/progress.h"
#include "protocol/server/rewrite_job.h"

namespace byok::server {

void register_rewrite(rpc::Dispatcher& d, Session& s) {
  d.on_request("byok/rewrite", rpc::Dispatcher::Run::Worker,
               [&s](const nlohmann::json& params, rpc::Reply reply, const CancelToken& cancel) {
    rpc::Params p(params);
    RewriteJob job;
    job.uri = read_document_uri(p);
    job.range = read_range(p.object("range"));
    job.instruction = p.opt_string("instruction").value_or(s.settings().rewrite_instruction);
    job.models = p.opt_string_array("models");
    job.key_name = p.opt_string("keyName").value_or("");
    if (auto m = p.opt_string("model"); m && job.models.empty()) job.models = {*m};
    if (p.ok() && job.instruction.find_first_not_of(" \t\r\n") == std::string::npos) p.fail("instruction", "is empty");
    nlohmann::json token = params.is_object() && params.contains("token") ? params["token"] : nlohmann::json();
    if (!p.ok()) return reply.error(p.error());

    WorkDoneProgress progress(s, params, "byok: rewriting");
    auto base = nlohmann::json{{"requestId", reply.id()}};
    if (!token.is_null()) base["token"] = token;
    auto candidates = run_rewrite(s, job, [&](const std::string& model, const std::string& text) {
      auto n = base;
      n["model"] = model;
      n["text"] = text;
      s.notify("byok/rewriteDelta", n);
    }, cancel);
    if (!candidates) return reply.error(candidates.error());
    if (cancel.cancelled()) return reply.error(Error(ErrorKind::Cancelled, "byok/rewrite was cancelled"));
    auto done = base;
    done["done"] = true;
    s.notify("byok/rewriteDelta", done);
    progress.end("");

    auto candidate_json = [&](const RewriteCandidate& c) {
      nlohmann::json j = {{"model", c.model}};
      if (c.error) {
        j["error"] = rpc::error_to_json(rpc::to_rpc_error(*c.error));
      } else {
        j["newText"] = c.new_text;
        j["usage"] = c.usage;
        j["edit"] = workspace_edit(job.uri, job.range, c.new_text);
      }
      return j;
    };
    if (candidates->size() == 1 && job.models.size() <= 1) {
      const auto& c = candidates->front();
      if (c.error) return reply.error(*c.error);
      auto j = candidate_json(c);
      j["uri"] = job.uri;
      j["range"] = to_json(job.range);
      return reply(j);
    }
    nlohmann::json list = nlohmann::json::array();
    for (const auto& c : *candidates) list.push_back(candidate_json(c));
    reply(nlohmann::json{{"uri", job.uri}, {"range", to_json(job.range)}, {"candidates", list}});
  });
}

}  // namespace byok::server
