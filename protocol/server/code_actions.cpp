// Code actions for every LSP editor (also those without custom-request support), applied through
// workspace/applyEdit:
//  - "byok: Rewrite selection…" runs workspace/executeCommand "byok.rewrite", which rewrites the range with
//    the instruction given in the command's arguments (or the configured default);
//  - "byok: Fix (N diagnostics)" appears where the editor reports diagnostics (the codeAction request's
//    context carries them, from every language server and linter the user runs): "byok.applyAction" runs the
//    `fix` action on the lines they cover with those diagnostics as context and replaces the lines.
#include <algorithm>

#include "protocol/server/action_run.h"
#include "protocol/server/completion_service.h"
#include "protocol/server/editor_context.h"
#include "protocol/server/handlers.h"
#include "protocol/server/lsp_types.h"
#include "protocol/server/progress.h"
#include "protocol/server/rewrite_job.h"

namespace byok::server {

inline constexpr const char* kRewriteCommand = "byok.rewrite";
inline constexpr const char* kRunActionCommand = "byok.applyAction";

namespace {

// The whole lines the diagnostics (and the selection) cover: from the start of the first to the start of
// the line after the last (or the document's end), so a fix replaces complete lines.
std::optional<docs::Range> covered_lines(const Session& s, const std::string& uri, const docs::Range& selection,
                                         const std::vector<context::Diagnostic>& diagnostics) {
  int64_t first = selection.start.line, last = selection.end.line;
  if (selection.end.character == 0 && last > first) --last;
  for (const auto& d : diagnostics) {  // 1-based lines, as read_diagnostics gives them
    first = std::min<int64_t>(first, d.line - 1);
    last = std::max<int64_t>(last, (d.end_line > d.line ? d.end_line : d.line) - 1);
  }
  auto range = s.documents.with(uri, [&](const docs::Document& doc) -> std::optional<docs::Range> {
    if (first < 0 || static_cast<size_t>(first) >= doc.line_count()) return std::nullopt;
    docs::Range r{{first, 0}, doc.end()};
    if (last >= 0 && static_cast<size_t>(last) + 1 < doc.line_count()) r.end = {last + 1, 0};
    return r;
  });
  return range ? *range : std::nullopt;
}

// Applies an action's answer as its output says: replace the range, insert after it, or show it.
Result<nlohmann::json> apply_action(rpc::Dispatcher& d, Session& s, const std::string& uri, const docs::Range& range,
                                    const nlohmann::json& run, const CancelToken& cancel) {
  const std::string output = run.value("output", "panel");
  std::string text = run.value("text", "");
  nlohmann::json result = {{"output", output}, {"text", text}, {"id", run.value("id", "")}, {"model", run.value("model", "")}};
  if (output != "replace" && output != "insert") {
    s.notify("window/showMessage", {{"type", 3}, {"message", "byok (" + run.value("action", "") + "): " + run.value("answer", text)}});
    result["applied"] = false;
    return result;
  }
  bool whole_lines = range.end.character == 0 && range.end.line > range.start.line;
  if (whole_lines && !text.empty() && text.back() != '\n') text += '\n';
  docs::Range target = output == "replace" ? range : docs::Range{range.end, range.end};
  auto applied = d.call("workspace/applyEdit",
                        {{"label", "byok: " + run.value("action", "")}, {"edit", workspace_edit(uri, target, text)}},
                        std::chrono::seconds(30), cancel);
  result["applied"] = applied && applied->is_object() && applied->value("applied", false);
  if (!applied) result["error"] = applied.error().message;
  return result;
}

}  // namespace

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
    // The diagnostics the editor shows there, read as runAction reads them: a malformed one is a param error
    // naming it ("context.diagnostics[0].range: expected object"), never an exception.
    std::optional<std::vector<context::Diagnostic>> parsed;
    if (auto c = p.opt_object("context")) parsed = read_diagnostics(*c, "diagnostics");
    if (!p.ok()) return reply.error(p.error());
    const nlohmann::json* diagnostics = parsed && !parsed->empty() ? &params["context"]["diagnostics"] : nullptr;
    if (diagnostics) {
      if (auto lines = covered_lines(s, uri, range, *parsed)) {
        std::string title = "byok: Fix (" + std::to_string(diagnostics->size()) +
                            (diagnostics->size() == 1 ? " diagnostic)" : " diagnostics)");
        nlohmann::json arg = {{"name", "fix"}, {"uri", uri}, {"range", to_json(*lines)}, {"diagnostics", *diagnostics}};
        actions.push_back({{"title", title},
                           {"kind", "quickfix"},
                           {"diagnostics", *diagnostics},
                           {"command", {{"title", title}, {"command", kRunActionCommand},
                                        {"arguments", nlohmann::json::array({arg})}}}});
      }
    }
    reply(actions);
  });

  d.on_request("workspace/executeCommand", rpc::Dispatcher::Run::Worker,
               [&s, &d](const nlohmann::json& params, rpc::Reply reply, const CancelToken& cancel) {
    rpc::Params p(params);
    std::string command = p.one_of("command", {kRewriteCommand, kRunActionCommand, kCompletionAcceptedCommand});
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
    if (p.ok() && command == kRunActionCommand) {
      // {name, uri, range, diagnostics?, input?, model?}: the action runs on the open document's range (its
      // diagnostics attached), and its answer is applied by its output.
      auto args = p.opt_object_array("arguments");
      if (p.ok() && args.size() != 1) p.fail("arguments", "expected one object {name, uri, range, diagnostics?}");
      if (!p.ok()) return reply.error(p.error());
      std::string uri = args[0].string("uri");
      docs::Range range = read_range(args[0].object("range"));
      if (!args[0].ok()) return reply.error(args[0].error());
      nlohmann::json run_params = args[0].json();
      if (params.contains("workDoneToken")) run_params["workDoneToken"] = params["workDoneToken"];
      auto run = run_action(s, run_params, reply.id(), cancel);
      if (!run) return reply.error(run.error());
      auto applied = apply_action(d, s, uri, range, *run, cancel);
      if (!applied) return reply.error(applied.error());
      return reply(*applied);
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
