// Neighbour snippets for inline completion: the code around the latest edit of other open documents (same
// language first, most recently edited first), so the model sees the helpers and types the user is working
// with, as peers (Copilot's "neighboring tabs") do. This is context attached without the user naming it, so
// only documents the exclusion rules allow (core/context/exclusion.h: .gitignore, .byokignore, secret-looking
// names or content) are used. Checking .gitignore runs git, so each document is vetted once, off the reader
// thread, after didOpen; until then it is not used.
#pragma once

#include <filesystem>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "core/completion/types.h"
#include "core/context/exclusion.h"
#include "protocol/documents/document_store.h"

namespace byok::server {

class NeighbourIndex {
 public:
  explicit NeighbourIndex(std::filesystem::path root) : root_(std::move(root)) {}

  // didOpen: queues the document for vetting. True when the caller should run vet_pending() on a thread
  // (none is running), so a hundred files opened at once start one vetting thread, not a hundred.
  bool enqueue(const std::string& uri);
  // Vets every queued document (may run git); loops until the queue is empty.
  void vet_pending();
  void forget(const std::string& uri);  // didClose
  bool allowed(const std::string& uri) const;
  const std::filesystem::path& root() const { return root_; }  // the project root names are shown from

 private:
  std::filesystem::path root_;
  mutable std::mutex mu_;
  std::vector<std::string> pending_;
  bool vetting_ = false;
  std::set<std::string> allowed_, refused_;
};

// Up to `max_docs` excerpts of at most `max_bytes` each (whole lines around each one's last edit) from the
// open documents other than `uri` that `index` allows; the same language first, then the most recent edits.
std::vector<completion::Snippet> neighbour_snippets(const docs::DocumentStore& documents, const NeighbourIndex& index,
                                                   const std::string& uri, const std::string& language_id,
                                                   size_t max_docs = 3, size_t max_bytes = 1500);

}  // namespace byok::server
