#include "protocol/server/lsp_types.h"

#include "core/stream/utf8.h"

namespace byok::server {

docs::Position read_position(rpc::Params p) {
  docs::Position pos;
  pos.line = p.integer("line", 0);
  pos.character = p.integer("character", 0);
  return pos;
}

docs::Range read_range(rpc::Params p) {
  docs::Range r;
  r.start = read_position(p.object("start"));
  r.end = read_position(p.object("end"));
  return r;
}

std::string read_document_uri(rpc::Params& p) { return p.object("textDocument").string("uri"); }

nlohmann::json to_json(const docs::Position& p) { return {{"line", p.line}, {"character", p.character}}; }
nlohmann::json to_json(const docs::Range& r) { return {{"start", to_json(r.start)}, {"end", to_json(r.end)}}; }

nlohmann::json workspace_edit(const std::string& uri, const docs::Range& range, const std::string& text) {
  return {{"changes", {{uri, nlohmann::json::array({{{"range", to_json(range)}, {"newText", text}}})}}}};
}

docs::Position advance(const docs::Position& start, const std::string& text) {
  docs::Position p = start;
  size_t line_start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
      p.line++;
      p.character = 0;
      line_start = i + 1;
    }
  }
  p.character += static_cast<int64_t>(utf8::utf16_length(std::string_view(text).substr(line_start)));
  return p;
}

}  // namespace byok::server
