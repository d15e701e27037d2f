// `byok chat [--model M] [--continue ID]`: an interactive, line-based conversation in the terminal.
// /model M switches model keeping the context; /compare A B asks several models the next question;
// /usage, /history, /new, /title, /help, /quit. Ctrl-C cancels the answer being streamed (the partial
// answer is kept, marked cancelled) and the session goes on.
#include <unistd.h>

#include <cstdio>
#include <atomic>
#include <iostream>
#include <sstream>

#include "cli/chat_setup.h"
#include "cli/compare_output.h"
#include "cli/context.h"
#include "cli/event_printer.h"
#include "cli/signals.h"
#include "core/compare/compare.h"
#include "core/usage/budget.h"

namespace byok::cli {
namespace {

struct ChatOptions {
  std::string model, system, key_name = "default";
  std::optional<int64_t> continue_id;
};

constexpr const char* kHelp =
    "  /model M           switch to model M (or provider:model), keeping the conversation\n"
    "  /compare A B …     ask models A, B, … the next question side by side; keep one\n"
    "  /estimate TEXT     tokens and cost TEXT would take, without sending it\n"
    "  /usage             this month's spending by model\n"
    "  /history           recent conversations;  /open ID  continues one\n"
    "  /new               start a new conversation;  /title  ask the model for a title\n"
    "  /help, /quit       (Ctrl-C stops an answer; Ctrl-D or /quit leaves)\n";

std::vector<std::string> words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

class ChatSession {
 public:
  ChatSession(Context& ctx, ChatSetup& setup, const ChatOptions& o)
      : ctx_(ctx), setup_(setup), compare_(*setup.chat), system_(o.system), key_name_(o.key_name),
        conversation_(o.continue_id) {
    selection_.model = o.model;
    selection_.key_name = o.key_name;
    selection_.feature = "chat";
  }

  int run() {
    if (conversation_) {
      auto info = setup_.store->conversations().info(*conversation_);
      if (!info) {
        print_error(info.error());
        return kUsage;
      }
      std::cout << "Continuing conversation " << info->id << ": " << info->title << " (" << info->message_count
                << " messages)\n";
    }
    std::cout << "byok chat — " << describe_model() << ". /help for commands.\n";
    std::string line;
    for (;;) {
      compare_prompt_ = !compare_models_.empty();
      std::cout << (compare_prompt_ ? "compare> " : "you> ") << std::flush;
      if (!std::getline(std::cin, line)) break;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      if (line[0] == '/') {
        if (!command(line)) break;
        continue;
      }
      if (!compare_models_.empty()) ask_compare(line);
      else ask(line);
    }
    std::cout << "\n";
    return kOk;
  }

 private:
  std::string describe_model() {
    chat::TurnRequest t;
    t.selection = selection_;
    t.conversation = conversation_;
    auto target = setup_.chat->resolve(t);
    if (!target) return "no model yet (" + target.error().describe() + ")";
    return target->endpoint.spec.name + ":" + target->model;
  }

  void ask(const std::string& prompt) {
    chat::TurnRequest t;
    t.conversation = conversation_;
    t.selection = selection_;
    t.prompt = prompt;
    t.system = conversation_ ? "" : system_;
    EventPrinter printer(false);
    CancelSource cancel;
    InteractiveSignals::Active streaming(signals_, cancel);
    chat::TurnObserver obs;
    obs.on_start = [&](const chat::TurnStart& s) {
      conversation_ = s.conversation_id;
      if (s.dropped_messages)
        std::cerr << "(" << s.dropped_messages << " oldest messages left out to fit the context window"
                  << (s.summarized_messages ? "; " + std::to_string(s.summarized_messages) + " of them summarised" : std::string())
                  << ")\n";
      for (const auto& w : s.budget_warnings) std::cerr << "warning: " << w.message << "\n";
      std::cout << s.provider << ":" << s.model << "> " << std::flush;
    };
    obs.on_event = [&](const llm::Event& ev) { printer.on_event(ev); };
    obs.on_retry = [&](const Error& why, std::chrono::milliseconds delay, int) {
      std::cerr << "(" << why.describe() << "; retrying in " << (delay.count() + 999) / 1000 << " s)\n";
    };
    auto r = setup_.chat->send(t, obs, cancel.token());
    if (!r) {
      print_error(r.error());
      return;
    }
    printer.on_done("stop");
    if (r->error) {
      if (r->error->kind == ErrorKind::Cancelled) std::cout << "(cancelled; the partial answer is kept)\n";
      else print_error(*r->error);
    }
  }

  void ask_compare(const std::string& prompt) {
    compare::CompareRequest req;
    for (const auto& m : compare_models_) {
      app::Selection s;
      s.model = m;
      s.key_name = key_name_;
      s.feature = "chat";
      req.models.push_back(s);
    }
    req.conversation = conversation_;
    req.request.system = conversation_ ? "" : system_;
    req.request.messages.push_back({llm::Role::User, prompt});
    auto models = compare_models_;
    compare_models_.clear();
    CancelSource cancel;
    std::optional<Result<std::vector<compare::CompareAnswer>>> answers;
    {
      InteractiveSignals::Active streaming(signals_, cancel);
      answers.emplace(run_and_show(compare_, req, compare_style(false), cancel.token()));
    }
    if (!*answers) {
      print_error(answers->error());
      return;
    }
    std::cout << "Keep which answer in this conversation? [1-" << (*answers)->size() << ", Enter = none] " << std::flush;
    std::string pick;
    if (!std::getline(std::cin, pick) || pick.find_first_not_of(" \t\r") == std::string::npos) return;
    size_t n = 0;
    try {
      n = std::stoul(pick);
    } catch (const std::exception&) {
    }
    if (n < 1 || n > (*answers)->size()) {
      std::cout << "(nothing kept: '" << pick << "' is not 1-" << (*answers)->size() << ")\n";
      return;
    }
    auto kept = compare_.keep(req, (**answers)[n - 1], compare::KeepMode::Append);
    if (!kept) {
      print_error(kept.error());
      return;
    }
    conversation_ = *kept;
    std::cout << "(kept " << (**answers)[n - 1].label << "'s answer in conversation " << *kept << ")\n";
  }

  void show_usage() {
    auto rep = setup_.store->usage().report(usage::local_month_start_ms(store::now_ms()), store::UsageGroup::Model);
    if (!rep) {
      print_error(rep.error());
      return;
    }
    for (const auto& r : rep->rows)
      std::printf("  %-40s %5lld req  %10s in  %10s out  %s\n", r.group.c_str(), static_cast<long long>(r.requests),
                  with_commas(r.input_tokens).c_str(), with_commas(r.output_tokens).c_str(), format_usd(r.cost_usd).c_str());
    std::printf("  %-40s %5lld req  %10s in  %10s out  %s  (this month)\n", "total",
                static_cast<long long>(rep->total.requests), with_commas(rep->total.input_tokens).c_str(),
                with_commas(rep->total.output_tokens).c_str(), format_usd(rep->total.cost_usd).c_str());
  }

  void show_history() {
    auto list = setup_.store->conversations().list(10);
    if (!list) {
      print_error(list.error());
      return;
    }
    for (const auto& c : *list)
      std::printf("  %s%5lld  %-28s %s\n", conversation_ == c.id ? "*" : " ", static_cast<long long>(c.id),
                  c.last_model.c_str(), c.title.c_str());
  }

  // Returns false to leave the session.
  bool command(const std::string& line) {
    auto w = words(line);
    const std::string& cmd = w[0];
    std::string rest = line.size() > cmd.size() ? line.substr(line.find(cmd) + cmd.size() + 1) : "";
    if (cmd == "/quit" || cmd == "/exit") return false;
    if (cmd == "/help") {
      std::cout << kHelp;
    } else if (cmd == "/model") {
      if (w.size() != 2) {
        std::cout << "usage: /model M   (now: " << describe_model() << ")\n";
        return true;
      }
      app::Selection next = selection_;
      next.provider.clear();
      next.model = w[1];
      chat::TurnRequest t;
      t.selection = next;
      auto target = setup_.chat->resolve(t);
      if (!target) {
        print_error(target.error());
        return true;
      }
      selection_ = next;
      std::cout << "(now talking to " << target->endpoint.spec.name << ":" << target->model
                << "; the conversation so far goes along)\n";
    } else if (cmd == "/compare") {
      if (w.size() < 3) {
        std::cout << "usage: /compare A B [C …]  — then type the question\n";
        return true;
      }
      compare_models_.assign(w.begin() + 1, w.end());
    } else if (cmd == "/estimate") {
      chat::TurnRequest t;
      t.conversation = conversation_;
      t.selection = selection_;
      t.prompt = rest;
      auto p = setup_.chat->preview(t);
      if (!p) print_error(p.error());
      else {
        std::cout << "  " << p->estimate.provider << ":" << p->estimate.model << ": " << describe_estimate(p->estimate) << "\n";
        if (p->dropped_messages) std::cout << "  " << p->dropped_messages << " oldest messages would be left out\n";
        if (p->refusal) std::cout << "  would be refused: " << p->refusal->describe() << "\n";
      }
    } else if (cmd == "/usage") {
      show_usage();
    } else if (cmd == "/history") {
      show_history();
    } else if (cmd == "/open" && w.size() == 2) {
      try {
        int64_t id = std::stoll(w[1]);
        auto info = setup_.store->conversations().info(id);
        if (!info) print_error(info.error());
        else {
          conversation_ = id;
          std::cout << "(continuing " << id << ": " << info->title << ")\n";
        }
      } catch (const std::exception&) {
        std::cout << "usage: /open ID\n";
      }
    } else if (cmd == "/new") {
      conversation_.reset();
      std::cout << "(new conversation)\n";
    } else if (cmd == "/title") {
      if (!conversation_) std::cout << "(no conversation yet)\n";
      else if (auto t = setup_.chat->make_title(*conversation_, selection_, {}); !t) print_error(t.error());
      else std::cout << "(title: " << *t << ")\n";
    } else {
      std::cout << "unknown command " << cmd << "\n" << kHelp;
    }
    return true;
  }

  Context& ctx_;
  ChatSetup& setup_;
  compare::CompareService compare_;
  app::Selection selection_;
  std::string system_, key_name_;
  std::optional<int64_t> conversation_;
  std::vector<std::string> compare_models_;
  std::atomic<bool> compare_prompt_{false};  // which prompt is on screen (read by the signal watcher)
  // Last: its watcher thread stops first. Ctrl-C at the prompt only reminds how to leave.
  InteractiveSignals signals_{[this] {
    std::cout << "\n(Ctrl-C stops an answer while it streams; /exit or Ctrl-D leaves)\n"
              << (compare_prompt_ ? "compare> " : "you> ") << std::flush;
  }};
};

int run_chat(Context& ctx, const ChatOptions& o) {
  if (!ctx.init()) return kUsage;
  auto setup = open_chat(ctx);
  if (!setup) return kUsage;
  ChatSession session(ctx, *setup, o);
  return session.run();
}

}  // namespace

void register_chat(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ChatOptions>();
  auto* cmd = app.add_subcommand("chat", "Interactive conversation in the terminal (/help inside)");
  cmd->add_option("--model,-m", o->model, "Model, or provider:model");
  cmd->add_option("--system,-s", o->system, "System prompt for a new conversation");
  cmd->add_option("--key-name", o->key_name, "Which of the provider's named keys to use");
  cmd->add_option("--continue,-c", o->continue_id, "Continue conversation ID");
  cmd->callback([&ctx, o] { throw CLI::RuntimeError(run_chat(ctx, *o)); });
}

}  // namespace byok::cli
