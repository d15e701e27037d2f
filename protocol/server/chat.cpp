// byok/chat: one turn of a conversation (new or continued), streamed as byok/chatDelta notifications.
// Context (a selection, a whole open file, or text) is put in front of the prompt.
#include "protocol/server/handlers.h"
#include "protocol/server/lsp_types.h"
#include "protocol/server/progress.h"
#include "protocol/server/streaming.h"

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

    std::vector<llm::Message> history;
    if (conversation != "new") {
      auto c = s.conversations.get(conversation);
      if (!c) return reply.error(rpc::param_error("conversation", "no conversation \"" + conversation + "\""));
      history = c->messages;
    }
    auto t = s.target("chat", model);
    if (!t) return reply.error(t.error());
    if (conversation == "new") conversation = s.conversations.create(prompt);

    llm::ChatRequest req;
    req.system = system;
    req.messages = history;
    std::string user_text = *context + prompt;
    req.messages.push_back({llm::Role::User, user_text});
    if (auto f = s.settings().features["chat"]; f.max_tokens) req.max_tokens = f.max_tokens;

    WorkDoneProgress progress(s, params, "byok: chat");
    nlohmann::json base = {{"id", conversation}, {"requestId", reply.id()}, {"model", model_label(*t)}};
    if (!token.is_null()) base["token"] = token;
    std::string partial;
    auto a = stream_chat(s, *t, req, [&](const std::string& text) {
      auto n = base;
      n["text"] = text;
      s.notify("byok/chatDelta", n);
    }, cancel, &partial);
    s.conversations.append(conversation, {llm::Role::User, user_text}, model_label(*t));
    auto done = base;
    done["done"] = true;
    if (!a) {
      // What arrived before the failure stays in the conversation, marked as cut.
      if (!partial.empty()) s.conversations.append(conversation, {llm::Role::Assistant, partial + " [interrupted]"}, {});
      auto err = rpc::to_rpc_error(a.error());
      done["error"] = rpc::error_to_json(err);
      s.notify("byok/chatDelta", done);
      progress.end("failed");
      return reply.error(err);
    }
    s.conversations.append(conversation, {llm::Role::Assistant, a->text}, {});
    std::string finish = a->summary.finish ? a->summary.finish->reason : "stop";
    done["usage"] = usage_json(*a);
    done["finishReason"] = finish;
    s.notify("byok/chatDelta", done);
    progress.end("");
    reply(nlohmann::json{{"id", conversation}, {"text", a->text}, {"model", model_label(*t)},
                         {"usage", usage_json(*a)}, {"finishReason", finish}});
  });
}

}  // namespace byok::server
