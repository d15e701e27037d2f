#include "core/chat/chat_service.h"

#include <chrono>

#include "core/chat/context_window.h"
#include "core/chat/history_summary.h"
#include "core/util/log.h"

namespace byok::chat {
namespace {

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

// The conversation's history plus the new prompt, for the chosen model.
struct Prepared {
  std::optional<store::Conversation> conversation;
  app::Target target;
  std::string key_name;
  llm::ChatRequest full;  // before fitting to the window
  Fitted fitted;
  usage::Estimate estimate;
};

}  // namespace

Status require_key(const app::Target& t) {
  const auto& spec = t.endpoint.spec;
  if (!spec.needs_key() || !t.endpoint.key.empty()) return ok_status();
  std::string fix = spec.key_env.empty() ? "run `byok keys set " + spec.name + "`"
                                         : "set " + spec.key_env + " or run `byok keys set " + spec.name + "`";
  return Error(ErrorKind::Key, "no API key (" + fix + ")", spec.name);
}

ChatService::ChatService(Validated, const config::Config& cfg, keys::KeyResolver& keys, llm::Engine& engine, store::Store& store,
                         std::vector<usage::Budget> budgets, ChatServiceOptions opts)
    : cfg_(cfg), keys_(keys), store_(store), budgets_(std::move(budgets), store.usage()),
      metered_(engine, store.usage(), budgets_), opts_(std::move(opts)) {
  auto policy = history_policy(cfg);  // create() has already refused a bad value
  summarize_history_ = policy && *policy == HistoryPolicy::Summarize;
}

Result<std::unique_ptr<ChatService>> ChatService::create(const config::Config& cfg, keys::KeyResolver& keys,
                                                         llm::Engine& engine, store::Store& store,
                                                         ChatServiceOptions opts) {
  auto budgets = usage::parse_budgets(cfg.budgets, [&](const std::string& p) { return cfg.knows_provider(p); });
  if (!budgets) {
    auto e = budgets.error();
    if (!cfg.source.empty()) e.message = cfg.source.string() + ": " + e.message;
    return e;
  }
  if (auto policy = history_policy(cfg); !policy) {
    auto e = policy.error();
    if (!cfg.source.empty()) e.message = cfg.source.string() + ": " + e.message;
    return e;
  }
  return std::make_unique<ChatService>(Validated{}, cfg, keys, engine, store, std::move(*budgets), std::move(opts));
}

Result<app::Target> ChatService::resolve(const TurnRequest& req) {
  if (req.target) return *req.target;
  app::Selection sel = req.selection;
  if (req.conversation && sel.provider.empty() && sel.model.empty()) {
    // Continuing without naming a model: keep talking to whoever answered last.
    auto info = store_.conversations().info(*req.conversation);
    if (!info) return info.error();
    auto colon = info->last_model.find(':');
    if (colon != std::string::npos && colon > 0 && cfg_.knows_provider(info->last_model.substr(0, colon))) {
      sel.provider = info->last_model.substr(0, colon);
      sel.model = info->last_model.substr(colon + 1);
    }
  }
  auto target = app::resolve_target(cfg_, sel, keys_);
  if (!target) return target.error();
  if (auto st = require_key(*target); !st) return st.error();
  return target;
}

namespace {

Result<Prepared> prepare(ChatService& svc, const TurnRequest& req) {
  if (blank(req.prompt)) return Error(ErrorKind::Config, "the prompt is empty");
  Prepared p;
  auto target = svc.resolve(req);
  if (!target) return target.error();
  p.target = std::move(*target);
  p.key_name = req.selection.key_name.empty() ? "default" : req.selection.key_name;

  llm::ChatRequest chat;
  if (req.conversation) {
    auto conv = svc.store().conversations().get(*req.conversation);
    if (!conv) return conv.error();
    chat = store::to_chat_request(*conv);
    p.conversation = std::move(*conv);
  }
  if (!req.system.empty()) chat.system = req.system;
  chat.messages.push_back({llm::Role::User, req.prompt});
  chat.model = p.target.model;
  chat.max_tokens = req.max_tokens;
  chat.temperature = req.temperature;

  const auto& spec = p.target.endpoint.spec;
  auto info = spec.model_info(p.target.model);
  int64_t window = info ? info->context : 0;
  int64_t reserve = usage::answer_reserve(spec, p.target.model, req.max_tokens);
  p.full = chat;
  auto fitted = fit_to_window(chat, window, reserve, spec.name + ":" + p.target.model);
  if (!fitted) {
    auto e = fitted.error();
    e.provider = spec.name;
    return e;
  }
  p.fitted = std::move(*fitted);
  p.estimate = usage::estimate_chat(spec, p.fitted.request);
  return p;
}

}  // namespace

Result<TurnPreview> ChatService::preview(const TurnRequest& req) {
  TurnPreview out;
  auto p = prepare(*this, req);
  if (!p) {
    if (p.error().kind != ErrorKind::Config || p.error().provider.empty()) return p.error();
    out.refusal = p.error();  // the context window: a preview reports it rather than failing
    return out;
  }
  out.estimate = p->estimate;
  out.dropped_messages = p->fitted.dropped_messages;
  auto warnings = budgets_.check(p->target.endpoint.spec.name, p->key_name, p->estimate.input_cost_usd);
  if (!warnings) {
    if (warnings.error().kind != ErrorKind::Budget) return warnings.error();
    out.refusal = warnings.error();
  } else {
    out.budget_warnings = std::move(*warnings);
  }
  return out;
}

Result<TurnResult> ChatService::send(const TurnRequest& req, const TurnObserver& obs, const CancelToken& cancel) {
  auto prepared = prepare(*this, req);
  if (!prepared) return prepared.error();
  Prepared& p = *prepared;
  const auto& spec = p.target.endpoint.spec;

  // Budgets before anything is stored or sent.
  auto warnings = budgets_.check(spec.name, p.key_name, p.estimate.input_cost_usd);
  if (!warnings) return warnings.error();

  // features.chat.history = "summarize": the turns left out are replaced by a summary (its own metered
  // request), so the model still knows what was said.
  int summarized = 0;
  if (summarize_history_ && p.conversation && p.fitted.dropped_messages > 0) {
    if (auto s = summarize_left_out(p.target, p.key_name, p.conversation->info.id, p.full, p.fitted.dropped_messages, cancel)) {
      p.fitted.request = std::move(s->request);
      p.fitted.dropped_messages = s->dropped;
      p.estimate = usage::estimate_chat(spec, p.fitted.request);
      summarized = s->summarized;
    }
  }

  auto& convs = store_.conversations();
  TurnStart start;
  if (p.conversation) {
    start.conversation_id = p.conversation->info.id;
    if (!req.system.empty() && req.system != p.conversation->info.system)
      if (auto st = convs.set_system(start.conversation_id, req.system); !st) return st.error();
  }
  // The user's message is committed before the request goes out: a crash never loses it. A new conversation
  // is created together with it (one transaction), so a crash never leaves an empty one either.
  store::NewMessage user_turn;
  user_turn.role = llm::Role::User;
  user_turn.text = req.prompt;
  Result<int64_t> user_id = int64_t{0};
  if (p.conversation) {
    user_id = convs.append(start.conversation_id, user_turn);
  } else {
    auto created = convs.create_with_message(store::title_from_prompt(req.prompt), req.system, user_turn);
    if (!created) return created.error();
    start.conversation_id = created->first;
    start.new_conversation = true;
    user_id = created->second;
  }
  if (!user_id) return user_id.error();
  auto answer_id = convs.append(start.conversation_id,
                                {llm::Role::Assistant, "", spec.name, p.target.model, store::MessageStatus::Streaming});
  if (!answer_id) return answer_id.error();
  start.user_message_id = *user_id;
  start.answer_message_id = *answer_id;
  start.provider = spec.name;
  start.model = p.target.model;
  start.estimate = p.estimate;
  start.dropped_messages = p.fitted.dropped_messages;
  start.summarized_messages = summarized;
  start.budget_warnings = std::move(*warnings);
  if (obs.on_start) obs.on_start(start);

  // Stream, flushing the partial answer in bounded intervals so a SIGKILL loses at most the last piece.
  std::string text;
  size_t flushed_bytes = 0;
  auto last_flush = std::chrono::steady_clock::now();
  auto emit = [&](const llm::Event& ev) {
    if (const auto* d = std::get_if<llm::TextDelta>(&ev)) {
      text += d->text;
      auto now = std::chrono::steady_clock::now();
      if (text.size() - flushed_bytes >= opts_.flush_bytes || now - last_flush >= opts_.flush_interval) {
        if (auto st = convs.update_text(*answer_id, text); !st) log::warn("saving partial answer: " + st.error().message);
        flushed_bytes = text.size();
        last_flush = now;
      }
    }
    if (obs.on_event) obs.on_event(ev);
  };
  usage::Meter meter;
  meter.host = opts_.host;
  meter.kind = req.kind;
  meter.key_name = p.key_name;
  meter.conversation_id = start.conversation_id;
  auto call = llm::CallOptions::from(cfg_);
  if (obs.on_retry) call.on_retry = obs.on_retry;
  auto sent = metered_.chat(p.target.endpoint, p.fitted.request, meter, emit, cancel, call);

  TurnResult out;
  out.conversation_id = start.conversation_id;
  out.user_message_id = start.user_message_id;
  out.answer_message_id = start.answer_message_id;
  out.provider = spec.name;
  out.model = p.target.model;
  out.text = std::move(text);
  out.usage = sent.usage;
  out.dropped_messages = p.fitted.dropped_messages;
  out.summarized_messages = summarized;
  store::AnswerEnd end;
  if (sent.result) {
    out.summary = *sent.result;
    end.status = store::MessageStatus::Complete;
  } else {
    out.error = sent.result.error();
    end.status = sent.result.error().kind == ErrorKind::Cancelled ? store::MessageStatus::Cancelled
                                                                  : store::MessageStatus::Failed;
    end.error = sent.result.error().describe();
  }
  out.status = end.status;
  if (!sent.usage.estimated) {
    end.input_tokens = sent.usage.input_tokens;
    end.output_tokens = sent.usage.output_tokens;
  }
  if (auto st = convs.finish(*answer_id, out.text, end); !st) return st.error();
  return out;
}

std::optional<ChatService::Summarized> ChatService::summarize_left_out(const app::Target& target,
                                                                     const std::string& key_name, int64_t conversation,
                                                                     const llm::ChatRequest& full, int dropped,
                                                                     const CancelToken& cancel) {
  const auto& spec = target.endpoint.spec;
  const std::string label = spec.name + ":" + target.model;
  std::vector<llm::Message> left_out;
  for (const auto& m : full.messages) {
    if (static_cast<int>(left_out.size()) == dropped) break;
    if (m.role != llm::Role::System) left_out.push_back(m);
  }
  std::string summary;
  {
    std::lock_guard lock(summaries_mu_);
    if (auto it = summaries_.find({conversation, dropped}); it != summaries_.end()) summary = it->second;
  }
  if (summary.empty()) {
    auto info = spec.model_info(target.model);
    const int64_t window = info ? info->context : 0;
    auto req = summary_request(left_out, window > 0 ? window - 600 : 0);
    req.model = target.model;
    usage::Meter meter;
    meter.host = opts_.host;
    meter.kind = "summary";
    meter.key_name = key_name;
    meter.conversation_id = conversation;
    auto sent = metered_.chat(target.endpoint, req, meter, [](const llm::Event&) {}, cancel, llm::CallOptions::from(cfg_));
    if (!sent.result || sent.text.find_first_not_of(" \t\r\n") == std::string::npos) {
      log::warn("conversation " + std::to_string(conversation) + ": could not summarise the " + std::to_string(dropped) +
                " messages left out (" + (sent.result ? std::string("empty summary") : sent.result.error().describe()) +
                "); they are dropped instead");
      return std::nullopt;
    }
    summary = sent.text;
    std::lock_guard lock(summaries_mu_);
    summaries_[{conversation, dropped}] = summary;
  }
  // The summary takes room too: fit again (in a very small window, more turns may have to go).
  auto info = spec.model_info(target.model);
  llm::ChatRequest kept = full;
  kept.messages.clear();
  int skipped = 0;
  for (const auto& m : full.messages) {
    if (m.role != llm::Role::System && skipped < dropped) {
      ++skipped;
      continue;
    }
    kept.messages.push_back(m);
  }
  auto refit = fit_to_window(with_summary(kept, summary, dropped), info ? info->context : 0,
                             usage::answer_reserve(spec, target.model, full.max_tokens), label);
  if (!refit) {
    log::warn("conversation " + std::to_string(conversation) + ": the summary does not fit " + label + "'s window; the " +
              std::to_string(dropped) + " messages are dropped instead");
    return std::nullopt;
  }
  return Summarized{std::move(refit->request), dropped, dropped + refit->dropped_messages};
}

Result<std::string> ChatService::make_title(int64_t conversation, const app::Selection& selection,
                                            const CancelToken& cancel) {
  auto conv = store_.conversations().get(conversation);
  if (!conv) return conv.error();
  TurnRequest tr;
  tr.conversation = conversation;
  tr.selection = selection;
  auto target = resolve(tr);
  if (!target) return target.error();
  std::string transcript;
  for (const auto& m : conv->messages) {
    if (m.text.empty()) continue;
    transcript += std::string(llm::to_string(m.role)) + ": " + m.text + "\n";
    if (transcript.size() > 4000) break;
  }
  llm::ChatRequest req;
  req.model = target->model;
  req.system = "You name conversations. Reply with a title of at most 8 words: no quotes, no punctuation at the end.";
  req.messages.push_back({llm::Role::User, "Title this conversation:\n\n" + transcript.substr(0, 4000)});
  req.max_tokens = 32;
  usage::Meter meter;
  meter.host = opts_.host;
  meter.kind = "title";
  meter.key_name = selection.key_name.empty() ? "default" : selection.key_name;
  meter.conversation_id = conversation;
  auto sent = metered_.chat(target->endpoint, req, meter, {}, cancel, llm::CallOptions::from(cfg_));
  if (!sent.result) return sent.result.error();
  if (blank(sent.text)) return Error(ErrorKind::Provider, "the model returned an empty title", target->endpoint.spec.name);
  std::string title = store::title_from_prompt(sent.text);
  while (!title.empty() && (title.front() == '"' || title.front() == '\'')) title.erase(0, 1);
  while (!title.empty() && (title.back() == '"' || title.back() == '\'' || title.back() == '.')) title.pop_back();
  if (title.empty()) return Error(ErrorKind::Provider, "the model returned an empty title", target->endpoint.spec.name);
  if (auto st = store_.conversations().rename(conversation, title); !st) return st.error();
  return title;
}

}  // namespace byok::chat
