// Conversations and their messages, in SQLite. Messages are provider-neutral (role + text) and remember
// which provider/model produced each answer, its token usage and how it ended, so a conversation can be
// continued with any other provider's model.
//
// Crash safety: the user's message is committed before anything is sent; an answer row is created with
// status "streaming" and its text is rewritten in short transactions as it grows (ChatService does this at
// bounded intervals), so a SIGKILL loses at most the part of the answer that arrived since the last flush.
// A row still "streaming" when no process is writing it was interrupted; it is shown as such.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/llm/types.h"
#include "core/store/sqlite.h"

namespace byok::store {

enum class MessageStatus { Complete, Streaming, Cancelled, Failed };
const char* to_string(MessageStatus s);
std::optional<MessageStatus> message_status_from(std::string_view s);

struct StoredMessage {
  int64_t id = 0;
  int64_t conversation_id = 0;
  int seq = 0;  // position in the conversation, from 1
  llm::Role role = llm::Role::User;
  std::string text;
  std::string provider, model;  // who produced an answer; empty for user turns
  MessageStatus status = MessageStatus::Complete;
  std::string error;  // for failed answers: the one-line error
  std::optional<int64_t> input_tokens, output_tokens;
  int64_t created_ms = 0, updated_ms = 0;
};

struct ConversationInfo {
  int64_t id = 0;
  std::string title;
  std::string system;                // system prompt for every turn; may be empty
  std::optional<int64_t> branch_of;  // the conversation this one was branched from
  int64_t created_ms = 0, updated_ms = 0;
  int message_count = 0;
  std::string last_model;  // "provider:model" of the latest answer, "" when none
};

struct Conversation {
  ConversationInfo info;
  std::vector<StoredMessage> messages;  // in order
};

// The fields of a new message; id, seq and timestamps are assigned by the store.
struct NewMessage {
  llm::Role role = llm::Role::User;
  std::string text;
  std::string provider, model;
  MessageStatus status = MessageStatus::Complete;
};

// How an answer ended.
struct AnswerEnd {
  MessageStatus status = MessageStatus::Complete;
  std::string error;
  std::optional<int64_t> input_tokens, output_tokens;
};

class ConversationStore {
 public:
  explicit ConversationStore(Database& db) : db_(db) {}

  Result<int64_t> create(const std::string& title, const std::string& system = {},
                         std::optional<int64_t> branch_of = std::nullopt);
  // A new conversation with its first message, in one transaction: a crash (SIGKILL) between the two never
  // leaves an empty conversation behind. Returns {conversation id, message id}.
  Result<std::pair<int64_t, int64_t>> create_with_message(const std::string& title, const std::string& system,
                                                          const NewMessage& first);
  // Appends a message and commits it at once.
  Result<int64_t> append(int64_t conversation_id, const NewMessage& m);
  // Rewrites a streaming answer's text (one short transaction: the crash-safety flush).
  Status update_text(int64_t message_id, const std::string& text);
  // Final text and status of an answer.
  Status finish(int64_t message_id, const std::string& text, const AnswerEnd& end);

  // Error kind Config "no conversation 42 (see `byok history list`)" when missing.
  Result<Conversation> get(int64_t id);
  Result<ConversationInfo> info(int64_t id);
  // Most recently updated first; `limit` 0 = all.
  Result<std::vector<ConversationInfo>> list(int limit = 0);
  Status rename(int64_t id, const std::string& title);
  Status set_system(int64_t id, const std::string& system);
  Status remove(int64_t id);
  // A new conversation holding copies of `source`'s messages up to and including seq `up_to_seq`
  // (0 = all), linked by branch_of.
  Result<int64_t> branch(int64_t source, int up_to_seq = 0, const std::string& title = {});

 private:
  Database& db_;
};

// The neutral transcript of a stored conversation: its system prompt plus every message with text, in order
// (cancelled and interrupted partial answers included: they are what the user saw; failed answers with no
// text are left out). Provider rules are applied later by the wire adapters (core/llm/transcript.h).
llm::ChatRequest to_chat_request(const Conversation& c);

// Exports. Markdown is for people (headings per turn, model names, statuses); JSON keeps every field.
std::string export_markdown(const Conversation& c);
nlohmann::json export_json(const Conversation& c);

// A title from the first prompt: first line, whitespace collapsed, cut at a word boundary near 60 chars.
std::string title_from_prompt(const std::string& prompt);

}  // namespace byok::store
