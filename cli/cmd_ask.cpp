// `byok ask`: one prompt, the answer streamed to stdout as it arrives, the exchange recorded as a
// conversation (`--continue ID` adds to one, with any provider's model).
#include <functional>
#include <iostream>
#include <optional>

#include "cli/chat_setup.h"
#include "cli/context.h"
#include "cli/demo_provider.h"
#include "cli/event_printer.h"
#include "cli/signals.h"
#include "core/app/target.h"

namespace byok::cli {
namespace {

struct AskOptions {
  std::string provider, model, base_url, system, ca_file, key_name;
  std::optional<int> max_tokens;
  std::optional<double> temperature;
  std::optional<int64_t> continue_id;
  bool json = false;
  bool estimate_only = false;
  std::string prompt;
};

int exit_for(const Error& e) {
  if (e.kind == ErrorKind::Key) return kNoKey;
  if (e.kind == ErrorKind::Budget) return kProviderError;
  return kUsage;
}

// Reports an error on stderr and, with --json, as an {"type":"error"} line on stdout too: a script reading
// stdout must learn why nothing came, whether the failure was before the request or during it.
using Report = std::function<void(const Error&)>;

// With no key and no explicit choice, a new conversation is answered by the offline demo provider.
std::optional<DemoProvider> maybe_demo(Context& ctx, const AskOptions& o, chat::TurnRequest& turn, int& rc,
                                       const Report& report) {
  rc = kOk;
  if (o.continue_id) return std::nullopt;
  auto target = app::resolve_target(ctx.cfg, turn.selection, ctx.keys);
  if (!target) {
    report(target.error());
    rc = exit_for(target.error());
    return std::nullopt;
  }
  if (!target->endpoint.spec.needs_key() || !target->endpoint.key.empty()) {
    turn.target = std::move(*target);  // resolved once: a key command is not run twice
    return std::nullopt;
  }
  auto missing = chat::require_key(*target);
  if (target->explicit_choice || !o.base_url.empty()) {
    report(missing.error());
    rc = kNoKey;
    return std::nullopt;
  }
  auto d = DemoProvider::start();
  if (!d) {
    auto e = missing.error();
    e.message += ", and " + d.error().message;
    report(e);
    rc = kNoKey;
    return std::nullopt;
  }
  std::cerr << "byok: " << missing.error().describe()
            << ".\nbyok: answering from the offline demo provider (the bundled emulator), not a real model.\n";
  auto spec = ctx.cfg.provider("openai-compatible");
  spec->name = "demo";
  spec->base_url = *http::Url::parse(d->base_url());
  target->endpoint.spec = *spec;
  target->model = "byok-demo";
  turn.target = std::move(*target);
  return std::move(*d);
}

int run_ask(Context& ctx, const AskOptions& o) {
  EventPrinter printer(o.json);
  const Report report = [&](const Error& e) {
    printer.on_error(e);
    print_error(e);
  };
  if (!ctx.init()) {
    // init printed the error on stderr; the JSON line is for a script reading stdout.
    if (o.json && ctx.init_error()) printer.on_error(*ctx.init_error());
    return kUsage;
  }
  std::string prompt = o.prompt == "-" ? read_all_stdin() : o.prompt;
  if (prompt.find_first_not_of(" \t\r\n") == std::string::npos) {
    report(Error::make(ErrorKind::Config, "the prompt is empty"));
    return kUsage;
  }
  auto setup = open_chat(ctx);
  if (!setup) {
    if (o.json) printer.on_error(Error::make(ErrorKind::Internal, "cannot open the conversation store (see stderr)"));
    return kUsage;
  }

  chat::TurnRequest turn;
  turn.conversation = o.continue_id;
  turn.selection = app::Selection{o.provider, o.model, o.base_url, o.ca_file, o.key_name, "chat"};
  turn.prompt = prompt;
  turn.system = o.system;
  turn.max_tokens = o.max_tokens;
  turn.temperature = o.temperature;

  if (o.estimate_only) {
    auto p = setup->chat->preview(turn);
    if (!p) {
      report(p.error());
      return exit_for(p.error());
    }
    if (o.json) {
      nlohmann::json j{{"type", "estimate"},
                       {"provider", p->estimate.provider},
                       {"model", p->estimate.model},
                       {"input_tokens", p->estimate.input_tokens},
                       {"max_output_tokens", p->estimate.max_output_tokens},
                       {"context_window", p->estimate.context_window},
                       {"dropped_messages", p->dropped_messages}};
      if (p->estimate.input_cost_usd) j["input_cost_usd"] = *p->estimate.input_cost_usd;
      if (p->estimate.max_cost_usd) j["max_cost_usd"] = *p->estimate.max_cost_usd;
      if (p->refusal) j["refusal"] = p->refusal->describe();
      std::cout << j.dump() << std::endl;
    } else {
      std::cout << p->estimate.provider << ":" << p->estimate.model << ": " << describe_estimate(p->estimate) << "\n";
      if (p->dropped_messages) std::cout << p->dropped_messages << " oldest messages would be left out\n";
      for (auto& w : p->budget_warnings) std::cout << "warning: " << w.message << "\n";
      if (p->refusal) std::cout << "would be refused: " << p->refusal->describe() << "\n";
    }
    return p->refusal ? kProviderError : kOk;
  }

  int rc = kOk;
  auto demo = maybe_demo(ctx, o, turn, rc, report);
  if (rc != kOk) return rc;

  CancelSource cancel;
  SignalCanceller signals(cancel);
  chat::TurnObserver obs;
  obs.on_start = [&](const chat::TurnStart& s) {
    if (s.dropped_messages > 0)
      std::cerr << "byok: " << s.dropped_messages << " oldest message" << (s.dropped_messages == 1 ? "" : "s")
                << " left out to fit " << s.provider << ":" << s.model << "'s context window of "
                << with_commas(s.estimate.context_window) << " tokens"
                << (s.summarized_messages ? " (" + std::to_string(s.summarized_messages) + " replaced by a summary)" : std::string())
                << std::endl;
    for (const auto& w : s.budget_warnings) std::cerr << "byok: warning: " << w.message << std::endl;
  };
  obs.on_event = [&](const llm::Event& ev) { printer.on_event(ev); };
  obs.on_retry = [&](const Error& why, std::chrono::milliseconds delay, int) {
    std::cerr << "byok: " << why.describe() << "; retrying in " << (delay.count() + 999) / 1000 << " s" << std::endl;
  };
  auto result = setup->chat->send(turn, obs, cancel.token());
  if (!result) {
    report(result.error());
    return exit_for(result.error());
  }
  nlohmann::json extra = {{"conversation", result->conversation_id},
                          {"provider", result->provider},
                          {"model", result->model}};
  if (result->error) {
    printer.on_error(*result->error, extra);
    if (result->error->kind == ErrorKind::Cancelled) {
      std::cerr << "byok: cancelled (partial answer kept in conversation " << result->conversation_id << ")" << std::endl;
      return kCancelled;
    }
    print_error(*result->error);
    return kProviderError;
  }
  const auto& summary = *result->summary;
  std::string reason = summary.finish ? summary.finish->reason : "stop";
  if (summary.ttft_ms >= 0) extra["ttft_ms"] = summary.ttft_ms;
  extra["duration_ms"] = summary.duration_ms;
  if (result->usage.cost_usd) extra["cost_usd"] = *result->usage.cost_usd;
  if (result->dropped_messages) extra["dropped_messages"] = result->dropped_messages;
  if (result->summarized_messages) extra["summarized_messages"] = result->summarized_messages;
  printer.on_done(reason, extra);
  if (!o.json && reason == "length") std::cerr << "byok: the answer was cut at the token limit" << std::endl;
  if (!o.json && reason == "content_filter") std::cerr << "byok: the provider's content filter stopped the answer" << std::endl;
  return kOk;
}

}  // namespace

void register_ask(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<AskOptions>();
  auto* cmd = app.add_subcommand("ask", "Ask one question and stream the answer to stdout (recorded as a conversation)");
  cmd->add_option("--provider,-p", o->provider, "Provider name (openai, anthropic, gemini, ollama, …)");
  cmd->add_option("--model,-m", o->model, "Model, or provider:model");
  cmd->add_option("--base-url", o->base_url, "Replace the provider's base URL (as its own SDK treats it)");
  cmd->add_option("--system,-s", o->system, "System prompt");
  cmd->add_option("--max-tokens", o->max_tokens, "Maximum tokens in the answer")->check(CLI::PositiveNumber);
  cmd->add_option("--temperature,-t", o->temperature, "Sampling temperature")->check(CLI::Range(0.0, 2.0));
  cmd->add_option("--ca-file", o->ca_file, "PEM bundle of CAs to trust for this provider");
  cmd->add_option("--key-name", o->key_name, "Which of the provider's named keys to use");
  cmd->add_option("--continue,-c", o->continue_id, "Continue conversation ID (any provider/model; default: its last model)");
  cmd->add_flag("--estimate", o->estimate_only, "Show the prompt's estimated tokens and cost; send nothing");
  cmd->add_flag("--json", o->json, "Print one JSON event per line");
  cmd->add_option("prompt", o->prompt, "The prompt; - reads stdin")->required();
  cmd->callback([&ctx, o] { throw CLI::RuntimeError(run_ask(ctx, *o)); });
}

}  // namespace byok::cli
