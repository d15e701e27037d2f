// What the conversation commands (ask, chat, compare, history, usage) share on top of Context: the
// database and the ChatService over it. Opened on demand so `byok models` never touches the database.
#pragma once

#include <memory>
#include <string>

#include "cli/context.h"
#include "core/chat/chat_service.h"
#include "core/store/store.h"
#include "core/usage/estimate.h"

namespace byok::cli {

struct ChatSetup {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<chat::ChatService> chat;
};

// Opens $XDG_DATA_HOME/byok/byok.db and the chat service (host "cli"); prints the error on failure.
std::optional<ChatSetup> open_chat(Context& ctx);
// Only the database (history, usage).
std::unique_ptr<store::Store> open_store();

// "$0.0012", "$1.20", "?" when unknown.
std::string format_usd(std::optional<double> v);
// "~1,234 tokens in, up to 1,024 out, ~$0.0004 (window 128,000)" for the pre-send estimate.
std::string describe_estimate(const usage::Estimate& e);
std::string with_commas(int64_t n);

}  // namespace byok::cli
