// The LSP shapes byok reads and writes (positions, ranges, text document identifiers), read with rpc::Params
// so that errors name the exact field.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "protocol/documents/position.h"
#include "protocol/rpc/params.h"

namespace byok::server {

docs::Position read_position(rpc::Params p);
docs::Range read_range(rpc::Params p);
std::string read_document_uri(rpc::Params& p);  // params.textDocument.uri

nlohmann::json to_json(const docs::Position& p);
nlohmann::json to_json(const docs::Range& r);
// A WorkspaceEdit replacing `range` in `uri` with `text`.
nlohmann::json workspace_edit(const std::string& uri, const docs::Range& range, const std::string& text);

// The end position of `text` if it were inserted at `start` (for ranges of inserted text).
docs::Position advance(const docs::Position& start, const std::string& text);

}  // namespace byok::server
