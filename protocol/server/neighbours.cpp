#include "protocol/server/neighbours.h"

#include <algorithm>

#include "protocol/server/editor_context.h"

namespace byok::server {

bool NeighbourIndex::enqueue(const std::string& uri) {
  std::lock_guard lock(mu_);
  allowed_.erase(uri);
  refused_.erase(uri);
  pending_.push_back(uri);
  if (vetting_) return false;
  vetting_ = true;
  return true;
}

void NeighbourIndex::vet_pending() {
  const context::ExclusionRules rules(root_);  // reads .byokignore once per batch
  for (;;) {
    std::string uri;
    {
      std::lock_guard lock(mu_);
      if (pending_.empty()) {
        vetting_ = false;
        return;
      }
      uri = std::move(pending_.back());
      pending_.pop_back();
    }
    // A buffer that is no file (untitled:) has no name or ignore rule to check; its text is checked at use.
    bool ok = true;
    if (auto path = local_path(uri)) {
      std::error_code ec;
      ok = !rules.reason(std::filesystem::absolute(*path, ec));
    }
    std::lock_guard lock(mu_);
    (ok ? allowed_ : refused_).insert(uri);
  }
}

void NeighbourIndex::forget(const std::string& uri) {
  std::lock_guard lock(mu_);
  allowed_.erase(uri);
  refused_.erase(uri);
}

bool NeighbourIndex::allowed(const std::string& uri) const {
  std::lock_guard lock(mu_);
  return allowed_.count(uri) > 0;
}

namespace {

// Whole lines around `line`, at most `max_bytes`: the edited line first, then alternately the lines above
// and below it while they fit.
std::string excerpt_around(const docs::Document& doc, int64_t line, size_t max_bytes) {
  const int64_t count = static_cast<int64_t>(doc.line_count());
  if (count == 0) return {};
  line = std::clamp<int64_t>(line, 0, count - 1);
  auto line_text = [&](int64_t l) -> std::string {
    docs::Range r{{l, 0}, l + 1 < count ? docs::Position{l + 1, 0} : doc.end()};
    auto t = doc.text_in(r);
    return t ? *t : std::string();
  };
  std::string text = line_text(line);
  if (text.size() > max_bytes) return {};
  int64_t up = line - 1, down = line + 1;
  while (up >= 0 || down < count) {
    bool grew = false;
    if (up >= 0) {
      std::string t = line_text(up);
      if (text.size() + t.size() <= max_bytes) {
        text.insert(0, t);
        --up;
        grew = true;
      } else {
        up = -1;
      }
    }
    if (down < count) {
      std::string t = line_text(down);
      if (text.size() + t.size() <= max_bytes) {
        text += t;
        ++down;
        grew = true;
      } else {
        down = count;
      }
    }
    if (!grew) break;
  }
  return text;
}

}  // namespace

std::vector<completion::Snippet> neighbour_snippets(const docs::DocumentStore& documents, const NeighbourIndex& index,
                                                   const std::string& uri, const std::string& language_id,
                                                   size_t max_docs, size_t max_bytes) {
  struct Candidate {
    std::string uri;
    bool same_language;
    uint64_t seq;
    int64_t line;
  };
  std::vector<Candidate> candidates;
  documents.for_each([&](const std::string& other, const docs::Document& doc) {
    if (other == uri || !index.allowed(other)) return;
    candidates.push_back({other, doc.language_id() == language_id, doc.last_edit().seq, doc.last_edit().line});
  });
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.same_language != b.same_language) return a.same_language;
    return a.seq > b.seq;
  });
  std::vector<completion::Snippet> out;
  for (const auto& c : candidates) {
    if (out.size() >= max_docs) break;
    auto text = documents.with(c.uri, [&](const docs::Document& doc) { return excerpt_around(doc, c.line, max_bytes); });
    if (!text || text->empty()) continue;
    // The editor's text may hold what the file on disk did not (a key pasted a moment ago).
    if (context::content_looks_secret(*text)) continue;
    auto path = local_path(c.uri);
    out.push_back({path ? shown_path(*path, index.root()) : c.uri, std::move(*text)});
  }
  return out;
}

}  // namespace byok::server
