// What an editor tells the engine about the user's surroundings, turned into core context
// (core/context/editor_context.h): LSP diagnostics sent with a request, the open documents of an LSP
// connection, and the buffers a host without document sync (Neovim) sends itself.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/context/editor_context.h"
#include "protocol/documents/document_store.h"
#include "protocol/rpc/params.h"

namespace byok::server {

// A path for a `file:///…` URI (percent-decoded) or a plain path; nothing for other schemes (untitled:, …).
std::optional<std::filesystem::path> local_path(const std::string& uri_or_path);

// How to show a file to the user: relative to `root` when under it, else absolute.
std::string shown_path(const std::filesystem::path& file, const std::filesystem::path& root);

// The lines (1-based, inclusive) an LSP range covers; a range ending at character 0 of a later line (a
// whole-line selection) ends on the line before.
context::LineRange line_range(const docs::Range& r);

// params[key]: LSP Diagnostic[] ({range, severity?, message, source?, code?}) → core diagnostics; nothing
// when absent. A bad element is a param error naming it ("diagnostics[1].message: expected string").
std::optional<std::vector<context::Diagnostic>> read_diagnostics(rpc::Params& p, const std::string& key);

// params[key]: [{name, uri?, text}] (a host's own open buffers); nothing when absent.
std::optional<std::vector<context::OpenBuffer>> read_buffers(rpc::Params& p, const std::string& key,
                                                             const std::filesystem::path& root);

// Every document open on the connection (didOpen'd and not closed), with the editor's current text.
std::vector<context::OpenBuffer> open_buffers(const docs::DocumentStore& documents, const std::filesystem::path& root);

// [{kind, label, tokens, trimmed}]: what is attached, as the host shows it (byok/context, results).
nlohmann::json context_items_json(const std::vector<context::ContextItem>& items);

// The byok/context notification, sent before the provider is asked, so the user sees what goes out:
// `base` (requestId, token, action…) plus {items, tokens, notices, warnings}.
nlohmann::json context_notification(nlohmann::json base, const std::vector<context::ContextItem>& items,
                                    const std::vector<std::string>& notices, const std::vector<std::string>& warnings);

}  // namespace byok::server
