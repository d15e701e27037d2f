// `byok history list|show ID|export ID --format md|json|rename ID TITLE|title ID|rm ID`: the stored
// conversations.
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>

#include "cli/chat_setup.h"
#include "cli/context.h"

namespace byok::cli {
namespace {

struct HistoryOptions {
  int64_t id = 0;
  int limit = 20;
  bool json = false;
  std::string format = "md", output, title, model;
};

std::string local_time(int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
  return buf;
}

nlohmann::json info_json(const store::ConversationInfo& c) {
  nlohmann::json j{{"id", c.id},           {"title", c.title},         {"messages", c.message_count},
                   {"updated_ms", c.updated_ms}, {"created_ms", c.created_ms}, {"last_model", c.last_model}};
  if (c.branch_of) j["branch_of"] = *c.branch_of;
  return j;
}

int fail(const Error& e) {
  print_error(e);
  return e.kind == ErrorKind::Config ? kUsage : kProviderError;
}

int run_list(const HistoryOptions& o) {
  auto s = open_store();
  if (!s) return kUsage;
  auto list = s->conversations().list(o.limit);
  if (!list) return fail(list.error());
  if (o.json) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& c : *list) arr.push_back(info_json(c));
    std::cout << arr.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
    return kOk;
  }
  if (list->empty()) {
    std::cout << "No conversations yet. `byok ask PROMPT` starts one.\n";
    return kOk;
  }
  std::printf("%6s  %-16s  %4s  %-28s  %s\n", "ID", "UPDATED", "MSGS", "LAST MODEL", "TITLE");
  for (const auto& c : *list)
    std::printf("%6lld  %-16s  %4d  %-28s  %s\n", static_cast<long long>(c.id), local_time(c.updated_ms).c_str(),
                c.message_count, c.last_model.c_str(), c.title.c_str());
  return kOk;
}

int run_show(const HistoryOptions& o) {
  auto s = open_store();
  if (!s) return kUsage;
  auto c = s->conversations().get(o.id);
  if (!c) return fail(c.error());
  if (o.json) {
    std::cout << store::export_json(*c).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
    return kOk;
  }
  std::cout << "# " << c->info.title << "  (conversation " << c->info.id;
  if (c->info.branch_of) std::cout << ", branched from " << *c->info.branch_of;
  std::cout << ")\n";
  if (!c->info.system.empty()) std::cout << "system: " << c->info.system << "\n";
  for (const auto& m : c->messages) {
    std::cout << "\n[" << m.seq << "] ";
    if (m.role == llm::Role::Assistant) {
      std::cout << m.provider << ":" << m.model;
      if (m.status != store::MessageStatus::Complete)
        std::cout << " (" << (m.status == store::MessageStatus::Streaming ? "interrupted" : to_string(m.status)) << ")";
      if (m.input_tokens || m.output_tokens)
        std::cout << " " << m.input_tokens.value_or(0) << "→" << m.output_tokens.value_or(0) << " tokens";
    } else {
      std::cout << llm::to_string(m.role);
    }
    std::cout << "  " << local_time(m.created_ms) << "\n" << m.text << "\n";
    if (!m.error.empty()) std::cout << "error: " << m.error << "\n";
  }
  return kOk;
}

int run_export(const HistoryOptions& o) {
  auto s = open_store();
  if (!s) return kUsage;
  auto c = s->conversations().get(o.id);
  if (!c) return fail(c.error());
  std::string text = o.format == "json"
                         ? store::export_json(*c).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"
                         : store::export_markdown(*c);
  if (o.output.empty() || o.output == "-") {
    std::cout << text;
    return kOk;
  }
  std::ofstream out(o.output, std::ios::binary | std::ios::trunc);
  if (!out || !out.write(text.data(), static_cast<std::streamsize>(text.size())))
    return fail(Error(ErrorKind::Io, "cannot write " + o.output));
  std::cerr << "byok: conversation " << o.id << " written to " << o.output << std::endl;
  return kOk;
}

int run_rename(const HistoryOptions& o) {
  auto s = open_store();
  if (!s) return kUsage;
  if (o.title.find_first_not_of(" \t\r\n") == std::string::npos) return fail(Error(ErrorKind::Config, "the title is empty"));
  if (auto st = s->conversations().rename(o.id, o.title); !st) return fail(st.error());
  return kOk;
}

int run_title(Context& ctx, const HistoryOptions& o) {
  if (!ctx.init()) return kUsage;
  auto setup = open_chat(ctx);
  if (!setup) return kUsage;
  app::Selection sel;
  sel.model = o.model;
  auto t = setup->chat->make_title(o.id, sel, {});
  if (!t) return fail(t.error());
  std::cout << *t << std::endl;
  return kOk;
}

int run_rm(const HistoryOptions& o) {
  auto s = open_store();
  if (!s) return kUsage;
  if (auto st = s->conversations().remove(o.id); !st) return fail(st.error());
  std::cerr << "byok: conversation " << o.id << " deleted" << std::endl;
  return kOk;
}

}  // namespace

void register_history(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<HistoryOptions>();
  auto* cmd = app.add_subcommand("history", "Stored conversations: list, show, export, rename, title, rm");
  cmd->require_subcommand(1);
  auto* list = cmd->add_subcommand("list", "Most recent conversations first");
  list->add_option("--limit,-n", o->limit, "How many (0 = all)");
  list->add_flag("--json", o->json, "A JSON array");
  list->callback([o] { throw CLI::RuntimeError(run_list(*o)); });
  auto* show = cmd->add_subcommand("show", "Every message of a conversation");
  show->add_option("id", o->id, "Conversation ID")->required();
  show->add_flag("--json", o->json, "The JSON export");
  show->callback([o] { throw CLI::RuntimeError(run_show(*o)); });
  auto* exp = cmd->add_subcommand("export", "Export a conversation to Markdown or JSON");
  exp->add_option("id", o->id, "Conversation ID")->required();
  exp->add_option("--format,-f", o->format, "md or json")->check(CLI::IsMember({"md", "json"}));
  exp->add_option("--output,-o", o->output, "File to write (default stdout)");
  exp->callback([o] { throw CLI::RuntimeError(run_export(*o)); });
  auto* rename = cmd->add_subcommand("rename", "Give a conversation a new title");
  rename->add_option("id", o->id, "Conversation ID")->required();
  rename->add_option("title", o->title, "The new title")->required();
  rename->callback([o] { throw CLI::RuntimeError(run_rename(*o)); });
  auto* title = cmd->add_subcommand("title", "Ask a model for a short title and store it");
  title->add_option("id", o->id, "Conversation ID")->required();
  title->add_option("--model,-m", o->model, "Model, or provider:model (default: the conversation's last model)");
  title->callback([&ctx, o] { throw CLI::RuntimeError(run_title(ctx, *o)); });
  auto* rm = cmd->add_subcommand("rm", "Delete a conversation");
  rm->add_option("id", o->id, "Conversation ID")->required();
  rm->callback([o] { throw CLI::RuntimeError(run_rm(*o)); });
}

}  // namespace byok::cli
