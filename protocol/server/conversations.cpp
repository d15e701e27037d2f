// byok/conversations: list / get / delete / export (md or json) of the conversations in the shared store —
// the same ones `byok history` shows, whichever host started them.
#include "protocol/server/conversation_ids.h"
#include "protocol/server/handlers.h"

namespace byok::server {
namespace {

nlohmann::json summary_json(const store::ConversationInfo& c) {
  return {{"id", std::to_string(c.id)}, {"title", c.title}, {"model", c.last_model}, {"messages", c.message_count},
          {"createdMs", c.created_ms}, {"updatedMs", c.updated_ms}};
}

nlohmann::json conversation_json(const store::Conversation& c) {
  auto j = summary_json(c.info);
  j["messages"] = nlohmann::json::array();
  for (const auto& m : c.messages) {
    nlohmann::json mj = {{"role", llm::to_string(m.role)}, {"text", m.text}, {"status", store::to_string(m.status)}};
    if (!m.model.empty()) mj["model"] = m.provider + ":" + m.model;
    j["messages"].push_back(mj);
  }
  return j;
}

}  // namespace

void register_conversations(rpc::Dispatcher& d, Session& s) {
  d.on_request("byok/conversations", rpc::Dispatcher::Run::Worker,
               [&s](const nlohmann::json& params, rpc::Reply reply, const CancelToken&) {
    rpc::Params p(params);
    std::string action = p.one_of("action", {"list", "get", "delete", "export"});
    std::string id = action == "list" ? "" : p.string("id");
    std::string format = action == "export" ? p.opt_string("format").value_or("md") : "";
    if (p.ok() && action == "export" && format != "md" && format != "json")
      p.fail("format", "expected one of \"md\", \"json\", got \"" + format + "\"");
    if (!p.ok()) return reply.error(p.error());
    auto svc = s.services();
    if (!svc) return reply.error(svc.error());
    auto& store = (*svc)->store().conversations();
    if (action == "list") {
      auto all = store.list();
      if (!all) return reply.error(all.error());
      nlohmann::json list = nlohmann::json::array();
      for (const auto& c : *all) list.push_back(summary_json(c));
      return reply(nlohmann::json{{"conversations", list}, {"scope", "store"}});
    }
    auto num = parse_conversation_id(id);
    auto c = num ? store.get(*num) : Result<store::Conversation>(Error(ErrorKind::Config, "bad id"));
    if (!c) return reply.error(rpc::param_error("id", "no conversation \"" + id + "\""));
    if (action == "get") return reply(conversation_json(*c));
    if (action == "delete") {
      if (auto st = store.remove(*num); !st) return reply.error(st.error());
      return reply(nlohmann::json{{"deleted", id}});
    }
    std::string content = format == "md" ? store::export_markdown(*c) : store::export_json(*c).dump(2);
    reply(nlohmann::json{{"id", id}, {"format", format}, {"content", content}});
  });
}

}  // namespace byok::server
