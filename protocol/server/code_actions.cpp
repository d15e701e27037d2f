// "byok: Rewrite selection…" as a code action, for every LSP editor (also those without custom-request
// support): the action runs workspace/executeCommand "byok.rewrite", which rewrites the range with the
// instruction given in the command's arguments (or the configured default) and applies the result through
// workspace/applyEdit.
#include "protocol/server/completion_service.h"
#include "protocol/server/handlers.h"
#include "protocol/server/lsp_types.h"
#include "protocol/server/progress.h"
#include "protocol/server/rewrite_job.h"

namespace byok::server {

inline constexpr const char* kRewriteCommand = "byok.rewrite";

void register_code_actions(rpc::Dispatcher& d, Session& s) {
  d.on_request("textDocument/codeAction", rpc::Dispatcher::Run::Inline,
               [&s](const nlohmann::json& params, rpc::Reply reply, const CancelToken&) {
    rpc::Params p(params);
    std::string uri = read_document_uri(p);
    docs::Range range = read_range(p.object("range"));
    if (!p.ok()) return reply.error(p.error());
    nlohmann::json actions = nlohmann::json::array();
    bool empty = range.start == range.end;
    if (!empty && s.documents.is_open(uri)) {
      nlohmann::json arg = {{"uri", uri}, {"range", to_json(range)}};
      actions.push_back({{"title", "byok: Rewrite selection…"},
                         {"kind", "refactor.rewrite"},
                         {"command", {{"title", "byok: Rewrite selection…"}, {"command", kRewriteCommand},
                                      {"arguments", nlohmann::json::array({arg})}}}});
    }
    reply(actions);
  });

  d.on_request("workspace/executeCommand", rpc::Dispatcher::Run::Worker,
               [&s, &d](const nlohmann::json& params, rpc::Reply reply, const CancelToken& cancel) {
    rpc::Params p(params);
    std::string command = p.one_of("command", {kRewriteCommand, kCompletionAcceptedCommand});
    if (p.ok() && command == kCompletionAcceptedCommand) {
      // An inline completion item's command: the editor inserted the suggestion (LSP runs the item's
      // command after inserting it), so every LSP client reports acceptance without byok-specific code.
      const auto* a = p.raw("arguments");
      if (!a || !a->is_array() || a->size() != 1 || !(*a)[0].is_number_unsigned())
        return reply.error(rpc::param_error("arguments", "expected [suggestionId]"));
      auto st = s.completions().feedback((*a)[0].get<uint64_t>(), completion::Feedback::Kind::Accepted);
      if (!st) return reply.error(st.error());
      return reply(nlohmann::json());
    }
    auto args = p.opt_object_array("arguments");
    if (p.ok() && args.size() != 1) p.fail("arguments", "expected one object {uri, range, instruction?}");
    if (!p.ok()) return reply.error(p.error());
    RewriteJob job;
    auto& a = args[0];
    job.uri = a.string("uri");
    job.range = read_range(a.object("range"));
    job.instruction = a.opt_string("instruction").value_or(s.settings().rewrite_instruction);
    if (auto m = a.opt_string("model")) job.models = {*m};
    if (!a.ok()) return reply.error(a.error());

    WorkDoneProgress progress(s, params, "byok: rewriting selection");
    auto candidates = run_rewrite(s, job, [&](const std::string&, const std::string&) { progress.report("writing…"); }, cancel);
    if (!candidates) return reply.error(candidates.error());
    const auto& c = candidates->front();
    if (c.error) return reply.error(*c.error);
    if (cancel.cancelled()) return reply.error(Error(ErrorKind::Cancelled, "cancelled"));
    progress.end("");
    auto applied = d.call("workspace/applyEdit",
                          {{"label", "byok: Rewrite selection"}, {"edit", workspace_edit(job.uri, job.range, c.new_text)}},
                          std::chrono::seconds(30), cancel);
    bool ok = applied && applied->is_object() && applied->value("applied", false);
    nlohmann::json result = {{"applied", ok}, {"newText", c.new_text}, {"model", c.model}};
    if (!applied) result["error"] = applied.error().message;
    reply(result);
  });
}

}  // namespace byok::server
