#include "protocol/documents/line_store.h"

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
}

std::pair<size_t, size_t> LineStore::locate(size_t index) const {
  for (size_t c = 0; c < chunks_.size(); ++c) {
    if (index < chunks_[c].size()) return {c, index};
    index -= chunks_[c].size();
  }
  return {chunks_.size() - 1, chunks_.back().size()};
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
  rebalance(c);
}

void LineStore::rebalance(size_t c) {
  // Split an oversized chunk; drop emptied ones (keeping one so the store is never chunkless).
  if (chunks_[c].size() > 2 * kChunkLines) {
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
    if (chunks_[i].empty() && chunks_.size() > 1) chunks_.erase(chunks_.begin() + static_cast<std::ptrdiff_t>(i));
}

std::string LineStore::text() const {
  std::string out;
  for (const auto& chunk : chunks_)
    for (const auto& l : chunk) out += l;
  return out;
}

size_t LineStore::bytes_before(size_t index) const {
  size_t total = 0;
  for (const auto& chunk : chunks_) {
    for (const auto& line : chunk) {
      if (index == 0) return total;
      total += line.size();
      --index;
    }
  }
  return total;
}

}  // namespace byok::docs
