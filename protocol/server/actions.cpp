// byok/actions and byok/runAction: the named prompt templates of core/actions (built-in, user config,
// project .byok.json), for every host. The same preparation as `byok actions run`: context gathered and
// trimmed to the model's window, the template rendered, the turn stored as a conversation (kind "action")
// and metered, the answer streamed as byok/chatDelta and the part to insert extracted. The host decides
// what to do with `output` (replace the selection, insert, show in the chat panel).
#include <filesystem>

#include "core/actions/action.h"
#include "core/actions/extract.h"
#include "core/actions/prepare.h"
#include "protocol/server/action_run.h"
#include "protocol/server/conversation_turn.h"
#include "protocol/server/editor_context.h"
#include "protocol/server/handlers.h"
#include "protocol/server/lsp_types.h"
#include "protocol/server/progress.h"

namespace byok::server {
namespace {

Result<std::vector<actions::Action>> load(const Session& s) { return actions::load_actions(s.cfg.actions); }

}  // namespace

Result<nlohmann::json> run_action(Session& s, const nlohmann::json& params, const nlohmann::json& request_id,
                                  const CancelToken& cancel) {
  rpc::Params p(params);
  const std::string name = p.string("name");
  const std::string uri = p.opt_string("uri").value_or("");
  std::optional<docs::Range> range;
  if (p.raw("range")) range = read_range(p.object("range"));
  auto selection = p.opt_string("selection");
  auto input = p.opt_string("input");
  auto clipboard = p.opt_string("clipboard");
  auto language = p.opt_string("languageId");
  auto file_name = p.opt_string("fileName");
  const std::string model = p.opt_string("model").value_or("");
  const std::string key_name = p.opt_string("keyName").value_or("");
  std::optional<context::LineRange> lines;
  if (auto l = p.opt_object("lines")) {
    int64_t first = l->integer("first", 1), last = l->integer("last", 1);
    if (p.ok() && last < first) l->fail("last", "must be at least first (" + std::to_string(first) + ")");
    if (p.ok()) lines = context::LineRange{static_cast<int>(std::min<int64_t>(first, INT32_MAX)),
                                           static_cast<int>(std::min<int64_t>(last, INT32_MAX))};
  }
  auto diagnostics = read_diagnostics(p, "diagnostics");
  std::error_code ec;
  const std::filesystem::path root = working_directory();
  auto host_buffers = read_buffers(p, "buffers", root);
  if (p.ok() && range && uri.empty()) p.fail("range", "needs uri (the open document it belongs to)");
  if (!p.ok()) return p.error();
  nlohmann::json token = params.contains("token") ? params["token"] : nlohmann::json();

  auto all = load(s);
  if (!all) return all.error();
  const actions::Action* action = actions::find_action(*all, name);
  if (!action) {
    std::string known;
    for (const auto& a : *all) known += (known.empty() ? "" : ", ") + a.name;
    return rpc::param_error("name", "unknown action \"" + name + "\" (known: " + known + ")");
  }

  actions::RunInputs in;
  in.root = root;
  if (!uri.empty()) {
    if (auto path = local_path(uri)) {
      in.file = std::filesystem::absolute(*path, ec);
      in.file_shown = shown_path(*in.file, in.root);
    }
  }
  if (range) in.range = line_range(*range);
  if (lines) in.range = lines;
  in.diagnostics = std::move(diagnostics);
  // Open buffers are only copied when the action asks for them.
  auto needed = actions::needed_context(*action);
  if (std::find(needed.begin(), needed.end(), "buffers") != needed.end()) {
    if (host_buffers) {
      in.buffers = std::move(host_buffers);
    } else if (s.documents.size() > 0) {
      in.buffers = open_buffers(s.documents, in.root);
    }
  }
  if (range) {
    auto text = s.documents.with(uri, [&](const docs::Document& doc) { return doc.text_in(*range); });
    if (!text) return text.error();
    if (!*text) {
      Error e = text->error();
      e.message = "range: " + e.message;
      return e;
    }
    in.selection_text = **text;
  }
  if (selection) in.selection_text = *selection;  // the host's own text wins
  if (input) in.input = *input;
  in.clipboard = clipboard;
  in.language = language;
  in.editor_name = file_name;
  if (!in.language && !uri.empty()) {  // an open document knows its language
    auto lang = s.documents.with(uri, [](const docs::Document& doc) { return doc.language_id(); });
    if (lang && !lang->empty()) in.language = *lang;
  }
  if (!in.editor_name && !uri.empty() && !in.file) in.editor_name = uri;

  auto svc = s.services();
  if (!svc) return svc.error();
  auto chat = *svc;
  auto request = actions::turn_request(*action, {}, model);
  request.selection.key_name = s.key_name_for("chat", key_name);
  auto target = chat->resolve(request);
  if (!target) return target.error();
  if (auto st = chat::require_key(*target); !st) return st.error();
  auto prepared = actions::prepare_action(*action, in, actions::context_budget(target->endpoint.spec, target->model, *action));
  if (!prepared) return prepared.error();

  auto turn = actions::turn_request(*action, *prepared, model);
  turn.target = *target;
  WorkDoneProgress progress(s, params, "byok: " + action->name);
  nlohmann::json base = {{"requestId", request_id}, {"model", model_label(*target)}, {"action", action->name}};
  if (!token.is_null()) base["token"] = token;
  s.notify("byok/context", context_notification(base, prepared->items, prepared->notices, prepared->warnings));
  std::string extracted;
  auto streamed = stream_turn(s, *chat, turn, base, progress, cancel, [&](const chat::TurnResult& r) -> std::optional<Error> {
    auto e = actions::extract(action->extract, r.text);
    if (e) {
      extracted = std::move(*e);
      return std::nullopt;
    }
    Error err = e.error();
    err.message += " (the whole answer is in conversation " + std::to_string(r.conversation_id) + ")";
    return err;
  });
  if (!streamed) return streamed.error();
  nlohmann::json context = context_items_json(prepared->items);
  nlohmann::json result = {{"action", action->name},       {"output", actions::to_string(action->output)},
                           {"text", extracted},            {"answer", streamed->result.text},
                           {"id", streamed->id},           {"model", model_label(*target)},
                           {"usage", streamed->usage},     {"finishReason", streamed->finish},
                           {"context", context},           {"notices", prepared->notices},
                           {"warnings", prepared->warnings}};
  if (range) result["range"] = to_json(*range);
  return result;
}

void register_actions(rpc::Dispatcher& d, Session& s) {
  d.on_request("byok/actions", rpc::Dispatcher::Run::Worker,
               [&s](const nlohmann::json&, rpc::Reply reply, const CancelToken&) {
    auto all = load(s);
    if (!all) return reply.error(all.error());
    nlohmann::json list = nlohmann::json::array();
    for (const auto& a : *all) list.push_back(actions::to_json(a));
    reply(nlohmann::json{{"actions", list}});
  });

  d.on_request("byok/runAction", rpc::Dispatcher::Run::Worker,
               [&s](const nlohmann::json& params, rpc::Reply reply, const CancelToken& cancel) {
    auto result = run_action(s, params, reply.id(), cancel);
    if (!result) return reply.error(result.error());
    reply(*result);
  });
}

}  // namespace byok::server
