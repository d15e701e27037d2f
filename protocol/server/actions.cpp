// byok/actions and byok/runAction: the named prompt templates of core/actions (built-in, user config,
// project .byok.json), for every host. The same preparation as `byok actions run`: context gathered and
// trimmed to the model's window, the template rendered, the turn stored as a conversation (kind "action")
// and metered, the answer streamed as byok/chatDelta and the part to insert extracted. The host decides
// what to do with `output` (replace the selection, insert, show in the chat panel).
#include <filesystem>

#include "core/actions/action.h"
#include "core/actions/extract.h"
#include "core/actions/prepare.h"
#include "protocol/server/editor_context.h"
#include "protocol/server/handlers.h"
#include "protocol/server/lsp_types.h"
#include "protocol/server/progress.h"

namespace byok::server {
namespace {

Result<std::vector<actions::Action>> load(const Session& s) { return actions::load_actions(s.cfg.actions); }

nlohmann::json usage_of(const chat::TurnResult& r) {
  return {{"inputTokens", r.usage.input_tokens}, {"outputTokens", r.usage.output_tokens},
          {"costUsd", r.usage.cost_usd ? nlohmann::json(*r.usage.cost_usd) : nlohmann::json()}};
}

}  // namespace

void register_actions(rpc::Dispatcher& d, Session& s) {
  d.on_request("byok/actions", rpc::Dispatcher::Run::Worker,
               [&s](const nlohmann::json&, rpc::Reply reply, const CancelToken&) {
    auto all = load(s);
    if (!all) return reply.error(all.error());
    nlohmann::json list = nlohmann::json::array();
    for (const auto& a : *all) list.push_back(actions::to_json(a));
    reply(nlohmann::json{{"actions", list}});
  });

  // {name, uri? (an open document or a file path), range? (of the open document), selection? (text),
  //  lines? ({first, last}: the selection's 1-based lines when the host sends its text), input?,
  //  languageId?, fileName?, diagnostics? (LSP Diagnostic[] of the document; those in range are attached),
  //  buffers? ([{name, uri?, text}]: the host's open buffers; default: the documents open on this
  //  connection), model?, token?, workDoneToken?}
  d.on_request("byok/runAction", rpc::Dispatcher::Run::Worker,
               [&s](const nlohmann::json& params, rpc::Reply reply, const CancelToken& cancel) {
    rpc::Params p(params);
    const std::string name = p.string("name");
    const std::string uri = p.opt_string("uri").value_or("");
    std::optional<docs::Range> range;
    if (p.raw("range")) range = read_range(p.object("range"));
    auto selection = p.opt_string("selection");
    auto input = p.opt_string("input");
    auto language = p.opt_string("languageId");
    auto file_name = p.opt_string("fileName");
    const std::string model = p.opt_string("model").value_or("");
    std::optional<context::LineRange> lines;
    if (auto l = p.opt_object("lines")) {
      int64_t first = l->integer("first", 1), last = l->integer("last", 1);
      if (p.ok() && last < first) l->fail("last", "must be at least first (" + std::to_string(first) + ")");
      if (p.ok()) lines = context::LineRange{static_cast<int>(std::min<int64_t>(first, INT32_MAX)),
                                             static_cast<int>(std::min<int64_t>(last, INT32_MAX))};
    }
    auto diagnostics = read_diagnostics(p, "diagnostics");
    std::error_code ec;
    const std::filesystem::path root = std::filesystem::current_path(ec);
    auto host_buffers = read_buffers(p, "buffers", root);
    if (p.ok() && range && uri.empty()) p.fail("range", "needs uri (the open document it belongs to)");
    if (!p.ok()) return reply.error(p.error());
    nlohmann::json token = params.contains("token") ? params["token"] : nlohmann::json();

    auto all = load(s);
    if (!all) return reply.error(all.error());
    const actions::Action* action = actions::find_action(*all, name);
    if (!action) {
      std::string known;
      for (const auto& a : *all) known += (known.empty() ? "" : ", ") + a.name;
      return reply.error(rpc::param_error("name", "unknown action \"" + name + "\" (known: " + known + ")"));
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
      if (!text) return reply.error(text.error());
      if (!*text) {
        Error e = text->error();
        e.message = "range: " + e.message;
        return reply.error(e);
      }
      in.selection_text = **text;
    }
    if (selection) in.selection_text = *selection;  // the host's own text wins
    if (input) in.input = *input;
    in.language = language;
    in.editor_name = file_name;
    if (!in.language && !uri.empty()) {  // an open document knows its language
      auto lang = s.documents.with(uri, [](const docs::Document& doc) { return doc.language_id(); });
      if (lang && !lang->empty()) in.language = *lang;
    }
    if (!in.editor_name && !uri.empty() && !in.file) in.editor_name = uri;

    auto svc = s.services();
    if (!svc) return reply.error(svc.error());
    auto chat = *svc;
    auto target = chat->resolve(actions::turn_request(*action, {}, model));
    if (!target) return reply.error(target.error());
    if (auto st = chat::require_key(*target); !st) return reply.error(st.error());
    auto prepared = actions::prepare_action(*action, in, actions::context_budget(target->endpoint.spec, target->model, *action));
    if (!prepared) return reply.error(prepared.error());

    auto turn = actions::turn_request(*action, *prepared, model);
    turn.target = *target;
    WorkDoneProgress progress(s, params, "byok: " + action->name);
    nlohmann::json base = {{"requestId", reply.id()}, {"model", model_label(*target)}, {"action", action->name}};
    if (!token.is_null()) base["token"] = token;
    s.notify("byok/context", context_notification(base, prepared->items, prepared->notices, prepared->warnings));
    chat::TurnObserver obs;
    obs.on_start = [&](const chat::TurnStart& start) { base["id"] = std::to_string(start.conversation_id); };
    obs.on_event = [&](const llm::Event& ev) {
      if (auto* delta = std::get_if<llm::TextDelta>(&ev)) {
        auto n = base;
        n["text"] = delta->text;
        s.notify("byok/chatDelta", n);
      }
    };
    auto sent = chat->send(turn, obs, cancel);
    auto done = base;
    done["done"] = true;
    if (!sent || sent->error) {
      auto err = rpc::to_rpc_error(sent ? *sent->error : sent.error());
      done["error"] = rpc::error_to_json(err);
      s.notify("byok/chatDelta", done);
      progress.end("failed");
      return reply.error(err);
    }
    auto extracted = actions::extract(action->extract, sent->text);
    if (!extracted) {
      Error e = extracted.error();
      e.message += " (the whole answer is in conversation " + std::to_string(sent->conversation_id) + ")";
      done["error"] = rpc::error_to_json(rpc::to_rpc_error(e));
      s.notify("byok/chatDelta", done);
      progress.end("failed");
      return reply.error(e);
    }
    const std::string finish = sent->summary && sent->summary->finish ? sent->summary->finish->reason : "stop";
    done["id"] = std::to_string(sent->conversation_id);
    done["usage"] = usage_of(*sent);
    done["finishReason"] = finish;
    s.notify("byok/chatDelta", done);
    progress.end("");
    nlohmann::json context = context_items_json(prepared->items);
    nlohmann::json result = {{"action", action->name},   {"output", actions::to_string(action->output)},
                             {"text", *extracted},       {"answer", sent->text},
                             {"id", std::to_string(sent->conversation_id)}, {"model", model_label(*target)},
                             {"usage", usage_of(*sent)}, {"finishReason", finish},
                             {"context", context},       {"notices", prepared->notices},
                             {"warnings", prepared->warnings}};
    if (range) result["range"] = to_json(*range);
    reply(result);
  });
}

}  // namespace byok::server
