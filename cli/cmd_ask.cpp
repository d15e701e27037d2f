// `byok ask`: one prompt, the answer streamed to stdout as it arrives.
#include <iostream>
#include <optional>

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
  bool json = false;
  std::string prompt;
};

int run_ask(Context& ctx, const AskOptions& o) {
  if (!ctx.init()) return kUsage;
  std::string prompt = o.prompt == "-" ? read_all_stdin() : o.prompt;
  if (prompt.find_first_not_of(" \t\r\n") == std::string::npos) {
    std::cerr << "byok: the prompt is empty" << std::endl;
    return kUsage;
  }
  app::Selection sel{o.provider, o.model, o.base_url, o.ca_file, o.key_name, "chat"};
  auto target = app::resolve_target(ctx.cfg, sel, ctx.keys);
  if (!target) {
    print_error(target.error());
    return target.error().kind == ErrorKind::Key ? kNoKey : kUsage;
  }
  std::optional<DemoProvider> demo;
  if (target->endpoint.spec.needs_key() && target->endpoint.key.empty()) {
    std::string fix = target->endpoint.spec.key_env.empty()
                          ? "run `byok keys set " + target->endpoint.spec.name + "`"
                          : "set " + target->endpoint.spec.key_env + " or run `byok keys set " + target->endpoint.spec.name + "`";
    if (target->explicit_choice || !o.base_url.empty()) {
      print_error(Error(ErrorKind::Key, "no API key (" + fix + ")", target->endpoint.spec.name));
      return kNoKey;
    }
    auto d = DemoProvider::start();
    if (!d) {
      print_error(Error(ErrorKind::Key, "no API key (" + fix + "), and " + d.error().message, target->endpoint.spec.name));
      return kNoKey;
    }
    demo = std::move(*d);
    std::cerr << "byok: no API key configured for " << target->endpoint.spec.name << " (" << fix
              << ").\nbyok: answering from the offline demo provider (the bundled emulator), not a real model.\n";
    auto spec = ctx.cfg.provider("openai-compatible");
    spec->name = "demo";
    spec->base_url = *http::Url::parse(demo->base_url());
    target->endpoint.spec = *spec;
    target->model = "byok-demo";
  }

  llm::ChatRequest req;
  req.model = target->model;
  req.system = o.system;
  req.messages.push_back({llm::Role::User, prompt});
  req.max_tokens = o.max_tokens;
  req.temperature = o.temperature;

  EventPrinter printer(o.json);
  CancelSource cancel;
  SignalCanceller signals(cancel);
  auto opts = llm::CallOptions::from(ctx.cfg);
  opts.on_retry = [&](const Error& why, std::chrono::milliseconds delay, int) {
    std::cerr << "byok: " << why.describe() << "; retrying in " << (delay.count() + 999) / 1000 << " s" << std::endl;
  };
  auto result = ctx.engine->chat(target->endpoint, req, [&](const llm::Event& ev) { printer.on_event(ev); },
                                 cancel.token(), opts);
  if (!result) {
    printer.on_error(result.error());
    if (result.error().kind == ErrorKind::Cancelled) {
      std::cerr << "byok: cancelled" << std::endl;
      return kCancelled;
    }
    print_error(result.error());
    return kProviderError;
  }
  std::string reason = result->finish ? result->finish->reason : "stop";
  nlohmann::json extra = {{"provider", target->endpoint.spec.name}, {"model", target->model}};
  if (result->ttft_ms >= 0) extra["ttft_ms"] = result->ttft_ms;
  extra["duration_ms"] = result->duration_ms;
  printer.on_done(reason, extra);
  if (!o.json && reason == "length") std::cerr << "byok: the answer was cut at the token limit" << std::endl;
  if (!o.json && reason == "content_filter") std::cerr << "byok: the provider's content filter stopped the answer" << std::endl;
  return kOk;
}

}  // namespace

void register_ask(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<AskOptions>();
  auto* cmd = app.add_subcommand("ask", "Ask one question and stream the answer to stdout");
  cmd->add_option("--provider,-p", o->provider, "Provider name (openai, anthropic, gemini, ollama, …)");
  cmd->add_option("--model,-m", o->model, "Model, or provider:model");
  cmd->add_option("--base-url", o->base_url, "Replace the provider's base URL (as its own SDK treats it)");
  cmd->add_option("--system,-s", o->system, "System prompt");
  cmd->add_option("--max-tokens", o->max_tokens, "Maximum tokens in the answer")->check(CLI::PositiveNumber);
  cmd->add_option("--temperature,-t", o->temperature, "Sampling temperature")->check(CLI::Range(0.0, 2.0));
  cmd->add_option("--ca-file", o->ca_file, "PEM bundle of CAs to trust for this provider");
  cmd->add_option("--key-name", o->key_name, "Which of the provider's named keys to use");
  cmd->add_flag("--json", o->json, "Print one JSON event per line");
  cmd->add_option("prompt", o->prompt, "The prompt; - reads stdin")->required();
  cmd->callback([&ctx, o] { throw CLI::RuntimeError(run_ask(ctx, *o)); });
}

}  // namespace byok::cli
