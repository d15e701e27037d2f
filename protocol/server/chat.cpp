// byok/chat: one turn of a conversation (new or continued), streamed as byok/chatDelta notifications.
// Context (a selection, a whole open file, or text) is put in front of the prompt.
#include "protocol/server/handlers.h"
#include "protocol/server/lsp_types.h"
#include "protocol/server/progress.h"
#include "protocol/server/streaming.h"
#include "protocol/server/conversation_ids.h"

namespace byok::server {
namespace {

// "Context" block from params.context: {selection: {uri, range}, file: uri, text: string}.
Result<std::string> read_context(Session& s, rpc::Params& p) {
  auto c = p.opt_object("context");
  if (!c) return std::string();
  std::string out;
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
    out += "Selected text from " + uri + ":\n```\n" + **text + "\n```\n\n";
  }
  if (auto file = c->opt_string("file")) {
    auto text = s.documents.with(*file, [&](const docs::Document& d) { return d.text(); });
    if (!text) {
      Error e = text.error();
      e.type = "context.file";
      e.message = "context.file: " + *file + " is not open";
      return e;
    }
    out += "File " + *file + ":\n```\n" + *text + "\n```\n\n";
  }
  if (auto text = c->opt_string("text")) out += *text + "\n\n";
  if (!p.ok()) return p.error();
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
    auto t = s.target("chat", model);
    if (!t) return reply.error(t.error());
    turn.target = *t;
    turn.prompt = *context + prompt;
    turn.system = system;
    if (auto f = s.settings().features["chat"]; f.max_tokens) turn.max_tokens = f.max_tokens;
    turn.kind = "chat";

    WorkDoneProgress progress(s, params, "byok: chat");
    nlohmann::json base = {{"id", conversation}, {"requestId", reply.id()}, {"model", model_label(*t)}};
    if (!token.is_null()) base["token"] = token;
    chat::TurnObserver obs;
    obs.on_start = [&](const chat::TurnStart& start) { base["id"] = std::to_string(start.conversation_id); };
    obs.on_event = [&](const llm::Event& ev) {
      if (auto* delta = std::get_if<llm::TextDelta>(&ev)) {
        auto n = base;
        n["text"] = delta->text;
        s.notify("byok/chatDelta", n);
      }
    };
    // The conversation is stored by ChatService (the same database as `byok history`): the user's message
    // first, the answer as it streams, and a cut answer marked cancelled/failed.
    auto sent = (*svc)->send(turn, obs, cancel);
    auto done = base;
    done["done"] = true;
    if (!sent || sent->error) {
      auto err = rpc::to_rpc_error(sent ? *sent->error : sent.error());
      done["error"] = rpc::error_to_json(err);
      s.notify("byok/chatDelta", done);
      progress.end("failed");
      return reply.error(err);
    }
    nlohmann::json usage = {{"inputTokens", sent->usage.input_tokens}, {"outputTokens", sent->usage.output_tokens},
                            {"costUsd", sent->usage.cost_usd ? nlohmann::json(*sent->usage.cost_usd) : nlohmann::json()}};
    std::string finish = sent->summary && sent->summary->finish ? sent->summary->finish->reason : "stop";
    std::string id = std::to_string(sent->conversation_id);
    done["id"] = id;
    done["usage"] = usage;
    done["finishReason"] = finish;
    s.notify("byok/chatDelta", done);
    progress.end("");
    reply(nlohmann::json{{"id", id}, {"text", sent->text}, {"model", model_label(*t)}, {"usage", usage},
                         {"finishReason", finish}});
  });
}

}  // namespace byok::server
