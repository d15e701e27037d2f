// One conversation turn streamed to the host, for byok/chat and byok/runAction: ChatService sends it (the
// turn is stored and metered), every text piece goes out as a byok/chatDelta carrying `base` (plus the
// conversation id once known), and exactly one final delta says `done` with usage and finish reason — or
// the error, also when `check` rejects the finished answer (an action's extractor finding nothing).
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/chat/chat_service.h"
#include "protocol/server/progress.h"
#include "protocol/server/session.h"

namespace byok::server {

struct StreamedTurn {
  chat::TurnResult result;
  std::string id;      // the conversation
  nlohmann::json usage;  // {inputTokens, outputTokens, costUsd}
  std::string finish;
};

// `check` runs on a successful answer before the final delta; an error it returns fails the turn.
Result<StreamedTurn> stream_turn(Session& s, chat::ChatService& chat, const chat::TurnRequest& turn, nlohmann::json base,
                                 WorkDoneProgress& progress, const CancelToken& cancel,
                                 const std::function<std::optional<Error>(const chat::TurnResult&)>& check = {});

}  // namespace byok::server
