#include "protocol/documents/line_store.h"

#include <algorithm>
#include <cassert>
#include <iterator>

namespace byok::docs {
namespace {
constexpr size_t kChunkLines = 256;
}

std::string_view line_content(const std::string& line) {
  std::string_view v = line;
  if (!v.empty() && v.back() == '\n') v.remove_suffix(1);
  if (!v.empty() && v.back() == '\r') v.remove_suffix(1);
  return v;
}

std::vector<std::string> LineStore::split(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || text[i] == '\r') {
      size_t end = i + 1;
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++end;
      out.emplace_back(text.substr(start, end - start));
      start = end;
      i = end - 1;
    }
  }
  out.emplace_back(text.substr(start));
  return out;
}

LineStore::LineStore(std::string_view text) {
  auto lines = split(text);
  count_ = lines.size();
  for (size_t i = 0; i < lines.size(); i += kChunkLines) {
    size_t end = std::min(lines.size(), i + kChunkLines);
    chunks_.emplace_back(std::make_move_iterator(lines.begin() + i), std::make_move_iterator(lines.begin() + end));
  }
  recount_all();
}

size_t LineStore::bytes_of(const std::vector<std::string>& chunk) {
  size_t n = 0;
  for (const auto& l : chunk) n += l.size();
  return n;
}

void LineStore::recount_all() {
  chunk_bytes_.resize(chunks_.size());
  for (size_t c = 0; c < chunks_.size(); ++c) chunk_bytes_[c] = bytes_of(chunks_[c]);
  reindex();
}

void LineStore::reindex() {
  chunk_first_line_.resize(chunks_.size());
  chunk_first_byte_.resize(chunks_.size());
  size_t line = 0, byte = 0;
  for (size_t c = 0; c < chunks_.size(); ++c) {
    chunk_first_line_[c] = line;
    chunk_first_byte_[c] = byte;
    line += chunks_[c].size();
    byte += chunk_bytes_[c];
  }
  total_bytes_ = byte;
}

std::pair<size_t, size_t> LineStore::locate(size_t index) const {
  if (index >= count_) return {chunks_.size() - 1, chunks_.back().size()};
  // The last chunk starting at or before `index` (empty chunks exist only transiently, never here).
  auto it = std::upper_bound(chunk_first_line_.begin(), chunk_first_line_.end(), index);
  size_t c = static_cast<size_t>(it - chunk_first_line_.begin()) - 1;
  while (index - chunk_first_line_[c] >= chunks_[c].size()) ++c;  // skip empty chunks
  return {c, index - chunk_first_line_[c]};
}

const std::string& LineStore::line(size_t index) const {
  auto [c, o] = locate(index);
  return chunks_[c][o];
}

void LineStore::replace(size_t first, size_t last, std::vector<std::string> lines) {
  assert(first <= last && last < count_);
  auto [c, o] = locate(first);
  // Remove lines [first, last], chunk by chunk, starting at (c, o).
  size_t to_remove = last - first + 1;
  size_t rc = c, ro = o;
  while (to_remove > 0) {
    auto& chunk = chunks_[rc];
    size_t take = std::min(to_remove, chunk.size() - ro);
    chunk.erase(chunk.begin() + static_cast<std::ptrdiff_t>(ro), chunk.begin() + static_cast<std::ptrdiff_t>(ro + take));
    to_remove -= take;
    count_ -= take;
    ++rc;
    ro = 0;
  }
  auto& target = chunks_[c];
  count_ += lines.size();
  target.insert(target.begin() + static_cast<std::ptrdiff_t>(o), std::make_move_iterator(lines.begin()),
                std::make_move_iterator(lines.end()));
  // Only chunks c .. rc-1 changed: recount them (each at most a couple of chunk sizes of lines).
  for (size_t k = c; k < rc && k < chunks_.size(); ++k) chunk_bytes_[k] = bytes_of(chunks_[k]);
  rebalance(c);
  reindex();
}

void LineStore::rebalance(size_t c) {
  // Split an oversized chunk; drop emptied ones (keeping one so the store is never chunkless).
  bool reshaped = false;
  if (chunks_[c].size() > 2 * kChunkLines) {
    reshaped = true;
    std::vector<std::vector<std::string>> pieces;
    auto& big = chunks_[c];
    for (size_t i = 0; i < big.size(); i += kChunkLines) {
      size_t end = std::min(big.size(), i + kChunkLines);
      pieces.emplace_back(std::make_move_iterator(big.begin() + static_cast<std::ptrdiff_t>(i)),
                          std::make_move_iterator(big.begin() + static_cast<std::ptrdiff_t>(end)));
    }
    chunks_.erase(chunks_.begin() + static_cast<std::ptrdiff_t>(c));
    chunks_.insert(chunks_.begin() + static_cast<std::ptrdiff_t>(c), std::make_move_iterator(pieces.begin()),
                   std::make_move_iterator(pieces.end()));
  }
  for (size_t i = chunks_.size(); i-- > 0;)
    if (chunks_[i].empty() && chunks_.size() > 1) {
      chunks_.erase(chunks_.begin() + static_cast<std::ptrdiff_t>(i));
      reshaped = true;
    }
  // Splits and removals shift chunk positions: recount (rare: a chunk grew past twice its size, or emptied).
  if (reshaped) recount_all();
}

std::string LineStore::text() const {
  std::string out;
  for (const auto& chunk : chunks_)
    for (const auto& l : chunk) out += l;
  return out;
}

size_t LineStore::bytes_before(size_t index) const {
  if (index >= count_) return total_bytes_;
  auto [c, o] = locate(index);
  size_t total = chunk_first_byte_[c];
  for (size_t i = 0; i < o; ++i) total += chunks_[c][i].size();
  return total;
}

}  // namespace byok::docs
