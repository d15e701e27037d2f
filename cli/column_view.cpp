#include "cli/column_view.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace byok::cli {
namespace {

constexpr std::string_view kGap = " │ ";
constexpr auto kFrame = std::chrono::milliseconds(50);

bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

int code_points(std::string_view s) {
  int n = 0;
  for (char c : s) n += continuation(c) ? 0 : 1;
  return n;
}

// The first `width` code points of `s`, padded with spaces to exactly `width`.
std::string fit(std::string_view s, int width) {
  std::string out;
  int n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (!continuation(s[i])) {
      if (n == width) break;
      ++n;
    }
    out.push_back(s[i]);
  }
  out.append(static_cast<size_t>(width - n), ' ');
  return out;
}

}  // namespace

std::pair<int, int> terminal_size() {
  winsize ws{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) return {ws.ws_col, ws.ws_row};
  return {80, 24};
}

ColumnView::ColumnView(std::vector<std::string> titles, int term_cols, int term_rows)
    : titles_(std::move(titles)), texts_(titles_.size()), footers_(titles_.size()), cols_(term_cols), rows_(term_rows) {
  int n = static_cast<int>(std::max<size_t>(titles_.size(), 1));
  width_ = std::max(8, (cols_ - (n - 1) * static_cast<int>(code_points(kGap))) / n);
}

std::string ColumnView::sanitize(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == '\t') out += "  ";
    else if (c == '\n' || (u >= 0x20 && u != 0x7f)) out.push_back(c);
  }
  return out;
}

std::vector<std::string> ColumnView::wrap(const std::string& text, int width) {
  std::vector<std::string> lines(1);
  int n = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      lines.emplace_back();
      n = 0;
      continue;
    }
    if (!continuation(c)) {
      if (n == width) {
        lines.emplace_back();
        n = 0;
      }
      ++n;
    }
    lines.back().push_back(c);
  }
  return lines;
}

void ColumnView::append(size_t column, std::string_view text) { texts_.at(column) += sanitize(text); }

void ColumnView::set_footer(size_t column, std::string footer) { footers_.at(column) = sanitize(footer); }

void ColumnView::render(bool force, bool full) {
  auto now = std::chrono::steady_clock::now();
  if (!force && now - last_draw_ < kFrame) return;
  last_draw_ = now;
  std::vector<std::vector<std::string>> cells;
  size_t height = 0;
  for (const auto& t : texts_) {
    cells.push_back(wrap(t, width_));
    height = std::max(height, cells.back().size());
  }
  // While streaming the grid must fit on screen (cursor-up cannot reach above it): show each tail.
  size_t max_body = static_cast<size_t>(std::max(1, rows_ - 6));  // titles, rule, footers, prompt
  if (!full) height = std::min(height, max_body);

  std::string frame;
  if (drawn_lines_ > 0) frame += "\x1b[" + std::to_string(drawn_lines_) + "A";
  frame += "\r\x1b[J";
  auto row = [&](auto cell_text) {
    for (size_t c = 0; c < titles_.size(); ++c) {
      if (c) frame += kGap;
      frame += fit(cell_text(c), width_);
    }
    frame += "\n";
  };
  row([&](size_t c) { return std::string_view(titles_[c]); });
  row([&](size_t) { return std::string_view("────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────"); });
  for (size_t r = 0; r < height; ++r) {
    row([&](size_t c) {
      const auto& lines = cells[c];
      size_t skip = lines.size() > height ? lines.size() - height : 0;
      size_t idx = skip + r;
      return idx < lines.size() ? std::string_view(lines[idx]) : std::string_view();
    });
  }
  // Footers (stats, errors) wrap rather than being cut.
  std::vector<std::vector<std::string>> feet;
  size_t foot_height = 1;
  for (const auto& f : footers_) {
    feet.push_back(wrap(f, width_));
    foot_height = std::max(foot_height, feet.back().size());
  }
  for (size_t r = 0; r < foot_height; ++r)
    row([&](size_t c) { return r < feet[c].size() ? std::string_view(feet[c][r]) : std::string_view(); });
  drawn_lines_ = static_cast<int>(height + 2 + foot_height);
  std::fwrite(frame.data(), 1, frame.size(), stdout);
  std::fflush(stdout);
}

}  // namespace byok::cli
