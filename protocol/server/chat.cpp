// byok/chat: one turn of a conversation (new or continued), streamed as byok/chatDelta notifications.
// Context (a selection, a whole open file, text, diagnostics, open buffers) is put in front of the prompt.
#include "protocol/server/conversation_turn.h"
#include "protocol/server/editor_context.h"
#include "protocol/server/handlers.h"
#include "protocol/server/lsp_types.h"
#include "protocol/server/progress.h"
#include "protocol/server/streaming.h"
#include "protocol/server/conversation_ids.h"

namespace byok::server {
namespace {

// Context put in front of the prompt, from params.context: {selection: {uri, range}, file: uri, text: string,
// diagnostics: LSP Diagnostic[] (of the selection's document; those in its range are attached; with `text`
// context, `fileName` names their buffer),
// buffers: true (the documents open on this connection) | [{name, uri?, text}] (the host's own)}.
// Each part is also a context item, so the reply can tell the user what was attached and how big it was.
struct ChatContext {
  std::string text;
  std::vector<context::ContextItem> items;
  std::vector<std::string> notices;  // open buffers left out by the exclusion rules
};

Result<ChatContext> read_context(Session& s, rpc::Params& p) {
  ChatContext out;
  auto c = p.opt_object("context");
  if (!c) return out;
  auto add = [&](std::string kind, std::string label, std::string text, const std::string& shown) {
    out.text += shown;
    out.items.push_back(context::make_item(std::move(kind), std::move(label), std::move(text)));
  };
  std::string document;  // the selection's (or file's) URI, for diagnostics
  std::optional<context::LineRange> lines;
  if (auto sel = c->opt_object("selection")) {
    std::string uri = sel->string("uri");
    docs::Range r = read_range(sel->object("range"));
    if (!p.ok()) return p.error();
    auto text = s.documents.with(uri, [&](const docs::Document& d) { return d.text_in(r); });
    if (!text) return text.error();
    if (!*text) {
      Error e = text->error();
      e.type = "context.selection.range";
      e.message = "context.selection." + e.message;
      return e;
    }
    document = uri;
    lines = line_range(r);
    add("selection", "selection " + uri, **text, "Selected text from " + uri + ":\n```\n" + **text + "\n```\n\n");
  }
  if (auto file = c->opt_string("file")) {
    auto text = s.documents.with(*file, [&](const docs::Document& d) { return d.text(); });
    if (!text) {
      Error e = text.error();
      e.type = "context.file";
      e.message = "context.file: " + *file + " is not open";
      return e;
    }
    if (document.empty()) document = *file;
    add("file", "file " + *file, *text, "File " + *file + ":\n```\n" + *text + "\n```\n\n");
  }
  if (auto text = c->opt_string("text")) add("text", "text", *text, *text + "\n\n");
  auto diagnostics = read_diagnostics(*c, "diagnostics");
  // A host that sends its text itself names the buffer the diagnostics belong to.
  if (document.empty()) document = c->opt_string("fileName").value_or("");
  if (!p.ok()) return p.error();
  if (diagnostics) {
    auto item = context::diagnostics_item(*diagnostics, document, lines);
    out.text += item.text + "\n";
    out.items.push_back(std::move(item));
  }
  std::error_code ec;
  const std::filesystem::path root = working_directory();
  std::optional<std::vector<context::OpenBuffer>> buffers;
  if (const auto* b = c->raw("buffers"); b && b->is_boolean()) {
    if (b->get<bool>()) buffers = open_buffers(s.documents, root);
  } else {
    buffers = read_buffers(*c, "buffers", root);
  }
  if (!p.ok()) return p.error();
  if (buffers) {
    std::optional<std::filesystem::path> current;
    if (!document.empty()) current = local_path(document);
    if (current) current = std::filesystem::absolute(*current, ec);
    auto open = context::buffer_items(*buffers, current, context::ExclusionRules(root));
    for (auto& i : open.items) {
      out.text += "Open " + i.label + ":\n```\n" + i.text + (i.text.empty() || i.text.back() == '\n' ? "" : "\n") + "```\n\n";
      out.items.push_back(std::move(i));
    }
    out.notices = std::move(open.notices);
  }
  return out;
}

}  // namespace

void register_chat(rpc::Dispatcher& d, Session& s) {
  d.on_request("byok/chat", rpc::Dispatcher::Run::Worker,
               [&s](const nlohmann::json& params, rpc::Reply reply, const CancelToken& cancel) {
    rpc::Params p(params);
    std::string prompt = p.string("prompt");
    std::string conversation = p.opt_string("conversation").value_or("new");
    std::string model = p.opt_string("model").value_or("");
    std::string system = p.opt_string("system").value_or("");
    std::string key_name = p.opt_string("keyName").value_or("");
    if (p.ok() && prompt.find_first_not_of(" \t\r\n") == std::string::npos) p.fail("prompt", "is empty");
    if (!p.ok()) return reply.error(p.error());
    auto context = read_context(s, p);
    if (!context) return reply.error(context.error());
    nlohmann::json token = params.contains("token") ? params["token"] : nlohmann::json();
    auto svc = s.services();
    if (!svc) return reply.error(svc.error());

    chat::TurnRequest turn;
    if (conversation != "new") {
      turn.conversation = parse_conversation_id(conversation);
      if (!turn.conversation || !(*svc)->store().conversations().info(*turn.conversation))
        return reply.error(rpc::param_error("conversation", "no conversation \"" + conversation + "\""));
    }
    auto t = s.target("chat", model, key_name);
    if (!t) return reply.error(t.error());
    turn.target = *t;
    turn.prompt = context->text + prompt;
    turn.system = system;
    if (auto f = s.settings().features["chat"]; f.max_tokens) turn.max_tokens = f.max_tokens;
    turn.kind = "chat";

    WorkDoneProgress progress(s, params, "byok: chat");
    nlohmann::json base = {{"id", conversation}, {"requestId", reply.id()}, {"model", model_label(*t)}};
    if (!token.is_null()) base["token"] = token;
    if (!context->items.empty()) s.notify("byok/context", context_notification(base, context->items, context->notices, {}));
    auto streamed = stream_turn(s, **svc, turn, base, progress, cancel);
    if (!streamed) return reply.error(streamed.error());
    nlohmann::json result{{"id", streamed->id}, {"text", streamed->result.text}, {"model", model_label(*t)},
                          {"usage", streamed->usage}, {"finishReason", streamed->finish}};
    if (!context->items.empty()) result["context"] = context_items_json(context->items);
    if (!context->notices.empty()) result["notices"] = context->notices;
    reply(result);
  });
}

}  // namespace byok::server
