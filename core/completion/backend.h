// Which kind of request a provider and model get, and how one completion call is made:
//   - NativeFim: the provider's FIM endpoint (OpenAI-style /completions with suffix, Mistral/Codestral
//     /fim/completions, Ollama /api/generate with suffix, llama.cpp /infill); the server applies the template;
//   - RawTemplate: we render the model's FIM template (fim_template.h) and send it as one raw prompt to a
//     completions endpoint (openai-completions or ollama-generate);
//   - Chat: the strict-instruction chat prompt (chat_prompt.h) for chat-only models.
// Auto picks NativeFim when the provider has a FIM endpoint and the model is known to support it (or the
// provider is a local server that lists no models), otherwise Chat.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/completion/fim_template.h"
#include "core/completion/mode.h"
#include "core/completion/options.h"
#include "core/completion/prompt_window.h"
#include "core/llm/engine.h"

namespace byok::completion {

struct BackendPlan {
  BackendKind kind = BackendKind::Chat;
  const FimTemplate* tmpl = nullptr;  // RawTemplate only
};

Result<BackendPlan> choose_backend(const config::ProviderSpec& spec, const std::string& model, const Options& options);

// One call, ready to send.
struct CallPlan {
  std::optional<llm::FimRequest> fim;
  std::optional<llm::ChatRequest> chat;
  // Where the stream may end (sent as `stop`, and enforced on our side too: servers that ignore `stop` must
  // not cost more). In single-line mode this is the end of a paragraph, not of the line: the lines after
  // the shown one come almost free (a few output tokens against a prompt of a thousand) and let typed-ahead
  // reuse carry on into the next line without a new request.
  std::vector<std::string> stops;
  std::vector<std::string> show_stops;  // where the shown suggestion ends (the mode's stops + the model's)
  int64_t prompt_tokens = 0;       // estimate, for usage when the provider reports none
};

struct CallContext {
  std::string_view model, language_id, path;
  double temperature = 0.1;
};

CallPlan plan_call(const BackendPlan& backend, const PromptWindows& windows, const ModeDecision& mode, const CallContext& ctx);

// Neighbour snippets as line comments in the language ("# Compare this snippet from util.py:" then each line
// commented), for FIM prompts, which have no other place for them (the chat prompt names them as context).
std::string neighbour_header(const std::vector<Snippet>& neighbours, std::string_view language_id);

// Text as it would be shown before post-processing: chat replies lose fences and chatter.
std::string visible_text(const BackendPlan& backend, std::string_view raw);

}  // namespace byok::completion
