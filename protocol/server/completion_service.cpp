#include "protocol/server/completion_service.h"

#include <chrono>
#include <future>

#include "core/usage/metered_engine.h"
#include "core/util/log.h"
#include "protocol/server/session.h"

namespace byok::server {
namespace {

constexpr size_t kRemembered = 512;  // suggestion ids kept for feedback

// The host's snapshot of the text around the cursor, at its absolute offsets. The engine never reads
// outside the window it asked for, and the window is at least as large (see the handlers), so the parts of
// the document not copied read as empty.
class WindowDocument final : public completion::DocumentView {
 public:
  WindowDocument(std::string text, size_t begin, size_t size) : text_(std::move(text)), begin_(begin), size_(size) {}
  size_t size() const override { return size_; }
  std::string slice(size_t begin, size_t end) const override {
    const size_t lo = std::max(begin, begin_), hi = std::min(end, begin_ + text_.size());
    if (lo >= hi) return {};
    return text_.substr(lo - begin_, hi - lo);
  }

 private:
  std::string text_;
  size_t begin_, size_;
};

std::string file_name_of(const std::string& uri) {
  auto slash = uri.find_last_of('/');
  return slash == std::string::npos ? uri : uri.substr(slash + 1);
}

}  // namespace

struct CompletionService::Slot {
  app::Target target;
  std::string label;  // provider:model
  std::unique_ptr<completion::CompletionEngine> engine;
};

CompletionService::~CompletionService() {
  std::map<std::string, std::shared_ptr<Slot>> slots;
  {
    std::lock_guard lock(mu_);
    slots.swap(slots_);
  }
  for (auto& [_, slot] : slots) slot->engine.reset();  // joins its threads; callbacks still find us alive
}

Result<std::shared_ptr<CompletionService::Slot>> CompletionService::slot_for(const std::string& model) {
  auto t = s_.target("completion", model);
  if (!t) return t.error();
  const std::string key = t->endpoint.spec.name + "|" + t->endpoint.spec.base_url.str() + "|" + t->model;
  std::lock_guard lock(mu_);
  if (auto it = slots_.find(key); it != slots_.end()) {
    // Same target with the same key: keep the engine (its cache, debounce and warm connection). A key
    // changed since (byok/keys set, a host's byok/secret) gets a fresh engine.
    if (it->second->target.endpoint.key == t->endpoint.key) return it->second;
  }
  nlohmann::json raw = s_.cfg.features_raw.is_object() && s_.cfg.features_raw.contains("completion")
                           ? s_.cfg.features_raw["completion"]
                           : nlohmann::json();
  auto options = completion::Options::from_json(raw, "features.completion");
  if (!options) return options.error();
  auto slot = std::make_shared<Slot>();
  slot->target = *t;
  slot->label = model_label(*t);
  slot->engine = std::make_unique<completion::CompletionEngine>(s_.engine, t->endpoint, t->model, *options,
                                                                s_.call_options());
  // Every provider call, cancelled ones too (the provider bills what it processed), goes in the ledger.
  const llm::Endpoint endpoint = t->endpoint;
  slot->engine->set_usage_hook([this, endpoint](const completion::CompletionUsage& u) {
    auto svc = s_.services();
    if (!svc) return;
    usage::Meter meter;
    meter.host = s_.host;
    meter.kind = "completion";
    usage::Observed seen;
    const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
    seen.start_ms = now - u.duration_ms;
    seen.ttft_ms = u.ttft_ms;
    seen.duration_ms = u.duration_ms;
    seen.usage = llm::Usage{u.input_tokens, u.output_tokens, u.cost_usd};
    Result<llm::StreamSummary> outcome = u.cancelled ? Result<llm::StreamSummary>(Error(ErrorKind::Cancelled, "cancelled"))
                                                     : Result<llm::StreamSummary>(llm::StreamSummary{});
    auto row = usage::usage_record(endpoint, u.model, meter, u.input_tokens, seen, outcome);
    row.estimated = u.estimated;
    if (auto r = (*svc)->metered().ledger().record(row); !r) log::warn("completion usage not recorded: " + r.error().message);
  });
  // What the user did with each suggestion goes next to what the calls cost: acceptance per model.
  slot->engine->set_feedback_hook([this](const completion::FeedbackRecord& f) {
    auto svc = s_.services();
    if (!svc) return;
    store::CompletionFeedbackRecord r;
    r.host = s_.host;
    r.provider = f.provider;
    r.model = f.model;
    r.kind = completion::to_string(f.feedback.kind);
    r.suggestion_bytes = static_cast<int64_t>(f.suggestion_bytes);
    r.accepted_bytes = f.feedback.kind == completion::Feedback::Kind::Accepted ? static_cast<int64_t>(f.suggestion_bytes)
                       : f.feedback.kind == completion::Feedback::Kind::AcceptedPartially
                           ? static_cast<int64_t>(f.feedback.accepted_chars)
                           : 0;
    if (auto st = (*svc)->store().usage().record_feedback(r); !st)
      log::warn("completion feedback not recorded: " + st.error().message);
  });
  slots_[key] = slot;
  return slot;
}

uint64_t CompletionService::remember(const std::shared_ptr<Slot>& slot, completion::SuggestionId id) {
  std::lock_guard lock(mu_);
  const uint64_t mine = next_id_++;
  suggestions_[mine] = {slot, id};
  while (suggestions_.size() > kRemembered) suggestions_.erase(suggestions_.begin());
  return mine;
}

void CompletionService::request(CompletionRequest req, const CancelToken& cancel, Done done) {
  auto slot = slot_for(req.model);
  if (!slot) return done(slot.error());
  // Budgets refuse before anything is sent, as for every other request kind.
  if (auto svc = s_.services(); svc) {
    const auto& spec = (*slot)->target.endpoint.spec;
    if (auto checked = (*svc)->metered().budgets().check(spec.name, "default", std::nullopt); !checked)
      return done(checked.error());
  } else {
    return done(svc.error());
  }

  completion::CompletionInput in;
  in.uri = req.uri;
  in.language_id = req.language_id;
  in.path = file_name_of(req.uri);
  in.cursor_byte = req.cursor_byte;
  in.cursor = req.cursor;
  in.trigger = req.trigger;
  in.neighbours = std::move(req.neighbours);
  in.document = std::make_shared<WindowDocument>(std::move(req.window), req.window_begin, req.document_size);

  // The registration lives as long as the engine holds the callback (or this call, if the engine answered
  // at once); cancelling a request that already finished is a no-op in the engine.
  struct Link {
    std::optional<CancelRegistration> registration;
  };
  auto link = std::make_shared<Link>();
  std::shared_ptr<Slot> s = *slot;
  auto id = s->engine->request(std::move(in), [this, s, link, done = std::move(done)](Result<completion::Completion> r) {
    if (!r) return done(r.error());
    CompletionAnswer a;
    a.model = s->label;
    a.source = completion::to_string(r->source);
    for (auto& sug : r->suggestions) a.items.push_back({remember(s, sug.id), std::move(sug.text), sug.range});
    done(std::move(a));
  });
  std::weak_ptr<Slot> weak = s;
  link->registration.emplace(cancel.on_cancel([weak, id] {
    if (auto alive = weak.lock()) alive->engine->cancel(id);
  }));
}

Result<CompletionAnswer> CompletionService::request_sync(CompletionRequest req, const CancelToken& cancel) {
  auto promise = std::make_shared<std::promise<Result<CompletionAnswer>>>();
  auto answer = promise->get_future();
  request(std::move(req), cancel, [promise](Result<CompletionAnswer> r) { promise->set_value(std::move(r)); });
  return answer.get();
}

void CompletionService::warm_up() {
  if (auto slot = slot_for("")) (*slot)->engine->warm_up();  // no key or model yet: the first request says so
  std::lock_guard lock(mu_);
  warming_ = false;
  last_warm_ = std::chrono::steady_clock::now();
}

bool CompletionService::claim_warm_up() {
  std::lock_guard lock(mu_);
  const auto now = std::chrono::steady_clock::now();
  if (warming_ || (last_warm_ != std::chrono::steady_clock::time_point{} && now - last_warm_ < std::chrono::seconds(30)))
    return false;
  warming_ = true;
  return true;
}

Status CompletionService::feedback(uint64_t suggestion, completion::Feedback::Kind kind, size_t accepted_chars) {
  std::shared_ptr<Slot> slot;
  completion::SuggestionId id = 0;
  {
    std::lock_guard lock(mu_);
    auto it = suggestions_.find(suggestion);
    if (it == suggestions_.end()) {
      if (suggestion >= next_id_ || suggestion == 0)
        return Error(ErrorKind::Protocol, "suggestionId " + std::to_string(suggestion) + " was never sent");
      return ok_status();  // forgotten: too old to matter
    }
    slot = it->second.first.lock();
    id = it->second.second;
  }
  if (!slot) return ok_status();
  completion::Feedback f;
  f.suggestion = id;
  f.kind = kind;
  f.accepted_chars = accepted_chars;
  slot->engine->feedback(f);
  return ok_status();
}

completion::EngineStats CompletionService::stats(const std::string& model) {
  auto slot = slot_for(model);
  if (!slot) return {};
  return (*slot)->engine->stats();
}

}  // namespace byok::server
