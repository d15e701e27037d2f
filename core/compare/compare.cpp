#include "core/compare/compare.h"

#include <chrono>
#include <memory>
#include <mutex>
#include <thread>

#include "core/chat/context_window.h"
#include "core/usage/estimate.h"

namespace byok::compare {

Result<std::vector<CompareAnswer>> CompareService::run(const CompareRequest& req, const CompareObserver& obs,
                                                       const CancelToken& cancel) {
  // Resolve every model first: a typo fails the whole comparison before anything is sent.
  std::vector<app::Target> targets;
  std::vector<std::string> key_names;
  if (!req.models.empty()) {
    for (const auto& sel : req.models) {
      chat::TurnRequest tr;
      tr.selection = sel;
      auto t = chat_.resolve(tr);
      if (!t) {
        auto e = t.error();
        e.message = "--model " + (sel.model.empty() ? sel.provider : sel.model) + ": " + e.message;
        return e;
      }
      targets.push_back(std::move(*t));
      key_names.push_back(sel.key_name.empty() ? "default" : sel.key_name);
    }
  } else {
    targets = req.targets;
    key_names.assign(targets.size(), "default");
  }
  if (targets.empty()) return Error(ErrorKind::Config, "compare needs at least one model");

  llm::ChatRequest base;
  if (req.conversation) {
    auto conv = chat_.store().conversations().get(*req.conversation);
    if (!conv) return conv.error();
    base = store::to_chat_request(*conv);
  }
  if (!req.request.system.empty()) base.system = req.request.system;
  base.messages.insert(base.messages.end(), req.request.messages.begin(), req.request.messages.end());
  base.max_tokens = req.request.max_tokens;
  base.temperature = req.request.temperature;
  base.stop = req.request.stop;

  std::vector<CompareAnswer> answers(targets.size());
  std::vector<CancelSource> sources(targets.size());
  std::mutex callbacks;  // observers never run concurrently
  {
    // Each model has its own cancel source, all chained to the caller's token.
    auto chained = cancel.on_cancel([&sources] {
      for (auto& s : sources) s.cancel();
    });
    std::vector<std::thread> threads;
    threads.reserve(targets.size());
    for (size_t i = 0; i < targets.size(); ++i) {
      threads.emplace_back([&, i] {
        const auto& target = targets[i];
        const auto& spec = target.endpoint.spec;
        CompareAnswer& a = answers[i];
        a.index = i;
        a.provider = spec.name;
        a.model = target.model;
        a.label = spec.name + ":" + target.model;
        auto t0 = std::chrono::steady_clock::now();
        {
          std::lock_guard lk(callbacks);
          if (obs.on_start) obs.on_start(i, a.label);
        }
        llm::ChatRequest mine = base;
        mine.model = target.model;
        auto info = spec.model_info(target.model);
        auto fitted = chat::fit_to_window(mine, info ? info->context : 0,
                                          usage::answer_reserve(spec, target.model, mine.max_tokens), a.label);
        if (!fitted) {
          a.error = fitted.error();
        } else {
          a.dropped_messages = fitted->dropped_messages;
          usage::Meter meter;
          meter.host = chat_.options().host;
          meter.kind = req.kind;
          meter.key_name = key_names[i];
          meter.conversation_id = req.conversation;
          auto emit = [&](const llm::Event& ev) {
            std::lock_guard lk(callbacks);
            if (obs.on_event) obs.on_event(i, a.label, ev);
          };
          auto sent = chat_.metered().chat(target.endpoint, fitted->request, meter, emit, sources[i].token(),
                                           llm::CallOptions::from(chat_.config()));
          a.text = std::move(sent.text);
          a.usage = sent.usage;
          if (sent.result) a.summary = *sent.result;
          else a.error = sent.result.error();
        }
        a.latency_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
        std::lock_guard lk(callbacks);
        if (obs.on_done) obs.on_done(a);
      });
    }
    for (auto& t : threads) t.join();
  }
  return answers;
}

Result<int64_t> CompareService::keep(const CompareRequest& req, const CompareAnswer& answer, KeepMode mode) {
  auto& convs = chat_.store().conversations();
  std::string first_prompt;
  for (const auto& m : req.request.messages)
    if (m.role == llm::Role::User && first_prompt.empty()) first_prompt = m.text;

  int64_t id = 0;
  if (req.conversation) {
    if (mode == KeepMode::Branch) {
      auto b = convs.branch(*req.conversation);
      if (!b) return b.error();
      id = *b;
    } else {
      auto info = convs.info(*req.conversation);
      if (!info) return info.error();
      id = info->id;
    }
  } else {
    auto c = convs.create(store::title_from_prompt(first_prompt), req.request.system);
    if (!c) return c.error();
    id = *c;
  }
  for (const auto& m : req.request.messages) {
    if (m.role == llm::Role::System) continue;
    store::NewMessage nm;
    nm.role = m.role;
    nm.text = m.text;
    if (auto r = convs.append(id, nm); !r) return r.error();
  }
  store::NewMessage reply;
  reply.role = llm::Role::Assistant;
  reply.text = answer.text;
  reply.provider = answer.provider;
  reply.model = answer.model;
  auto msg = convs.append(id, reply);
  if (!msg) return msg.error();
  store::AnswerEnd end;
  if (answer.error) {
    end.status = answer.error->kind == ErrorKind::Cancelled ? store::MessageStatus::Cancelled : store::MessageStatus::Failed;
    end.error = answer.error->describe();
  }
  if (answer.usage.id != 0 && !answer.usage.estimated) {
    end.input_tokens = answer.usage.input_tokens;
    end.output_tokens = answer.usage.output_tokens;
  }
  if (auto st = convs.finish(*msg, answer.text, end); !st) return st.error();
  return id;
}

}  // namespace byok::compare
