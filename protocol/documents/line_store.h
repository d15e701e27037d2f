// A document's lines in chunks of at most a few hundred lines, so an edit touches one chunk (plus a short
// scan over chunk sizes) whatever the document's length: a keystroke in a 100,000-line file costs about what
// it costs in a 100-line one (bench/protocol/bench_did_change measures it). Each line keeps its terminator
// ("\n", "\r\n" or "\r"); the last line has none and may be empty, so a document always has ≥ 1 line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace byok::docs {

class LineStore {
 public:
  explicit LineStore(std::string_view text = {});
  size_t line_count() const { return count_; }
  const std::string& line(size_t index) const;  // with its terminator; index < line_count()
  // Replaces lines [first, last] (inclusive) with `lines`, which must keep the invariant (every line but a
  // final one of the document ends in a terminator).
  void replace(size_t first, size_t last, std::vector<std::string> lines);
  std::string text() const;
  // Bytes in lines [0, index), and in the whole store: O(chunks + one chunk) from the per-chunk byte counts,
  // so a completion's absolute cursor offset costs the same on a 1M-line file as on a small one.
  size_t bytes_before(size_t index) const;
  size_t total_bytes() const { return total_bytes_; }

  // Splits text at "\n", "\r\n" and "\r", keeping terminators; the last piece has none (possibly empty).
  static std::vector<std::string> split(std::string_view text);

 private:
  std::pair<size_t, size_t> locate(size_t index) const;  // (chunk, offset in chunk)
  void rebalance(size_t chunk);
  static size_t bytes_of(const std::vector<std::string>& chunk);
  void recount_all();
  void reindex();  // first line and first byte of every chunk, O(chunks): after each change
  std::vector<std::vector<std::string>> chunks_;
  std::vector<size_t> chunk_bytes_;       // bytes per chunk, kept in step with chunks_
  std::vector<size_t> chunk_first_line_;  // prefix sums, so locate() is a binary search
  std::vector<size_t> chunk_first_byte_;
  size_t count_ = 0;
  size_t total_bytes_ = 0;
};

// The line without its terminator.
std::string_view line_content(const std::string& line);

}  // namespace byok::docs
