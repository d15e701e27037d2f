// `byok compare --model A --model B [--model C…] PROMPT`: the same prompt to every model at once, streamed
// live (columns on a terminal, blocks otherwise, --json events tagged with "model"); `--keep MODEL` keeps
// one answer as a conversation (a branch of --continue ID, or a new one).
#include <iostream>

#include "cli/chat_setup.h"
#include "cli/compare_output.h"
#include "cli/context.h"
#include "cli/signals.h"
#include "core/compare/compare.h"

namespace byok::cli {
namespace {

struct CompareOptions {
  std::vector<std::string> models;
  std::string system, keep, key_name = "default";
  std::optional<int> max_tokens;
  std::optional<double> temperature;
  std::optional<int64_t> continue_id;
  bool json = false;
  std::string prompt;
};

// --keep names an answer by its 1-based position or by the model as given ("openai:gpt-4o" or "gpt-4o").
std::optional<size_t> find_answer(const std::vector<compare::CompareAnswer>& answers, const std::vector<std::string>& asked,
                                  const std::string& keep) {
  if (!keep.empty() && keep.find_first_not_of("0123456789") == std::string::npos) {
    size_t n = std::stoul(keep.substr(0, 6));
    if (n >= 1 && n <= answers.size()) return n - 1;
    return std::nullopt;
  }
  for (size_t i = 0; i < answers.size(); ++i)
    if (asked[i] == keep || answers[i].label == keep || answers[i].model == keep) return i;
  return std::nullopt;
}

int run_compare(Context& ctx, const CompareOptions& o) {
  if (!ctx.init()) return kUsage;
  std::string prompt = o.prompt == "-" ? read_all_stdin() : o.prompt;
  if (prompt.find_first_not_of(" \t\r\n") == std::string::npos) {
    std::cerr << "byok: the prompt is empty" << std::endl;
    return kUsage;
  }
  auto setup = open_chat(ctx);
  if (!setup) return kUsage;
  compare::CompareService svc(*setup->chat);
  compare::CompareRequest req;
  for (const auto& m : o.models) {
    app::Selection sel;
    sel.model = m;
    sel.key_name = o.key_name;
    sel.feature = "chat";
    req.models.push_back(sel);
  }
  req.conversation = o.continue_id;
  req.request.system = o.system;
  req.request.messages.push_back({llm::Role::User, prompt});
  req.request.max_tokens = o.max_tokens;
  req.request.temperature = o.temperature;

  CancelSource cancel;
  SignalCanceller signals(cancel);
  auto answers = run_and_show(svc, req, compare_style(o.json), cancel.token());
  if (!answers) {
    print_error(answers.error());
    return answers.error().kind == ErrorKind::Key ? kNoKey : kUsage;
  }
  int rc = kOk;
  for (const auto& a : *answers) {
    if (!a.error) continue;
    if (a.error->kind == ErrorKind::Cancelled) rc = kCancelled;
    else if (rc == kOk) rc = kProviderError;
    if (!o.json && a.error->kind != ErrorKind::Cancelled) {
      auto e = *a.error;
      if (e.provider.empty()) e.provider = a.provider;
      print_error(e);
    }
  }
  if (!o.keep.empty()) {
    auto i = find_answer(*answers, o.models, o.keep);
    if (!i) {
      std::cerr << "byok: --keep " << o.keep << ": no such answer (give its position 1.." << answers->size()
                << " or one of the --model values)" << std::endl;
      return kUsage;
    }
    auto kept = svc.keep(req, (*answers)[*i], compare::KeepMode::Branch);
    if (!kept) {
      print_error(kept.error());
      return kProviderError;
    }
    if (o.json) {
      std::cout << nlohmann::json{{"type", "kept"}, {"model", (*answers)[*i].label}, {"conversation", *kept}}.dump()
                << std::endl;
    } else {
      std::cerr << "byok: kept " << (*answers)[*i].label << "'s answer as conversation " << *kept
                << " (continue with `byok ask --continue " << *kept << "`)" << std::endl;
    }
  }
  return rc;
}

}  // namespace

void register_compare(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<CompareOptions>();
  auto* cmd = app.add_subcommand("compare", "Send one prompt to several models at once and compare the answers");
  cmd->add_option("--model,-m", o->models, "A model, or provider:model (repeat for each model)")->required();
  cmd->add_option("--system,-s", o->system, "System prompt");
  cmd->add_option("--max-tokens", o->max_tokens, "Maximum tokens per answer")->check(CLI::PositiveNumber);
  cmd->add_option("--temperature,-t", o->temperature, "Sampling temperature")->check(CLI::Range(0.0, 2.0));
  cmd->add_option("--key-name", o->key_name, "Which named key to use for each provider");
  cmd->add_option("--continue,-c", o->continue_id, "Compare on top of conversation ID's history");
  cmd->add_option("--keep", o->keep, "Keep this answer (position or model) as a conversation");
  cmd->add_flag("--json", o->json, "One JSON event per line, each with \"model\"");
  cmd->add_option("prompt", o->prompt, "The prompt; - reads stdin")->required();
  cmd->callback([&ctx, o] { throw CLI::RuntimeError(run_compare(ctx, *o)); });
}

}  // namespace byok::cli
