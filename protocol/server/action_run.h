// Running one action (core/actions) for a host: the body of byok/runAction, also used by the
// "byok.runAction" command that LSP code actions carry. Params:
//  {name, uri? (an open document or a file path), range? (of the open document), selection? (text),
//   lines? ({first, last}: the selection's 1-based lines when the host sends its text), input?,
//   languageId?, fileName?, diagnostics? (LSP Diagnostic[] of the document; those in range are attached),
//   buffers? ([{name, uri?, text}]: the host's open buffers; default: the documents open on this
//   connection), clipboard? (the editor's clipboard, for actions that ask for it), model?, token?,
//   workDoneToken?}
// The context is announced (byok/context) before the provider is asked, the answer streams as
// byok/chatDelta with `request_id`, and the result says what to do with it (protocol/README.md).
#pragma once

#include <nlohmann/json.hpp>

#include "core/util/cancel.h"
#include "protocol/server/session.h"

namespace byok::server {

Result<nlohmann::json> run_action(Session& s, const nlohmann::json& params, const nlohmann::json& request_id,
                                  const CancelToken& cancel);

}  // namespace byok::server
