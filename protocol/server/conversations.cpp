// byok/conversations: list / get / delete / export (md or json) of the session's conversations.
#include "protocol/server/handlers.h"

namespace byok::server {

void register_conversations(rpc::Dispatcher& d, Session& s) {
  d.on_request("byok/conversations", rpc::Dispatcher::Run::Inline,
               [&s](const nlohmann::json& params, rpc::Reply reply, const CancelToken&) {
    rpc::Params p(params);
    std::string action = p.one_of("action", {"list", "get", "delete", "export"});
    std::string id = action == "list" ? "" : p.string("id");
    std::string format = action == "export" ? p.opt_string("format").value_or("md") : "";
    if (p.ok() && action == "export" && format != "md" && format != "json")
      p.fail("format", "expected one of \"md\", \"json\", got \"" + format + "\"");
    if (!p.ok()) return reply.error(p.error());
    if (action == "list") {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& c : s.conversations.list()) list.push_back(ConversationMemory::summary(c));
      return reply(nlohmann::json{{"conversations", list}, {"scope", "session"}});
    }
    auto c = s.conversations.get(id);
    if (!c) return reply.error(rpc::param_error("id", "no conversation \"" + id + "\""));
    if (action == "get") return reply(ConversationMemory::to_json(*c));
    if (action == "delete") {
      s.conversations.remove(id);
      return reply(nlohmann::json{{"deleted", id}});
    }
    std::string content = format == "md" ? ConversationMemory::to_markdown(*c) : ConversationMemory::to_json(*c).dump(2);
    reply(nlohmann::json{{"id", id}, {"format", format}, {"content", content}});
  });
}

}  // namespace byok::server
