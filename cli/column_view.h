// Side-by-side columns on a terminal, redrawn in place (ANSI) as text arrives — how `byok compare` shows
// several models answering at once. While streaming, each column shows its newest lines so the grid fits
// the screen; the final draw shows everything.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace byok::cli {

class ColumnView {
 public:
  ColumnView(std::vector<std::string> titles, int term_cols, int term_rows);
  void append(size_t column, std::string_view text);
  void set_footer(size_t column, std::string footer);
  // Redraws when the last draw is older than the frame interval (or always when `force`). `full` draws
  // every line (the last draw: nothing is redrawn after it).
  void render(bool force = false, bool full = false);

  // Model output is untrusted: control characters (escape sequences included) are dropped, tabs become
  // spaces. Public for tests.
  static std::string sanitize(std::string_view text);
  // Breaks text into lines of at most `width` code points.
  static std::vector<std::string> wrap(const std::string& text, int width);

 private:
  std::vector<std::string> titles_, texts_, footers_;
  int cols_, rows_, width_;
  int drawn_lines_ = 0;
  std::chrono::steady_clock::time_point last_draw_{};
};

// Terminal size of stdout; {80, 24} when unknown.
std::pair<int, int> terminal_size();

}  // namespace byok::cli
