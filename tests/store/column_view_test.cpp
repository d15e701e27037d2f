// The compare display: untrusted model output cannot inject terminal escapes; wrapping counts code points.
#include <catch2/catch.hpp>

#include "cli/column_view.h"

using byok::cli::ColumnView;

TEST_CASE("column view: escapes are stripped, tabs expanded, lines wrapped by code point") {
  CHECK(ColumnView::sanitize("a\x1b[2Jb\tc\r\n\x07") == "a[2Jb  c\n");
  auto lines = ColumnView::wrap("ünïcødé✓ab\nxy", 4);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == "ünïc");
  CHECK(lines[1] == "ødé✓");
  CHECK(lines[2] == "ab");
  CHECK(lines[3] == "xy");
  CHECK(ColumnView::wrap("", 5) == std::vector<std::string>{""});
}
