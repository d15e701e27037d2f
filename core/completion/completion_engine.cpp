#include "core/completion/completion_engine.h"

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "core/completion/backend.h"
#include "core/completion/debounce.h"
#include "core/completion/lru_cache.h"
#include "core/completion/mode.h"
#include "core/completion/postprocess.h"
#include "core/completion/prompt_window.h"
#include "core/completion/token_estimate.h"
#include "core/completion/typed_ahead.h"
#include "core/util/log.h"

namespace byok::completion {
namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kRememberedSuggestions = 1024;  // for feedback lookups; older ids are forgotten
constexpr int kLookaheadLines = 3;  // one-line mode: how many lines a stream may run on for typed-ahead reuse

// Someone waiting for a job's answer. `typed` is what the user typed through since the job's anchor when
// the waiter joined a stream already in flight.
struct Waiter {
  RequestId id = 0;
  CompletionEngine::Callback done;
  std::string typed;
  size_t cursor_byte = 0;
  TextPosition cursor;
};

// One provider call from debounce to delivery.
struct Job {
  RequestId id = 0;
  Trigger trigger = Trigger::Automatic;
  KeyClass key = KeyClass::Word;
  Anchor anchor;
  PromptWindows windows;
  ModeDecision mode;
  std::string cache_key;
  CallPlan call;
  std::vector<Waiter> waiters;
  CancelSource cancel;
  std::string streamed;  // raw text so far
  bool sending = false, finished = false, superseded = false, stop_hit = false;
  bool delivered = false;  // the waiters have their answer (the stream may go on for typed-ahead material)
  std::optional<std::string> answer;  // what was delivered (post-processed), once delivered
  Clock::time_point created;
  std::thread thread;
};

// The suggestion last handed out, with the lines that followed it in the stream (typed-ahead material).
struct Shown {
  Anchor anchor;
  std::string text;
  Mode mode = Mode::SingleLine;
  RequestId job = 0;  // the job whose stream may still extend `text`
};

struct SuggestionInfo {
  RequestId request = 0;
  size_t bytes = 0;
};

using Delivery = std::pair<CompletionEngine::Callback, Result<Completion>>;

Error cancelled_error(const std::string& why) { return Error::make(ErrorKind::Cancelled, why); }

bool is_blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

}  // namespace

struct CompletionEngine::Impl {
  Impl(llm::Engine& l, llm::Endpoint ep, std::string m, Options o, llm::CallOptions co)
      : llm(l), endpoint(std::move(ep)), model(std::move(m)), opts(std::move(o)), call_opts(std::move(co)),
        cache(opts.cache_entries), debounce(opts) {}

  llm::Engine& llm;
  llm::Endpoint endpoint;
  std::string model;
  Options opts;
  llm::CallOptions call_opts;
  BackendPlan backend;
  std::optional<Error> config_error;

  mutable std::mutex mu;
  std::condition_variable cv;
  std::shared_ptr<Job> current;
  std::vector<std::shared_ptr<Job>> jobs;  // every job whose thread has not been joined
  std::optional<Shown> shown;
  LruCache<std::optional<std::string>> cache;
  AdaptiveDebounce debounce;
  EngineStats stats;
  UsageHook usage_hook;
  FeedbackHook feedback_hook;
  std::map<SuggestionId, SuggestionInfo> suggestions;
  RequestId next_request = 1;
  SuggestionId next_suggestion = 1;
  bool stopping = false;

  // Under mu.
  Completion make_completion(RequestId id, std::optional<std::string_view> text, size_t cursor_byte, TextPosition cursor,
                             Source source, Mode mode) {
    Completion c;
    c.request = id;
    c.source = source;
    c.mode = mode;
    if (text && !is_blank(*text)) {
      Suggestion s;
      s.id = next_suggestion++;
      s.text = std::string(*text);
      s.range = TextRange{cursor_byte, cursor_byte, cursor, cursor};
      suggestions[s.id] = SuggestionInfo{id, s.text.size()};
      while (suggestions.size() > kRememberedSuggestions) suggestions.erase(suggestions.begin());
      c.suggestions.push_back(std::move(s));
    }
    return c;
  }

  // Under mu: the current job stops being wanted. Its waiters are told; its socket is closed.
  void supersede_current(std::vector<Delivery>& out, const std::string& why) {
    if (!current || current->finished || current->superseded) return;
    if (!opts.cancel_superseded) return;  // the naive mode lets everything run to the end
    for (auto& w : current->waiters) out.emplace_back(std::move(w.done), cancelled_error(why));
    current->waiters.clear();
    abandon(*current);
  }

  // Under mu.
  void abandon(Job& job) {
    job.superseded = true;
    if (job.sending) ++stats.cancelled_upstream;
    else ++stats.debounced;
    job.cancel.cancel();  // closes the socket now (http::Pool registers a stop on the token)
    cv.notify_all();
  }

  // Under mu: joins threads that have delivered and are on their way out.
  void reap() {
    for (auto it = jobs.begin(); it != jobs.end();) {
      if ((*it)->finished) {
        if ((*it)->thread.joinable()) (*it)->thread.join();
        it = jobs.erase(it);
      } else {
        ++it;
      }
    }
  }

  void run(const std::shared_ptr<Job>& job);
  void deliver_answer(const std::shared_ptr<Job>& job, const std::string& visible);
  bool reuse(Job& job, Waiter& waiter, const CompletionInput& input, std::vector<Delivery>& out);
};

CompletionEngine::CompletionEngine(llm::Engine& llm, llm::Endpoint endpoint, std::string model, Options options,
                                   llm::CallOptions call_options)
    : impl_(std::make_shared<Impl>(llm, std::move(endpoint), std::move(model), std::move(options), std::move(call_options))) {
  if (auto st = impl_->opts.validate(); !st) {
    impl_->config_error = st.error();
    return;
  }
  auto plan = choose_backend(impl_->endpoint.spec, impl_->model, impl_->opts);
  if (!plan) impl_->config_error = plan.error();
  else impl_->backend = *plan;
  impl_->stats.debounce_ms = static_cast<int>(impl_->debounce.delay().count());
}

CompletionEngine::~CompletionEngine() {
  std::vector<Delivery> out;
  std::vector<std::shared_ptr<Job>> jobs;
  {
    std::lock_guard lock(impl_->mu);
    impl_->stopping = true;
    for (auto& job : impl_->jobs) {
      for (auto& w : job->waiters) out.emplace_back(std::move(w.done), cancelled_error("completion engine shut down"));
      job->waiters.clear();
      if (!job->finished && !job->superseded) impl_->abandon(*job);
    }
    jobs = impl_->jobs;
  }
  impl_->cv.notify_all();
  for (auto& [done, result] : out)
    if (done) done(std::move(result));
  for (auto& job : jobs)
    if (job->thread.joinable()) job->thread.join();
}

BackendKind CompletionEngine::backend() const { return impl_->backend.kind; }

void CompletionEngine::set_usage_hook(UsageHook hook) {
  std::lock_guard lock(impl_->mu);
  impl_->usage_hook = std::move(hook);
}

void CompletionEngine::set_feedback_hook(FeedbackHook hook) {
  std::lock_guard lock(impl_->mu);
  impl_->feedback_hook = std::move(hook);
}

EngineStats CompletionEngine::stats() const {
  std::lock_guard lock(impl_->mu);
  EngineStats s = impl_->stats;
  s.debounce_ms = static_cast<int>(impl_->debounce.delay().count());
  return s;
}

void CompletionEngine::warm_up() {
  if (!impl_->opts.preconnect || impl_->config_error) return;
  impl_->llm.preconnect(impl_->endpoint, impl_->call_opts);
}

// Under mu: answers from what the engine already has, when it can. Returns false when a call is needed.
bool CompletionEngine::Impl::reuse(Job& job, Waiter& waiter, const CompletionInput& input, std::vector<Delivery>& out) {
  // 1. The user is typing through the suggestion on screen: show the rest, no request.
  if (opts.typed_ahead && shown) {
    if (auto typed = typed_through(shown->anchor, shown->text, input); typed && *typed > 0) {
      std::string_view rest = std::string_view(shown->text).substr(*typed);
      if (shown->mode == Mode::SingleLine) rest = rest.substr(0, rest.find('\n'));
      if (!is_blank(rest)) {
        // The stream that is still writing this suggestion's later lines keeps going.
        if (!(current && current->id == shown->job)) supersede_current(out, "superseded by a newer completion request");
        ++stats.typed_ahead_hits;
        out.emplace_back(std::move(waiter.done),
                         make_completion(waiter.id, rest, input.cursor_byte, input.cursor, Source::TypedAhead, shown->mode));
        return true;
      }
    }
  }
  // 2. Asked here before.
  if (opts.cache_entries > 0) {
    if (auto hit = cache.get(job.cache_key)) {
      supersede_current(out, "superseded by a newer completion request");
      ++stats.cache_hits;
      if (*hit) shown = Shown{job.anchor, **hit, job.mode.mode, 0};
      out.emplace_back(std::move(waiter.done),
                       make_completion(waiter.id, *hit, input.cursor_byte, input.cursor, Source::Cache, job.mode.mode));
      return true;
    }
  }
  // 3. The stream in flight already says what the user is typing: wait for it instead of asking again.
  if (opts.typed_ahead && current && current->sending && !current->finished && !current->superseded) {
    const std::string visible = visible_text(backend, current->streamed);
    if (auto typed = typed_through(current->anchor, visible, input); typed && *typed > 0) {
      for (auto& w : current->waiters) out.emplace_back(std::move(w.done), cancelled_error("superseded by a newer completion request"));
      current->waiters.clear();
      waiter.typed = visible.substr(0, *typed);
      current->waiters.push_back(std::move(waiter));
      ++stats.adopted;
      return true;
    }
  }
  return false;
}

RequestId CompletionEngine::request(CompletionInput input, Callback done) {
  Impl& m = *impl_;
  RequestId id;
  {
    std::lock_guard lock(m.mu);
    id = m.next_request++;
    ++m.stats.requests;
  }
  // Bad input is the host's bug; say exactly what was wrong.
  auto fail = [&](Error e) {
    if (done) done(std::move(e));
    return id;
  };
  if (m.config_error) return fail(*m.config_error);
  if (!input.document) return fail(Error::make(ErrorKind::Protocol, "completion request for '" + input.uri + "' has no document"));
  const size_t size = input.document->size();
  if (input.cursor_byte > size)
    return fail(Error::make(ErrorKind::Protocol, "completion cursor at byte " + std::to_string(input.cursor_byte) + " is past the end of '" +
                                                     input.uri + "' (" + std::to_string(size) + " bytes)"));
  if (const auto at = input.document->slice(input.cursor_byte, input.cursor_byte + 1);
      !at.empty() && (static_cast<unsigned char>(at[0]) & 0xC0) == 0x80)
    return fail(Error::make(ErrorKind::Protocol, "completion cursor at byte " + std::to_string(input.cursor_byte) +
                                                     " falls inside a UTF-8 character of '" + input.uri + "'"));

  // O(window) work outside the lock: read the windows, decide the mode.
  auto job = std::make_shared<Job>();
  job->id = id;
  job->trigger = input.trigger;
  job->created = Clock::now();
  job->windows = build_windows(*input.document, input.cursor_byte, input.neighbours, {m.opts.token_budget, m.opts.prefix_share});
  job->mode = decide_mode(job->windows.prefix, job->windows.suffix, input.trigger, m.opts);
  job->anchor = make_anchor(input.uri, input.cursor_byte, input.cursor, job->windows.prefix, job->windows.suffix);
  job->cache_key = cache_key(m.model, job->windows.prefix, job->windows.suffix, m.opts.cache_prefix_bytes,
                             m.opts.cache_suffix_bytes, static_cast<int>(job->mode.mode));
  job->call = plan_call(m.backend, job->windows, job->mode, {m.model, input.language_id, input.path, m.opts.temperature});
  job->waiters.push_back(Waiter{id, std::move(done), {}, input.cursor_byte, input.cursor});

  std::vector<Delivery> out;
  {
    std::lock_guard lock(m.mu);
    m.reap();
    job->key = classify_key(line_before_cursor(job->windows.prefix));
    if (input.trigger == Trigger::Automatic) m.debounce.on_keystroke(job->created, job->key);
    auto& waiter = job->waiters.front();

    if (!m.reuse(*job, waiter, input, out)) {
      // A new call; the old one is cancelled upstream at once.
      m.supersede_current(out, "superseded by a newer completion request");
      if (m.stopping) {
        out.emplace_back(std::move(waiter.done), cancelled_error("completion engine shut down"));
      } else {
        m.current = job;
        m.jobs.push_back(job);
        job->thread = std::thread([&m, job] { m.run(job); });
      }
    }
  }
  for (auto& [cb, result] : out)
    if (cb) cb(std::move(result));
  return id;
}

// What typed-ahead reuse may keep showing after `shown`: the lines the stream went on with, when the shown
// line is exactly the stream's first line (post-processing changed nothing that later text depends on).
static std::string lookahead_text(const std::string& visible, const std::string& shown, const CallPlan& call, Mode mode) {
  if (mode != Mode::SingleLine) return shown;
  const size_t nl = visible.find('\n');
  if (nl == std::string::npos || std::string_view(visible).substr(0, nl) != shown) return shown;
  std::string more = visible.substr(0, std::min(visible.size(), find_stop(visible, call.stops)));
  while (!more.empty() && (more.back() == ' ' || more.back() == '\t' || more.back() == '\n' || more.back() == '\r')) more.pop_back();
  return more;
}

void CompletionEngine::Impl::deliver_answer(const std::shared_ptr<Job>& job, const std::string& visible) {
  const auto text = postprocess(visible, {job->windows.prefix, job->windows.suffix, job->mode.mode}, job->call.show_stops);
  std::vector<Delivery> out;
  {
    std::lock_guard lock(mu);
    if (job->delivered || job->superseded) return;
    job->delivered = true;
    job->answer = text;
    cache.put(job->cache_key, text);
    if (text) {
      shown = Shown{job->anchor, lookahead_text(visible, *text, job->call, job->mode.mode), job->mode.mode, job->id};
    }
    for (auto& w : job->waiters) {
      // A waiter that joined mid-stream gets what is left after what it typed, if the answer still agrees.
      std::optional<std::string_view> rest;
      if (text && std::string_view(*text).starts_with(w.typed)) rest = std::string_view(*text).substr(w.typed.size());
      const Source source = w.typed.empty() ? Source::Network : Source::TypedAhead;
      out.emplace_back(std::move(w.done), make_completion(w.id, rest, w.cursor_byte, w.cursor, source, job->mode.mode));
    }
    job->waiters.clear();
  }
  for (auto& [cb, r] : out)
    if (cb) cb(std::move(r));
}

void CompletionEngine::Impl::run(const std::shared_ptr<Job>& job) {
  {
    std::unique_lock lock(mu);
    if (job->trigger == Trigger::Automatic) {
      const auto until = job->created + debounce.delay(job->key);
      cv.wait_until(lock, until, [&] { return job->superseded || stopping; });
    }
    if (job->superseded || stopping) {
      job->finished = true;
      return;
    }
    job->sending = true;
    ++stats.sent;
  }

  // Stream. A one-line suggestion is handed over as soon as its line is complete; the stream goes on for a
  // few lines of typed-ahead material, and ends on our side at a stop the server did not honour.
  const bool single = job->mode.mode == Mode::SingleLine;
  const auto token = job->cancel.token();
  bool stop_requested = false;
  llm::EventCallback emit = [&](const llm::Event& ev) {
    const auto* delta = std::get_if<llm::TextDelta>(&ev);
    if (!delta || stop_requested) return;
    bool end_stream = false, first_line_done = false;
    std::string visible;
    {
      std::lock_guard lock(mu);
      job->streamed += delta->text;
      visible = visible_text(backend, job->streamed);
      end_stream = find_stop(visible, job->call.stops) != std::string::npos ||
                   (single && static_cast<int>(std::count(visible.begin(), visible.end(), '\n')) >= kLookaheadLines);
      first_line_done = single && !job->delivered && visible.find('\n') != std::string::npos;
      if (job->delivered && shown && shown->job == job->id)
        shown->text = lookahead_text(visible, shown->text.substr(0, shown->text.find('\n')), job->call, job->mode.mode);
      if (end_stream) {
        job->stop_hit = true;
        ++stats.stopped_early;
      }
    }
    if (first_line_done) deliver_answer(job, visible);
    if (end_stream) {
      stop_requested = true;
      job->cancel.cancel();
    }
  };
  const auto result = job->call.fim ? llm.fim(endpoint, *job->call.fim, emit, token, call_opts)
                                    : llm.chat(endpoint, *job->call.chat, emit, token, call_opts);

  // Book the call, cancelled or not.
  CompletionUsage usage;
  usage.request = job->id;
  usage.provider = endpoint.spec.name;
  usage.model = model;
  UsageHook hook;
  std::string raw;
  bool superseded = false, stop_hit = false;
  {
    std::lock_guard lock(mu);
    raw = job->streamed;
    superseded = job->superseded;
    stop_hit = job->stop_hit;
    hook = usage_hook;
  }
  if (result && result->usage) {
    usage.input_tokens = result->usage->input_tokens;
    usage.output_tokens = result->usage->output_tokens;
    usage.cost_usd = result->usage->cost_usd;
  } else {
    usage.input_tokens = job->call.prompt_tokens;
    usage.output_tokens = estimate_tokens(raw);
    usage.estimated = true;
  }
  usage.cancelled = superseded;
  if (result) {
    usage.ttft_ms = result->ttft_ms;
    usage.duration_ms = result->duration_ms;
  }
  if (hook) hook(usage);

  const std::string visible = visible_text(backend, raw);
  const bool answered = result.ok() || (stop_hit && !superseded);
  if (answered) deliver_answer(job, visible);

  std::vector<Delivery> out;
  {
    std::lock_guard lock(mu);
    if (result && result->ttft_ms >= 0) debounce.on_latency(std::chrono::milliseconds(result->ttft_ms));
    if (answered && shown && shown->job == job->id)
      shown->text = lookahead_text(visible, shown->text.substr(0, shown->text.find('\n')), job->call, job->mode.mode);
    if (!answered && !superseded && result.error().kind != ErrorKind::Cancelled) {
      ++stats.errors;
      log::warn("completion: " + result.error().describe());
    }
    // Waiters that joined after the first line was handed out get the rest of the lines that followed it.
    const std::string more = answered && job->answer ? lookahead_text(visible, *job->answer, job->call, job->mode.mode) : std::string();
    for (auto& w : job->waiters) {
      if (!answered) {
        out.emplace_back(std::move(w.done), result.ok() ? Result<Completion>(cancelled_error("cancelled")) : Result<Completion>(result.error()));
        continue;
      }
      std::optional<std::string_view> rest;
      if (!more.empty() && std::string_view(more).starts_with(w.typed)) {
        rest = std::string_view(more).substr(w.typed.size());
        if (job->mode.mode == Mode::SingleLine) rest = rest->substr(0, rest->find('\n'));
      }
      out.emplace_back(std::move(w.done), make_completion(w.id, rest, w.cursor_byte, w.cursor, Source::TypedAhead, job->mode.mode));
    }
    job->waiters.clear();
  }
  for (auto& [cb, r] : out)
    if (cb) cb(std::move(r));
  std::lock_guard lock(mu);
  job->finished = true;
}

void CompletionEngine::cancel(RequestId id) {
  Impl& m = *impl_;
  std::vector<Delivery> out;
  {
    std::lock_guard lock(m.mu);
    for (auto& job : m.jobs) {
      auto& ws = job->waiters;
      for (auto it = ws.begin(); it != ws.end(); ++it) {
        if (it->id != id) continue;
        out.emplace_back(std::move(it->done), cancelled_error("cancelled by the editor"));
        ws.erase(it);
        if (ws.empty() && !job->finished && !job->superseded) m.abandon(*job);
        break;
      }
    }
  }
  for (auto& [cb, r] : out)
    if (cb) cb(std::move(r));
}

void CompletionEngine::feedback(const Feedback& f) {
  Impl& m = *impl_;
  FeedbackHook hook;
  FeedbackRecord record;
  {
    std::lock_guard lock(m.mu);
    m.debounce.on_feedback(f.kind);
    record.feedback = f;
    record.provider = m.endpoint.spec.name;
    record.model = m.model;
    if (auto it = m.suggestions.find(f.suggestion); it != m.suggestions.end()) {
      record.request = it->second.request;
      record.suggestion_bytes = it->second.bytes;
    }
    // A rejected suggestion is not typed-ahead material any more.
    if (f.kind == Feedback::Kind::Rejected) m.shown.reset();
    hook = m.feedback_hook;
  }
  if (hook) hook(record);
}

}  // namespace byok::completion
