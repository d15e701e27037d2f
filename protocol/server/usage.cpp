// byok/usage: tokens and cost of this engine session, in total and per model.
#include "protocol/server/handlers.h"

namespace byok::server {

void register_usage(rpc::Dispatcher& d, Session& s) {
  d.on_request("byok/usage", rpc::Dispatcher::Run::Inline,
               [&s](const nlohmann::json& params, rpc::Reply reply, const CancelToken&) {
    rpc::Params p(params);
    if (!p.ok()) return reply.error(p.error());
    reply(s.usage.to_json());
  });
}

}  // namespace byok::server
