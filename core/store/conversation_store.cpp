#include "core/store/conversation_store.h"

namespace byok::store {
namespace {

constexpr const char* kMessageColumns =
    "id, conversation_id, seq, role, text, provider, model, status, error, input_tokens, output_tokens, "
    "created_ms, updated_ms";

llm::Role role_from(const std::string& s) {
  if (s == "system") return llm::Role::System;
  if (s == "assistant") return llm::Role::Assistant;
  return llm::Role::User;
}

StoredMessage read_message(const Statement& st) {
  StoredMessage m;
  m.id = st.int_at(0);
  m.conversation_id = st.int_at(1);
  m.seq = static_cast<int>(st.int_at(2));
  m.role = role_from(st.text_at(3));
  m.text = st.text_at(4);
  m.provider = st.text_at(5);
  m.model = st.text_at(6);
  m.status = message_status_from(st.text_at(7)).value_or(MessageStatus::Failed);
  m.error = st.text_at(8);
  m.input_tokens = st.opt_int_at(9);
  m.output_tokens = st.opt_int_at(10);
  m.created_ms = st.int_at(11);
  m.updated_ms = st.int_at(12);
  return m;
}

Error no_conversation(int64_t id) {
  return Error(ErrorKind::Config, "no conversation " + std::to_string(id) + " (see `byok history list`)");
}

constexpr const char* kInfoSelect =
    "SELECT c.id, c.title, c.system, c.branch_of, c.created_ms, c.updated_ms, "
    "(SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id), "
    "(SELECT m.provider || ':' || m.model FROM messages m WHERE m.conversation_id = c.id AND m.role = 'assistant' "
    " ORDER BY m.seq DESC LIMIT 1) "
    "FROM conversations c ";

ConversationInfo read_info(const Statement& st) {
  ConversationInfo c;
  c.id = st.int_at(0);
  c.title = st.text_at(1);
  c.system = st.text_at(2);
  c.branch_of = st.opt_int_at(3);
  c.created_ms = st.int_at(4);
  c.updated_ms = st.int_at(5);
  c.message_count = static_cast<int>(st.int_at(6));
  c.last_model = st.text_at(7);
  return c;
}

Status touch(Database& db, int64_t conversation_id, int64_t now) {
  auto st = db.prepare("UPDATE conversations SET updated_ms = ? WHERE id = ?");
  if (!st) return st.error();
  return st->bind(1, now).bind(2, conversation_id).run();
}

}  // namespace

const char* to_string(MessageStatus s) {
  switch (s) {
    case MessageStatus::Complete: return "complete";
    case MessageStatus::Streaming: return "streaming";
    case MessageStatus::Cancelled: return "cancelled";
    case MessageStatus::Failed: return "failed";
  }
  return "failed";
}

std::optional<MessageStatus> message_status_from(std::string_view s) {
  if (s == "complete") return MessageStatus::Complete;
  if (s == "streaming") return MessageStatus::Streaming;
  if (s == "cancelled") return MessageStatus::Cancelled;
  if (s == "failed") return MessageStatus::Failed;
  return std::nullopt;
}

Result<int64_t> ConversationStore::create(const std::string& title, const std::string& system,
                                          std::optional<int64_t> branch_of) {
  auto lock = db_.lock();
  auto st = db_.prepare("INSERT INTO conversations (title, system, branch_of, created_ms, updated_ms) VALUES (?,?,?,?,?)");
  if (!st) return st.error();
  int64_t now = now_ms();
  if (auto r = st->bind(1, title).bind(2, system).bind(3, branch_of).bind(4, now).bind(5, now).run(); !r)
    return r.error();
  return db_.last_insert_id();
}

Result<std::pair<int64_t, int64_t>> ConversationStore::create_with_message(const std::string& title,
                                                                           const std::string& system,
                                                                           const NewMessage& m) {
  auto lock = db_.lock();
  std::pair<int64_t, int64_t> ids{0, 0};
  auto tx = db_.transaction([&]() -> Status {
    const int64_t now = now_ms();
    auto conv = db_.prepare("INSERT INTO conversations (title, system, branch_of, created_ms, updated_ms) VALUES (?,?,?,?,?)");
    if (!conv) return conv.error();
    if (auto r = conv->bind(1, title).bind(2, system).bind(3, std::optional<int64_t>()).bind(4, now).bind(5, now).run(); !r)
      return r;
    ids.first = db_.last_insert_id();
    auto ins = db_.prepare(
        "INSERT INTO messages (conversation_id, seq, role, text, provider, model, status, created_ms, updated_ms) "
        "VALUES (?,1,?,?,?,?,?,?,?)");
    if (!ins) return ins.error();
    ins->bind(1, ids.first).bind(2, llm::to_string(m.role)).bind(3, m.text).bind(4, m.provider).bind(5, m.model);
    ins->bind(6, to_string(m.status)).bind(7, now).bind(8, now);
    if (auto r = ins->run(); !r) return r;
    ids.second = db_.last_insert_id();
    return ok_status();
  });
  if (!tx) return tx.error();
  return ids;
}

Result<int64_t> ConversationStore::append(int64_t conversation_id, const NewMessage& m) {
  auto lock = db_.lock();
  int64_t id = 0;
  auto tx = db_.transaction([&]() -> Status {
    auto exists = db_.prepare("SELECT COALESCE(MAX(m.seq), 0), COUNT(c.id) FROM conversations c "
                              "LEFT JOIN messages m ON m.conversation_id = c.id WHERE c.id = ?");
    if (!exists) return exists.error();
    exists->bind(1, conversation_id);
    if (auto r = exists->step(); !r) return r.error();
    if (exists->int_at(1) == 0) return no_conversation(conversation_id);
    int64_t seq = exists->int_at(0) + 1;
    int64_t now = now_ms();
    auto ins = db_.prepare(
        "INSERT INTO messages (conversation_id, seq, role, text, provider, model, status, created_ms, updated_ms) "
        "VALUES (?,?,?,?,?,?,?,?,?)");
    if (!ins) return ins.error();
    ins->bind(1, conversation_id).bind(2, seq).bind(3, llm::to_string(m.role)).bind(4, m.text);
    ins->bind(5, m.provider).bind(6, m.model).bind(7, to_string(m.status)).bind(8, now).bind(9, now);
    if (auto r = ins->run(); !r) return r;
    id = db_.last_insert_id();
    return touch(db_, conversation_id, now);
  });
  if (!tx) return tx.error();
  return id;
}

Status ConversationStore::update_text(int64_t message_id, const std::string& text) {
  auto lock = db_.lock();
  auto st = db_.prepare("UPDATE messages SET text = ?, updated_ms = ? WHERE id = ?");
  if (!st) return st.error();
  return st->bind(1, text).bind(2, now_ms()).bind(3, message_id).run();
}

Status ConversationStore::finish(int64_t message_id, const std::string& text, const AnswerEnd& end) {
  auto lock = db_.lock();
  return db_.transaction([&]() -> Status {
    int64_t now = now_ms();
    auto st = db_.prepare(
        "UPDATE messages SET text = ?, status = ?, error = ?, input_tokens = ?, output_tokens = ?, updated_ms = ? "
        "WHERE id = ?");
    if (!st) return st.error();
    st->bind(1, text).bind(2, to_string(end.status)).bind(3, end.error).bind(4, end.input_tokens);
    st->bind(5, end.output_tokens).bind(6, now).bind(7, message_id);
    if (auto r = st->run(); !r) return r;
    auto up = db_.prepare("UPDATE conversations SET updated_ms = ? WHERE id = (SELECT conversation_id FROM messages WHERE id = ?)");
    if (!up) return up.error();
    return up->bind(1, now).bind(2, message_id).run();
  });
}

Result<ConversationInfo> ConversationStore::info(int64_t id) {
  auto lock = db_.lock();
  auto st = db_.prepare(std::string(kInfoSelect) + "WHERE c.id = ?");
  if (!st) return st.error();
  st->bind(1, id);
  auto row = st->step();
  if (!row) return row.error();
  if (!*row) return no_conversation(id);
  return read_info(*st);
}

Result<Conversation> ConversationStore::get(int64_t id) {
  auto lock = db_.lock();
  Conversation c;
  auto info_r = info(id);
  if (!info_r) return info_r.error();
  c.info = std::move(*info_r);
  auto st = db_.prepare(std::string("SELECT ") + kMessageColumns + " FROM messages WHERE conversation_id = ? ORDER BY seq");
  if (!st) return st.error();
  st->bind(1, id);
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    c.messages.push_back(read_message(*st));
  }
  return c;
}

Result<std::vector<ConversationInfo>> ConversationStore::list(int limit) {
  auto lock = db_.lock();
  auto st = db_.prepare(std::string(kInfoSelect) + "ORDER BY c.updated_ms DESC, c.id DESC LIMIT ?");
  if (!st) return st.error();
  st->bind(1, static_cast<int64_t>(limit > 0 ? limit : -1));
  std::vector<ConversationInfo> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(read_info(*st));
  }
  return out;
}

Status ConversationStore::rename(int64_t id, const std::string& title) {
  auto lock = db_.lock();
  auto st = db_.prepare("UPDATE conversations SET title = ?, updated_ms = ? WHERE id = ?");
  if (!st) return st.error();
  if (auto r = st->bind(1, title).bind(2, now_ms()).bind(3, id).run(); !r) return r;
  if (db_.changes() == 0) return no_conversation(id);
  return ok_status();
}

Status ConversationStore::set_system(int64_t id, const std::string& system) {
  auto lock = db_.lock();
  auto st = db_.prepare("UPDATE conversations SET system = ? WHERE id = ?");
  if (!st) return st.error();
  if (auto r = st->bind(1, system).bind(2, id).run(); !r) return r;
  if (db_.changes() == 0) return no_conversation(id);
  return ok_status();
}

Status ConversationStore::remove(int64_t id) {
  auto lock = db_.lock();
  auto st = db_.prepare("DELETE FROM conversations WHERE id = ?");
  if (!st) return st.error();
  if (auto r = st->bind(1, id).run(); !r) return r;
  if (db_.changes() == 0) return no_conversation(id);
  return ok_status();
}

Result<int64_t> ConversationStore::branch(int64_t source, int up_to_seq, const std::string& title) {
  auto lock = db_.lock();
  auto src = info(source);
  if (!src) return src.error();
  int64_t id = 0;
  auto tx = db_.transaction([&]() -> Status {
    auto created = create(title.empty() ? src->title : title, src->system, source);
    if (!created) return created.error();
    id = *created;
    auto copy = db_.prepare(
        "INSERT INTO messages (conversation_id, seq, role, text, provider, model, status, error, input_tokens, "
        "output_tokens, created_ms, updated_ms) "
        "SELECT ?, seq, role, text, provider, model, status, error, input_tokens, output_tokens, created_ms, updated_ms "
        "FROM messages WHERE conversation_id = ? AND (? = 0 OR seq <= ?) ORDER BY seq");
    if (!copy) return copy.error();
    return copy->bind(1, id).bind(2, source).bind(3, static_cast<int64_t>(up_to_seq)).bind(4, static_cast<int64_t>(up_to_seq)).run();
  });
  if (!tx) return tx.error();
  return id;
}

llm::ChatRequest to_chat_request(const Conversation& c) {
  llm::ChatRequest req;
  req.system = c.info.system;
  for (const auto& m : c.messages) {
    if (m.text.empty()) continue;
    req.messages.push_back({m.role, m.text});
  }
  return req;
}

std::string title_from_prompt(const std::string& prompt) {
  std::string line;
  bool space = false;
  for (char ch : prompt) {
    if (ch == '\n' && !line.empty()) break;
    if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
      space = !line.empty();
      continue;
    }
    if (space) line.push_back(' ');
    space = false;
    line.push_back(ch);
  }
  constexpr size_t kMax = 60;
  if (line.size() <= kMax) return line.empty() ? "(untitled)" : line;
  size_t cut = line.rfind(' ', kMax);
  if (cut == std::string::npos || cut < kMax / 2) {
    cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
  }
  return line.substr(0, cut) + "…";
}

}  // namespace byok::store
