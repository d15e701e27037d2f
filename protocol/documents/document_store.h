// The open documents of one connection, by URI. didOpen/didChange/didClose run on the reader thread in
// message order; requests read snapshots (prefix/suffix, a range's text) under the same lock, so a worker
// never sees a half-applied edit.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "protocol/documents/document.h"

namespace byok::docs {

struct ContentChange {
  std::optional<Range> range;  // nullopt: the whole document
  std::string text;
};

class DocumentStore {
 public:
  void open(const std::string& uri, const std::string& language_id, int64_t version, std::string_view text);
  // Applies changes in order. On an error, changes before the bad one stay applied (as the client already
  // applied them all, the document is then out of step: the message says so, and the host should re-open it).
  Status change(const std::string& uri, int64_t version, const std::vector<ContentChange>& changes);
  bool close(const std::string& uri);
  bool is_open(const std::string& uri) const;
  size_t size() const;

  // Runs `fn` with the document under the lock; an error when the URI is not open.
  template <class Fn>
  auto with(const std::string& uri, Fn&& fn) const -> Result<decltype(fn(std::declval<const Document&>()))> {
    std::lock_guard lock(mu_);
    auto it = docs_.find(uri);
    if (it == docs_.end()) return not_open(uri);
    return fn(it->second);
  }

  // Runs `fn(uri, document)` for every open document, under the lock (keep it short: copy what you need).
  template <class Fn>
  void for_each(Fn&& fn) const {
    std::lock_guard lock(mu_);
    for (const auto& [uri, doc] : docs_) fn(uri, doc);
  }

 private:
  static Error not_open(const std::string& uri);
  mutable std::mutex mu_;
  std::map<std::string, Document> docs_;
  uint64_t edits_ = 0;  // orders Document::last_edit across documents
};

}  // namespace byok::docs
