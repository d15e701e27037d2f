#include "protocol/server/conversation_turn.h"

#include "protocol/rpc/rpc_error.h"

namespace byok::server {

Result<StreamedTurn> stream_turn(Session& s, chat::ChatService& chat, const chat::TurnRequest& turn, nlohmann::json base,
                                 WorkDoneProgress& progress, const CancelToken& cancel,
                                 const std::function<std::optional<Error>(const chat::TurnResult&)>& check) {
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
  auto sent = chat.send(turn, obs, cancel);
  auto done = base;
  done["done"] = true;
  std::optional<Error> failure;
  if (!sent) failure = sent.error();
  else if (sent->error) failure = *sent->error;
  else if (check) failure = check(*sent);
  if (failure) {
    auto err = rpc::to_rpc_error(*failure);
    done["error"] = rpc::error_to_json(err);
    s.notify("byok/chatDelta", done);
    progress.end("failed");
    return *failure;
  }
  StreamedTurn out;
  out.id = std::to_string(sent->conversation_id);
  out.usage = {{"inputTokens", sent->usage.input_tokens}, {"outputTokens", sent->usage.output_tokens},
               {"costUsd", sent->usage.cost_usd ? nlohmann::json(*sent->usage.cost_usd) : nlohmann::json()}};
  out.finish = sent->summary && sent->summary->finish ? sent->summary->finish->reason : "stop";
  done["id"] = out.id;
  done["usage"] = out.usage;
  done["finishReason"] = out.finish;
  s.notify("byok/chatDelta", done);
  progress.end("");
  out.result = std::move(*sent);
  return out;
}

}  // namespace byok::server
