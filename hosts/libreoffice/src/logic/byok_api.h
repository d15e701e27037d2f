// The byok engine methods the LibreOffice host uses, as params builders and reply readers — the one place
// that knows the wire shapes of protocol/README.md (`byok/rewrite`, `byok/chat`, `byok/compare`, `byok/models`,
// `byok/keys`, `byok/usage`, `byok/conversations`; streamed `byok/rewriteDelta` / `byok/chatDelta`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "logic/engine_client.h"

namespace byok::lo::api {

// LSP position: line and UTF-16 column.
struct Position {
  int64_t line = 0, character = 0;
};
// Where `utf16_offset` falls in `text` (lines split at '\n').
Position position_at(std::u16string_view text, size_t utf16_offset);

// An office selection is not an LSP document. It goes to the engine as a short-lived plain-text document
// made of the text around it and the selection itself, so the model sees the context.
struct RewriteDocument {
  std::string uri;
  std::string text;  // before + selection + after, UTF-8
  Position start, end;  // the selection inside `text`
};
RewriteDocument rewrite_document(std::string uri, std::u16string_view before, std::u16string_view selection,
                                 std::u16string_view after);

nlohmann::json did_open(const RewriteDocument& doc);
nlohmann::json did_close(const std::string& uri);
nlohmann::json rewrite_params(const RewriteDocument& doc, const std::string& instruction, const std::string& model);
// The rewritten text from a `byok/rewrite` result.
std::optional<std::string> rewrite_text(const nlohmann::json& result);

// `byok/runAction` on the selected text (the office has no file URI for it; the document's title names it).
// `clipboard`: the clipboard's text; the engine attaches it only to actions that ask for it.
nlohmann::json run_action_params(const std::string& name, const std::string& selection_utf8, const std::string& title,
                                 const std::string& input, const std::string& model,
                                 const std::optional<std::string>& clipboard = std::nullopt);
struct ActionResult {
  std::string output;  // replace, insert, chat, panel
  std::string text;    // the part to use
  std::string answer;  // the whole reply
};
std::optional<ActionResult> action_result(const nlohmann::json& result);

// `byok/chat`: conversation "new" or an id; context_text goes in front of the prompt.
nlohmann::json chat_params(const std::string& prompt, const std::string& conversation, const std::string& model,
                           const std::string& system, const std::string& context_text);

// One streamed piece of a byok/chatDelta or byok/rewriteDelta notification.
struct Delta {
  int64_t request_id = 0;
  std::string text;
  std::string model;
  bool done = false;
  std::optional<std::string> error;  // on done, when the stream failed
};
// nullopt when the notification is not a delta of a request (unknown method or no requestId).
std::optional<Delta> read_delta(const std::string& method, const nlohmann::json& params);

// A message for people: the engine's own message (it names provider and status), plus a hint for the
// errors a user can fix.
std::string describe_error(const RpcError& error);

}  // namespace byok::lo::api
