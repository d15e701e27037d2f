#include "protocol/nvim/ghost_text.h"

namespace byok::nvim {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) {
      out.push_back(text.substr(start));
      return out;
    }
    std::string line = text.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.push_back(std::move(line));
    start = nl + 1;
  }
}

Result<nlohmann::json> NvimApi::call(const std::string& method, nlohmann::json args) {
  auto r = d_.call(method, std::move(args), std::chrono::seconds(10));
  if (!r) {
    Error e = r.error();
    e.message = method + ": " + e.message;
    return e;
  }
  return r;
}

Result<std::vector<std::string>> NvimApi::buf_get_lines(int64_t buf, int64_t start, int64_t end) {
  auto r = call("nvim_buf_get_lines", {buf, start, end, true});
  if (!r) return r.error();
  if (!r->is_array()) return Error(ErrorKind::Protocol, "nvim_buf_get_lines: expected an array of lines");
  std::vector<std::string> lines;
  for (auto& l : *r) lines.push_back(l.is_string() ? l.get<std::string>() : std::string());
  return lines;
}

Status NvimApi::buf_set_lines(int64_t buf, int64_t start, int64_t end, const std::vector<std::string>& lines) {
  auto r = call("nvim_buf_set_lines", {buf, start, end, true, lines});
  if (!r) return r.error();
  return ok_status();
}

Status NvimApi::buf_set_text(int64_t buf, int64_t row, int64_t col, const std::vector<std::string>& lines) {
  auto r = call("nvim_buf_set_text", {buf, row, col, row, col, lines});
  if (!r) return r.error();
  return ok_status();
}

Result<int64_t> NvimApi::create_namespace(const std::string& name) {
  auto r = call("nvim_create_namespace", {name});
  if (!r) return r.error();
  if (!r->is_number_integer()) return Error(ErrorKind::Protocol, "nvim_create_namespace: expected an integer");
  return r->get<int64_t>();
}

Result<int64_t> NvimApi::show_ghost(int64_t buf, int64_t ns, int64_t row, int64_t col, const std::vector<std::string>& lines) {
  clear_namespace(buf, ns);
  using nlohmann::json;
  // Chunks are [text, highlight] arrays; spelled out because {{a, b}} would make a JSON object.
  auto chunk = [](const std::string& text) { return json::array({json::array({text, "ByokGhost"})}); };
  json opts = {{"virt_text", chunk(lines.at(0))}, {"virt_text_pos", "overlay"}, {"hl_mode", "combine"}};
  if (lines.size() > 1) {
    json virt_lines = json::array();
    for (size_t i = 1; i < lines.size(); ++i) virt_lines.push_back(chunk(lines[i]));
    opts["virt_lines"] = virt_lines;
  }
  auto r = call("nvim_buf_set_extmark", {buf, ns, row, col, opts});
  if (!r) return r.error();
  return r->is_number_integer() ? r->get<int64_t>() : 0;
}

void NvimApi::clear_namespace(int64_t buf, int64_t ns) { d_.notify("nvim_buf_clear_namespace", {buf, ns, 0, -1}); }

}  // namespace byok::nvim
