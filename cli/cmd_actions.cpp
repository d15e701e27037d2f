// `byok actions list` and `byok run ACTION`: the shared prompt library (built-in ← user config ←
// project .byok.json) run from the terminal. The context sent is shown (with token sizes) before the
// request, cuts and sensitive attachments are told on stderr, and the action's extractor picks the part
// of the answer that is printed (docs/actions.md).
#include <cstdio>
#include <iostream>

#include "cli/chat_setup.h"
#include "cli/context.h"
#include "cli/event_printer.h"
#include "cli/signals.h"
#include "core/actions/action.h"
#include "core/actions/extract.h"
#include "core/actions/prepare.h"
#include "core/context/editor_context.h"
#include "core/util/files.h"

namespace byok::cli {
namespace {

struct RunOptions {
  std::string action, file, range, input, model, diagnostics;
  std::optional<int64_t> context_budget;
  bool json = false;
};

void print_json_line(const nlohmann::json& j) {
  std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fflush(stdout);
}

std::optional<std::vector<actions::Action>> load(Context& ctx) {
  if (!ctx.init()) return std::nullopt;
  auto all = actions::load_actions(ctx.cfg.actions, ctx.project ? ctx.project->section("actions") : nlohmann::json::object());
  if (!all) {
    print_error(all.error());
    return std::nullopt;
  }
  return std::move(*all);
}

int run_list(Context& ctx, bool json) {
  auto all = load(ctx);
  if (!all) return kUsage;
  if (json) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& a : *all) arr.push_back(actions::to_json(a));
    std::cout << nlohmann::json{{"actions", arr}}.dump(2) << std::endl;
    return kOk;
  }
  size_t width = 0;
  for (const auto& a : *all) width = std::max(width, a.name.size());
  for (const auto& a : *all)
    std::cout << a.name << std::string(width + 2 - a.name.size(), ' ') << a.description << "  ["
              << actions::to_string(a.output) << (a.source == "built-in" ? "" : ", " + a.source) << "]\n";
  return kOk;
}

// The file as the user sees it: relative to the project root when inside it.
std::string shown_path(const std::filesystem::path& file, const std::filesystem::path& root) {
  std::error_code ec;
  auto rel = std::filesystem::weakly_canonical(file, ec).lexically_relative(std::filesystem::weakly_canonical(root, ec));
  if (rel.empty() || *rel.begin() == "..") return file.string();
  return rel.generic_string();
}

int exit_for(const Error& e) { return e.kind == ErrorKind::Key ? kNoKey : e.kind == ErrorKind::Budget ? kProviderError : kUsage; }

int run_action(Context& ctx, const RunOptions& o) {
  auto all = load(ctx);
  if (!all) return kUsage;
  const actions::Action* action = actions::find_action(*all, o.action);
  if (!action) {
    std::string known;
    for (const auto& a : *all) known += (known.empty() ? "" : ", ") + a.name;
    std::cerr << "byok: unknown action \"" << o.action << "\" (known: " << known << ")" << std::endl;
    return kUsage;
  }

  std::error_code ec;
  actions::RunInputs in;
  in.root = ctx.project ? ctx.project->dir : std::filesystem::current_path(ec);
  if (!o.file.empty()) {
    in.file = std::filesystem::absolute(o.file, ec);
    in.file_shown = shown_path(*in.file, in.root);
    if (!std::filesystem::is_regular_file(*in.file, ec)) {
      std::cerr << "byok: --file " << o.file << ": no such file" << std::endl;
      return kUsage;
    }
  }
  if (!o.range.empty()) {
    if (o.file.empty()) {
      std::cerr << "byok: --range needs --file" << std::endl;
      return kUsage;
    }
    auto r = context::parse_line_range(o.range);
    if (!r) {
      print_error(r.error());
      return kUsage;
    }
    in.range = *r;
  }
  if (!o.input.empty()) in.input = o.input == "-" ? read_all_stdin() : o.input;
  if (!o.diagnostics.empty()) {
    // A compiler's or linter's output: the lines about --file become the diagnostics context.
    if (o.file.empty()) {
      std::cerr << "byok: --diagnostics needs --file (the file they are about)" << std::endl;
      return kUsage;
    }
    if (o.diagnostics == "-" && o.input == "-") {
      std::cerr << "byok: --diagnostics - and --input - cannot both read stdin" << std::endl;
      return kUsage;
    }
    std::string text;
    if (o.diagnostics == "-") {
      text = read_all_stdin();
    } else {
      auto read = files::read_file(o.diagnostics, 8u << 20);
      if (!read) {
        std::cerr << "byok: --diagnostics " << o.diagnostics << ": " << read.error().message << std::endl;
        return kUsage;
      }
      text = std::move(*read);
    }
    auto parsed = context::parse_compiler_output(text, o.diagnostics == "-" ? "(stdin)" : o.diagnostics, *in.file, in.root);
    if (!parsed) {
      print_error(parsed.error());
      return kUsage;
    }
    for (auto& d : *parsed) d.file = in.file_shown;
    in.diagnostics = std::move(*parsed);
  }

  auto setup = open_chat(ctx);
  if (!setup) return kUsage;
  auto target = setup->chat->resolve(actions::turn_request(*action, {}, o.model));
  if (!target) {
    print_error(target.error());
    return exit_for(target.error());
  }
  if (auto st = chat::require_key(*target); !st) {
    print_error(st.error());
    return kNoKey;
  }
  int64_t budget = o.context_budget ? *o.context_budget
                                    : actions::context_budget(target->endpoint.spec, target->model, *action);
  auto prepared = actions::prepare_action(*action, in, budget);
  if (!prepared) {
    print_error(prepared.error());
    return exit_for(prepared.error());
  }

  // What is sent, before it is sent.
  if (o.json) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& i : prepared->items)
      items.push_back({{"kind", i.kind}, {"label", i.label}, {"tokens", i.tokens}, {"trimmed", i.trimmed}});
    print_json_line({{"type", "context"}, {"action", action->name}, {"items", items}, {"tokens", prepared->context_tokens},
                     {"budget", budget}, {"notices", prepared->notices}, {"warnings", prepared->warnings}});
  }
  for (const auto& w : prepared->warnings) std::cerr << "byok: warning: " << w << std::endl;
  for (const auto& n : prepared->notices) std::cerr << "byok: context trimmed: " << n << std::endl;
  if (!o.json && !prepared->items.empty()) {
    std::string list;
    for (const auto& i : prepared->items) list += (list.empty() ? "" : ", ") + context::describe(i);
    std::cerr << "byok: context: " << list << std::endl;
  }

  auto turn = actions::turn_request(*action, *prepared, o.model);
  turn.target = std::move(*target);
  // With an extractor, the reasoning before the answer is not printed: only the extracted part is.
  bool stream_plain = action->extract.kind == actions::Extractor::Kind::Whole;
  EventPrinter printer(o.json);
  CancelSource cancel;
  SignalCanceller signals(cancel);
  chat::TurnObserver obs;
  obs.on_start = [&](const chat::TurnStart& s) {
    for (const auto& w : s.budget_warnings) std::cerr << "byok: warning: " << w.message << std::endl;
  };
  obs.on_event = [&](const llm::Event& ev) {
    if (o.json || stream_plain) printer.on_event(ev);
  };
  auto result = setup->chat->send(turn, obs, cancel.token());
  if (!result) {
    printer.on_error(result.error());
    print_error(result.error());
    return exit_for(result.error());
  }
  nlohmann::json extra = {{"conversation", result->conversation_id}, {"provider", result->provider}, {"model", result->model},
                          {"action", action->name}, {"output", actions::to_string(action->output)}};
  if (result->error) {
    printer.on_error(*result->error, extra);
    print_error(*result->error);
    return result->error->kind == ErrorKind::Cancelled ? kCancelled : kProviderError;
  }
  auto extracted = actions::extract(action->extract, result->text);
  if (!extracted) {
    printer.on_error(extracted.error(), extra);
    std::cerr << "byok: " << extracted.error().message << " (the whole answer is in conversation "
              << result->conversation_id << ": byok history show " << result->conversation_id << ")" << std::endl;
    return kProviderError;
  }
  std::string reason = result->summary && result->summary->finish ? result->summary->finish->reason : "stop";
  if (o.json) {
    print_json_line({{"type", "result"}, {"action", action->name}, {"output", actions::to_string(action->output)},
                     {"text", *extracted}});
  } else if (!stream_plain) {
    std::fwrite(extracted->data(), 1, extracted->size(), stdout);
  }
  printer.on_done(reason, extra);
  if (!o.json && !stream_plain) std::cout << "\n" << std::flush;
  return kOk;
}

}  // namespace

void register_actions(CLI::App& app, Context& ctx) {
  auto* actions_cmd = app.add_subcommand("actions", "Reusable prompts: built-in, user config and the project's .byok.json");
  actions_cmd->require_subcommand(1);
  auto list_json = std::make_shared<bool>(false);
  auto* list = actions_cmd->add_subcommand("list", "List the actions and where each comes from");
  list->add_flag("--json", *list_json, "Print them as JSON");
  list->callback([&ctx, list_json] { throw CLI::RuntimeError(run_list(ctx, *list_json)); });

  auto o = std::make_shared<RunOptions>();
  auto* run = app.add_subcommand("run", "Run an action on a file, a range of its lines, and/or input text");
  run->add_option("action", o->action, "The action's name (byok actions list)")->required();
  run->add_option("--file,-f", o->file, "The current file ({{file}}, {{filename}}, {{language}})");
  run->add_option("--range,-r", o->range, "The selection: lines L1:L2 of --file ({{selection}})");
  run->add_option("--input,-i", o->input, "Text asked for at run time ({{input}}; @path attaches a file); - reads stdin");
  run->add_option("--diagnostics,-d", o->diagnostics,
                  "Compiler/linter output (path:line:col: severity: message); the lines about --file within --range "
                  "are the {{diagnostics}} context; - reads stdin");
  run->add_option("--model,-m", o->model, "Model, or provider:model (wins over the action's)");
  run->add_option("--context-budget", o->context_budget, "Tokens of context allowed (default: from the model's window)")
      ->check(CLI::PositiveNumber);
  run->add_flag("--json", o->json, "Print one JSON event per line (context, deltas, result, done)");
  run->callback([&ctx, o] { throw CLI::RuntimeError(run_action(ctx, *o)); });
}

}  // namespace byok::cli
