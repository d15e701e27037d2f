#include "protocol/documents/document_store.h"

namespace byok::docs {

Error DocumentStore::not_open(const std::string& uri) {
  Error e(ErrorKind::Protocol, "textDocument.uri: " + uri + " is not open (send textDocument/didOpen first)");
  e.type = "textDocument.uri";
  return e;
}

void DocumentStore::open(const std::string& uri, const std::string& language_id, int64_t version, std::string_view text) {
  std::lock_guard lock(mu_);
  docs_.insert_or_assign(uri, Document(uri, language_id, version, text));
}

Status DocumentStore::change(const std::string& uri, int64_t version, const std::vector<ContentChange>& changes) {
  std::lock_guard lock(mu_);
  auto it = docs_.find(uri);
  if (it == docs_.end()) return not_open(uri);
  for (size_t i = 0; i < changes.size(); ++i) {
    const auto& c = changes[i];
    auto st = it->second.apply(c.range ? &*c.range : nullptr, c.text);
    if (!st) {
      Error e = st.error();
      e.message = "contentChanges[" + std::to_string(i) + "]." + e.message + "; " + uri +
                  " is now out of step with the editor (close and reopen it)";
      e.type = "contentChanges[" + std::to_string(i) + "].range";
      return e;
    }
  }
  it->second.set_version(version);
  if (!changes.empty()) it->second.mark_edit(++edits_, changes.back().range ? changes.back().range->start.line : 0);
  return ok_status();
}

bool DocumentStore::close(const std::string& uri) {
  std::lock_guard lock(mu_);
  return docs_.erase(uri) > 0;
}

bool DocumentStore::is_open(const std::string& uri) const {
  std::lock_guard lock(mu_);
  return docs_.count(uri) > 0;
}

size_t DocumentStore::size() const {
  std::lock_guard lock(mu_);
  return docs_.size();
}

}  // namespace byok::docs
