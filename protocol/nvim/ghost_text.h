// What the engine does to a Neovim buffer through the API: read lines, show a suggestion as ghost text
// (an extmark with virtual text in the "byok" namespace, highlight ByokGhost), insert it, clear it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/util/result.h"
#include "protocol/rpc/dispatcher.h"

namespace byok::nvim {

class NvimApi {
 public:
  explicit NvimApi(rpc::Dispatcher& d) : d_(d) {}
  Result<std::vector<std::string>> buf_get_lines(int64_t buf, int64_t start, int64_t end);
  Status buf_set_lines(int64_t buf, int64_t start, int64_t end, const std::vector<std::string>& lines);
  Status buf_set_text(int64_t buf, int64_t row, int64_t col, const std::vector<std::string>& lines);
  Result<int64_t> create_namespace(const std::string& name);
  // Ghost text at (row, col): the first line as virtual text after the cursor, the rest as virtual lines.
  Result<int64_t> show_ghost(int64_t buf, int64_t ns, int64_t row, int64_t col, const std::vector<std::string>& lines);
  void clear_namespace(int64_t buf, int64_t ns);  // a notification: never waits

 private:
  Result<nlohmann::json> call(const std::string& method, nlohmann::json args);
  rpc::Dispatcher& d_;
};

std::vector<std::string> split_lines(const std::string& text);  // on "\n"; "" → {""}

}  // namespace byok::nvim
