#include "core/completion/backend.h"

#include "core/completion/chat_prompt.h"
#include "core/completion/token_estimate.h"

namespace byok::completion {

Result<BackendPlan> choose_backend(const config::ProviderSpec& spec, const std::string& model, const Options& options) {
  const std::string where = "features.completion: provider '" + spec.name + "'";
  BackendPlan plan;
  switch (options.backend) {
    case BackendKind::NativeFim:
      if (!spec.fim.present()) return Error(ErrorKind::Config, where + " has no fill-in-the-middle endpoint; use backend \"chat\"", spec.name);
      plan.kind = BackendKind::NativeFim;
      return plan;
    case BackendKind::RawTemplate: {
      plan.tmpl = find_fim_template(options.fim_template);
      if (!plan.tmpl) return Error(ErrorKind::Config, "features.completion.fim_template: unknown template '" + options.fim_template + "'", spec.name);
      if (spec.fim.wire != "openai-completions" && spec.fim.wire != "ollama-generate")
        return Error(ErrorKind::Config,
                     where + ": a raw template needs a plain completions endpoint (openai-completions or ollama-generate), "
                     "but its FIM endpoint speaks '" + (spec.fim.wire.empty() ? std::string("nothing") : spec.fim.wire) + "'",
                     spec.name);
      plan.kind = BackendKind::RawTemplate;
      return plan;
    }
    case BackendKind::Chat:
      if (!spec.chat.present()) return Error(ErrorKind::Config, where + " has no chat endpoint", spec.name);
      plan.kind = BackendKind::Chat;
      return plan;
    case BackendKind::Auto: break;
  }
  if (spec.fim.present()) {
    const auto info = spec.model_info(model);
    const bool fim_model = info ? info->fim : (spec.local || spec.models.empty());
    if (fim_model || !spec.chat.present()) {
      plan.kind = BackendKind::NativeFim;
      return plan;
    }
  }
  if (!spec.chat.present())
    return Error(ErrorKind::Config, where + " offers neither a FIM nor a chat endpoint", spec.name);
  plan.kind = BackendKind::Chat;
  return plan;
}

std::string line_comment(std::string_view language_id) {
  static const std::vector<std::string_view> hash = {"python", "ruby", "shellscript", "bash", "sh", "perl", "r", "yaml",
                                                     "toml", "makefile", "cmake", "dockerfile", "elixir", "julia", "nim"};
  static const std::vector<std::string_view> dashes = {"lua", "sql", "haskell", "elm", "ada"};
  for (auto l : hash)
    if (language_id == l) return "#";
  for (auto l : dashes)
    if (language_id == l) return "--";
  return "//";
}

std::string neighbour_header(const std::vector<Snippet>& neighbours, std::string_view language_id) {
  const std::string c = line_comment(language_id);
  std::string out;
  for (const auto& n : neighbours) {
    out += c + " Compare this snippet from " + n.path + ":\n";
    size_t start = 0;
    while (start < n.text.size()) {
      size_t end = n.text.find('\n', start);
      if (end == std::string::npos) end = n.text.size();
      out += c + " " + n.text.substr(start, end - start) + "\n";
      start = end + 1;
    }
  }
  return out;
}

CallPlan plan_call(const BackendPlan& backend, const PromptWindows& w, const ModeDecision& mode, const CallContext& ctx) {
  CallPlan call;
  call.stops = {"\n\n"};
  call.show_stops = mode.stops;
  switch (backend.kind) {
    case BackendKind::NativeFim:
    case BackendKind::RawTemplate: {
      llm::FimRequest fim;
      fim.model = std::string(ctx.model);
      fim.max_tokens = mode.max_tokens;
      fim.temperature = ctx.temperature;
      // Other files' code goes before the prefix as comments: a FIM model has no other place for it.
      const std::string prefix = neighbour_header(w.neighbours, ctx.language_id) + w.prefix;
      if (backend.kind == BackendKind::RawTemplate) {
        fim.prefix = render(*backend.tmpl, prefix, w.suffix);
        fim.raw = true;
        call.stops.insert(call.stops.end(), backend.tmpl->stops.begin(), backend.tmpl->stops.end());
        call.show_stops.insert(call.show_stops.end(), backend.tmpl->stops.begin(), backend.tmpl->stops.end());
      } else {
        fim.prefix = prefix;
        fim.suffix = w.suffix;
      }
      fim.stop = call.stops;
      call.prompt_tokens = estimate_tokens(fim.prefix) + estimate_tokens(fim.suffix);
      call.fim = std::move(fim);
      break;
    }
    case BackendKind::Chat:
    case BackendKind::Auto: {
      auto chat = build_chat_prompt({&w, ctx.language_id, ctx.path, mode.mode});
      chat.model = std::string(ctx.model);
      chat.max_tokens = mode.max_tokens + 16;  // room for a fence the model adds despite being told not to
      chat.temperature = ctx.temperature;
      // No server-side stops: a reply that opens with a fence would stop at its first newline.
      call.prompt_tokens = estimate_tokens(chat.system);
      for (const auto& m : chat.messages) call.prompt_tokens += estimate_tokens(m.text);
      call.chat = std::move(chat);
      break;
    }
  }
  return call;
}

std::string visible_text(const BackendPlan& backend, std::string_view raw) {
  return backend.kind == BackendKind::Chat ? strip_chat_reply(raw) : std::string(raw);
}

}  // namespace byok::completion
