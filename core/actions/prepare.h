// Turning an action plus what the host knows (file, range or selection text, input, diagnostics,
// open buffers, clipboard) into the prompt that is sent: context gathered and shown with token sizes, trimmed to the
// model's budget with a notice for each cut, template rendered, and the chat request's fields.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/actions/action.h"
#include "core/chat/chat_service.h"
#include "core/config/provider_spec.h"
#include "core/context/context_item.h"
#include "core/context/editor_context.h"
#include "core/context/gather.h"

namespace byok::actions {

struct RunInputs {
  std::filesystem::path root;                 // project root: git, .byokignore, @paths
  std::optional<std::filesystem::path> file;  // the current file
  std::string file_shown;                     // how to name it to the user (relative path)
  std::optional<context::LineRange> range;    // the selection as lines of `file`…
  std::optional<std::string> selection_text;  // …or as text from the editor (wins)
  std::optional<std::string> input, clipboard;
  // From the editor (or --diagnostics): all of the current file's diagnostics; those overlapping `range`
  // are attached. An empty list means "the editor reports none", which is said in the prompt.
  std::optional<std::vector<context::Diagnostic>> diagnostics;
  std::optional<std::vector<context::OpenBuffer>> buffers;  // the editor's open buffers (any may be `file`)
  // What an editor knows of a buffer that may not be a file on disk (unsaved, untitled): its language
  // ("python", a Neovim filetype, an LSP languageId) and the name to show. {{language}} prefers the
  // editor's; {{filename}} falls back to `editor_name` when there is no file.
  std::optional<std::string> language, editor_name;
};

struct PreparedAction {
  std::string prompt, system;
  std::vector<context::ContextItem> items;  // what is attached, as sent (after trimming)
  std::vector<std::string> notices;         // what was cut to fit, open buffers left out
  std::vector<std::string> warnings;        // sensitive files attached because they were named
  int64_t context_tokens = 0;
};

// The kinds of context an action needs: its "context" list (without the "?" of optional ones) plus what
// its placeholders use.
std::vector<std::string> needed_context(const Action& a);

// `budget_tokens`: room for context in the prompt (<= 0: unknown, nothing is cut).
Result<PreparedAction> prepare_action(const Action& a, const RunInputs& in, int64_t budget_tokens);

// Room for context: the model's window minus the answer's reserve and the template's own text; 0 when
// the window is unknown.
int64_t context_budget(const config::ProviderSpec& spec, const std::string& model, const Action& a);

// The chat turn for a prepared action (kind "action"); `model_override` (from --model) wins over the action's.
chat::TurnRequest turn_request(const Action& a, const PreparedAction& p, const std::string& model_override);

}  // namespace byok::actions
