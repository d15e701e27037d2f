// The engine end to end against the provider emulator over real sockets and TLS: suggestions from native
// FIM, a raw template and the chat fallback; a superseded request's connection closed upstream before the
// next is sent; cache hits and typed-ahead reuse that send nothing; usage booked for cancelled calls.
#include <catch2/catch.hpp>

#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/completion/completion_engine.h"
#include "core/http/http.h"
#include "core/llm/engine.h"
#include "tests/emulator/emulator.h"

using namespace byok;
using namespace byok::completion;
using namespace std::chrono_literals;

namespace {

llm::Endpoint emulator_endpoint(const emu::Emulator& e, const std::string& fim_wire = "openai-completions",
                                const std::string& fim_path = "/v1/completions") {
  llm::Endpoint ep;
  ep.spec.name = "emu";
  ep.spec.base_url = *http::Url::parse(e.https_url());
  ep.spec.auth = config::AuthStyle::None;
  ep.spec.ca_file = e.ca_file();
  ep.spec.local = true;
  ep.spec.fim = {fim_wire, fim_path};
  ep.spec.chat = {"openai-chat", "/v1/chat/completions"};
  return ep;
}

Options fast_options() {
  Options o;
  o.debounce_min_ms = o.debounce_max_ms = o.debounce_initial_ms = 100;
  return o;
}

CompletionInput at(const std::string& text, size_t cursor, Trigger trigger = Trigger::Invoked) {
  CompletionInput in;
  in.uri = "file:///src/add.c";
  in.document = std::make_shared<StringDocument>(text);
  in.cursor_byte = cursor;
  in.cursor = position_of(text, cursor);
  in.language_id = "c";
  in.trigger = trigger;
  return in;
}

// Waits for one request's answer.
Result<Completion> ask(CompletionEngine& engine, CompletionInput in) {
  std::promise<Result<Completion>> p;
  auto f = p.get_future();
  engine.request(std::move(in), [&p](Result<Completion> r) { p.set_value(std::move(r)); });
  REQUIRE(f.wait_for(10s) == std::future_status::ready);
  return f.get();
}

bool wait_until(const std::function<bool()>& cond, std::chrono::milliseconds limit = 5s) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (cond()) return true;
    std::this_thread::sleep_for(2ms);
  }
  return cond();
}

const std::string kDoc = "int add(int a, int b) {\n    \n}\n";
const size_t kCursor = std::string("int add(int a, int b) {\n    ").size();

}  // namespace

TEST_CASE("engine: a native FIM suggestion over TLS, with the range it replaces in UTF-16") {
  emu::Emulator e;
  e.start();
  http::Pool pool;
  llm::Engine llm(pool);
  CompletionEngine engine(llm, emulator_endpoint(e), "emu-coder", fast_options());
  CHECK(engine.backend() == BackendKind::NativeFim);
  std::vector<CompletionUsage> usage;
  engine.set_usage_hook([&](const CompletionUsage& u) { usage.push_back(u); });

  const std::string text = "// h\xc3\xa9llo \xf0\x9f\x91\x8b\nint add(int a, int b) {\n    \n}\n";
  const size_t cursor = text.find("    \n") + 4;
  auto r = ask(engine, at(text, cursor));
  REQUIRE(r);
  REQUIRE(r->suggestions.size() == 1);
  CHECK(r->suggestions[0].text == "return a + b;");
  CHECK(r->source == Source::Network);
  CHECK(r->mode == Mode::MultiLine);
  CHECK(r->suggestions[0].range.begin == TextPosition{2, 4});
  CHECK(r->suggestions[0].range.empty());

  auto reqs = e.requests();
  REQUIRE(reqs.size() == 1);
  CHECK(reqs[0].path == "/v1/completions");
  const auto body = nlohmann::json::parse(reqs[0].body);
  CHECK(body["prompt"] == text.substr(0, cursor));
  CHECK(body["suffix"] == text.substr(cursor));
  CHECK(body["stop"] == nlohmann::json::array({"\n\n"}));
  CHECK(body["max_tokens"] == Options{}.max_tokens_multi);
  REQUIRE(usage.size() == 1);
  CHECK_FALSE(usage[0].cancelled);
  CHECK(usage[0].input_tokens > 0);
}

TEST_CASE("engine: a superseded request's connection is closed upstream before the next is sent") {
  emu::Emulator e;
  e.start();
  emu::Scenario stall;
  stall.kind = emu::Scenario::Kind::Stall;  // one chunk, then silence until the client goes away
  e.set_scenario("emu-coder", stall);
  http::Pool pool;
  llm::Engine llm(pool);
  CompletionEngine engine(llm, emulator_endpoint(e), "emu-coder", fast_options());
  std::mutex mu;
  std::vector<CompletionUsage> usage;
  engine.set_usage_hook([&](const CompletionUsage& u) {
    std::lock_guard lock(mu);
    usage.push_back(u);
  });

  std::promise<Result<Completion>> first;
  engine.request(at(kDoc, kCursor, Trigger::Automatic), [&](Result<Completion> r) { first.set_value(std::move(r)); });
  REQUIRE(wait_until([&] { return e.requests().size() == 1; }));
  std::this_thread::sleep_for(50ms);  // the first chunk has arrived; the stream is stalled, not finished

  e.clear_scenarios();
  const std::string typed = "int add(int a, int b) {\n    x\n}\n";  // not what the stream says
  std::promise<Result<Completion>> second;
  engine.request(at(typed, kCursor + 1, Trigger::Automatic), [&](Result<Completion> r) { second.set_value(std::move(r)); });

  // The old request is answered "cancelled" at once, not when the stream would have ended.
  auto f1 = first.get_future();
  REQUIRE(f1.wait_for(1s) == std::future_status::ready);
  auto r1 = f1.get();
  REQUIRE(!r1);
  CHECK(r1.error().kind == ErrorKind::Cancelled);

  auto f2 = second.get_future();
  REQUIRE(f2.wait_for(10s) == std::future_status::ready);
  REQUIRE(f2.get());
  auto reqs = e.requests();
  REQUIRE(reqs.size() == 2);
  REQUIRE(e.wait_for_request_end(0, 2s));
  reqs = e.requests();
  CHECK(reqs[0].client_closed_early);
  CHECK_FALSE(reqs[0].completed);
  // The emulator saw the first connection close before the second request arrived.
  CHECK(reqs[0].finished <= reqs[1].received);
  CHECK(reqs[0].remote != reqs[1].remote);  // a closed socket is not reused
  const auto stats = engine.stats();
  CHECK(stats.sent == 2);
  CHECK(stats.cancelled_upstream == 1);
  std::lock_guard lock(mu);
  REQUIRE(usage.size() == 2);
  CHECK(usage[0].cancelled);
  CHECK(usage[0].estimated);
  CHECK(usage[0].input_tokens > 0);
  CHECK(usage[0].output_tokens > 0);  // the one chunk that came is billed
}

TEST_CASE("engine: keystrokes inside the debounce send nothing") {
  emu::Emulator e;
  e.start();
  http::Pool pool;
  llm::Engine llm(pool);
  CompletionEngine engine(llm, emulator_endpoint(e), "emu-coder", fast_options());
  std::atomic<int> cancelled{0};
  std::promise<Result<Completion>> last;
  std::string doc = "int add(int a, int b) {\n    \n}\n";
  const std::string word = "return";
  for (size_t i = 0; i < word.size(); ++i) {
    doc.insert(kCursor + i, 1, word[i]);
    const bool final = i + 1 == word.size();
    engine.request(at(doc, kCursor + i + 1, Trigger::Automatic), [&, final](Result<Completion> r) {
      if (final) last.set_value(std::move(r));
      else if (!r && r.error().kind == ErrorKind::Cancelled) ++cancelled;
    });
    std::this_thread::sleep_for(20ms);
  }
  auto f = last.get_future();
  REQUIRE(f.wait_for(10s) == std::future_status::ready);
  auto r = f.get();
  REQUIRE(r);
  REQUIRE(r->suggestions.size() == 1);
  CHECK(r->suggestions[0].text == " a + b;");  // "return" restated by the model is removed
  CHECK(cancelled == 5);
  CHECK(e.requests().size() == 1);
  CHECK(engine.stats().debounced == 5);
}

TEST_CASE("engine: cache hits and typed-ahead reuse send no request") {
  emu::Emulator e;
  e.start();
  http::Pool pool;
  llm::Engine llm(pool);
  CompletionEngine engine(llm, emulator_endpoint(e), "emu-coder", fast_options());

  auto r = ask(engine, at(kDoc, kCursor));
  REQUIRE(r);
  REQUIRE(r->suggestions.size() == 1);
  CHECK(r->suggestions[0].text == "return a + b;");
  REQUIRE(e.requests().size() == 1);

  // The user types "ret": the rest of the suggestion, instantly, from memory.
  std::string typed = kDoc;
  typed.insert(kCursor, "ret");
  auto t = ask(engine, at(typed, kCursor + 3, Trigger::Automatic));
  REQUIRE(t);
  CHECK(t->source == Source::TypedAhead);
  REQUIRE(t->suggestions.size() == 1);
  CHECK(t->suggestions[0].text == "urn a + b;");
  CHECK(t->suggestions[0].range.begin == TextPosition{1, 7});

  // A different character: a new request.
  std::string other = kDoc;
  other.insert(kCursor, "x");
  auto o = ask(engine, at(other, kCursor + 1, Trigger::Invoked));
  REQUIRE(o);
  CHECK(o->source == Source::Network);
  CHECK(e.requests().size() == 2);

  // Backspace to where the first suggestion was made: answered from the cache.
  auto c = ask(engine, at(kDoc, kCursor, Trigger::Automatic));
  REQUIRE(c);
  CHECK(c->source == Source::Cache);
  REQUIRE(c->suggestions.size() == 1);
  CHECK(c->suggestions[0].text == "return a + b;");
  CHECK(e.requests().size() == 2);
  const auto s = engine.stats();
  CHECK(s.cache_hits == 1);
  CHECK(s.typed_ahead_hits == 1);
}

TEST_CASE("engine: typing what the stream in flight says joins it instead of asking again") {
  emu::Emulator e;
  e.start();
  emu::Scenario slow;
  slow.reply = "return a + b; // and more words to stream slowly";
  slow.token_ms = 60;
  e.set_scenario("emu-coder", slow);
  http::Pool pool;
  llm::Engine llm(pool);
  CompletionEngine engine(llm, emulator_endpoint(e), "emu-coder", fast_options());
  std::promise<Result<Completion>> first;
  engine.request(at(kDoc, kCursor, Trigger::Invoked), [&](Result<Completion> r) { first.set_value(std::move(r)); });
  REQUIRE(wait_until([&] { return e.requests().size() == 1; }));
  std::this_thread::sleep_for(150ms);  // a few chunks ("return a + b; " is 3 chunks of 3-5 code points)

  std::string typed = kDoc;
  typed.insert(kCursor, "re");
  auto r = ask(engine, at(typed, kCursor + 2, Trigger::Automatic));
  REQUIRE(r);
  CHECK(r->source == Source::TypedAhead);
  REQUIRE(r->suggestions.size() == 1);
  CHECK(r->suggestions[0].text == "turn a + b; // and more words to stream slowly");
  auto f1 = first.get_future();
  REQUIRE(f1.wait_for(1s) == std::future_status::ready);
  CHECK(f1.get().error().kind == ErrorKind::Cancelled);  // the older request is superseded, its stream is not
  CHECK(e.requests().size() == 1);
  CHECK(engine.stats().adopted == 1);
}

TEST_CASE("engine: typed-ahead carries on into the next line from the same stream") {
  emu::Emulator e;
  e.start();
  emu::Scenario lines;
  lines.reply = "y = 2;\nz = 3;\nw = 4;\n";
  e.set_scenario("emu-coder", lines);
  http::Pool pool;
  llm::Engine llm(pool);
  CompletionEngine engine(llm, emulator_endpoint(e), "emu-coder", fast_options());
  std::atomic<int> booked{0};
  engine.set_usage_hook([&](const CompletionUsage&) { ++booked; });
  const std::string doc = "x = 1;\n\nprint(x)\n";
  const size_t cursor = 7;
  auto r = ask(engine, at(doc, cursor, Trigger::Automatic));
  REQUIRE(r);
  REQUIRE(r->suggestions.size() == 1);
  CHECK(r->mode == Mode::SingleLine);
  CHECK(r->suggestions[0].text == "y = 2;");  // one line shown
  REQUIRE(wait_until([&] { return booked == 1; }));  // the stream has run on and ended
  std::string typed = doc;
  typed.insert(cursor, "y = 2;\nz");
  auto t = ask(engine, at(typed, cursor + 8, Trigger::Automatic));
  REQUIRE(t);
  CHECK(t->source == Source::TypedAhead);
  REQUIRE(t->suggestions.size() == 1);
  CHECK(t->suggestions[0].text == " = 3;");
  CHECK(e.requests().size() == 1);
}

TEST_CASE("engine: a stop sequence the server ignores ends the stream on our side") {
  emu::Emulator e;
  e.start();
  emu::Scenario chatty;
  chatty.reply = "a + b;\nint unused = 0;\nint more = 1;\nint lots = 2;\n";
  chatty.token_ms = 30;
  e.set_scenario("emu-coder", chatty);
  http::Pool pool;
  llm::Engine llm(pool);
  CompletionEngine engine(llm, emulator_endpoint(e), "emu-coder", fast_options());
  const std::string doc = "int add(int a, int b) { return \n";
  auto r = ask(engine, at(doc, doc.size() - 1));
  REQUIRE(r);
  REQUIRE(r->suggestions.size() == 1);
  CHECK(r->suggestions[0].text == "a + b;");
  REQUIRE(e.wait_for_request_end(0, 2s));
  CHECK(e.requests()[0].client_closed_early);
  CHECK(engine.stats().stopped_early == 1);
}

TEST_CASE("engine: the chat fallback strips fences from a chat model's answer") {
  emu::Emulator e;
  e.start();
  emu::Scenario fenced;
  fenced.reply = "```c\nreturn a + b;\n```";
  e.set_scenario("emu-chat", fenced);
  http::Pool pool;
  llm::Engine llm(pool);
  Options o = fast_options();
  o.backend = BackendKind::Chat;
  CompletionEngine engine(llm, emulator_endpoint(e), "emu-chat", o);
  auto r = ask(engine, at(kDoc, kCursor));
  REQUIRE(r);
  REQUIRE(r->suggestions.size() == 1);
  CHECK(r->suggestions[0].text == "return a + b;");
  auto reqs = e.requests();
  REQUIRE(reqs.size() == 1);
  CHECK(reqs[0].path == "/v1/chat/completions");
  CHECK(reqs[0].body.find("<CURSOR>") != std::string::npos);
}

TEST_CASE("engine: raw template through Ollama's /api/generate with raw=true") {
  emu::Emulator e;
  e.start();
  http::Pool pool;
  llm::Engine llm(pool);
  Options o = fast_options();
  o.backend = BackendKind::RawTemplate;
  o.fim_template = "qwen2.5-coder";
  auto ep = emulator_endpoint(e, "ollama-generate", "/api/generate");
  CompletionEngine engine(llm, ep, "qwen2.5-coder:1.5b-base", o);
  REQUIRE(engine.backend() == BackendKind::RawTemplate);
  auto r = ask(engine, at(kDoc, kCursor));
  REQUIRE(r);
  REQUIRE(r->suggestions.size() == 1);
  CHECK(r->suggestions[0].text == "return a + b;");
  const auto body = nlohmann::json::parse(e.requests().at(0).body);
  CHECK(body["raw"] == true);
  CHECK_FALSE(body.contains("suffix"));
  CHECK(body["prompt"] == "<|fim_prefix|>" + kDoc.substr(0, kCursor) + "<|fim_suffix|>" + kDoc.substr(kCursor) + "<|fim_middle|>");
}

TEST_CASE("engine: warm_up opens the TLS connection so the first completion reuses it") {
  emu::Emulator e;
  e.start();
  http::Pool pool;
  llm::Engine llm(pool);
  CompletionEngine engine(llm, emulator_endpoint(e), "emu-coder", fast_options());
  engine.warm_up();
  REQUIRE(wait_until([&] { return pool.stats().connections_opened == 1; }));
  auto r = ask(engine, at(kDoc, kCursor));
  REQUIRE(r);
  CHECK(pool.stats().connections_opened == 1);
  CHECK(e.tls_handshakes() == 1);
}

TEST_CASE("engine: host cancel, bad input and feedback") {
  emu::Emulator e;
  e.start();
  emu::Scenario stall;
  stall.kind = emu::Scenario::Kind::Stall;
  e.set_scenario("emu-coder", stall);
  http::Pool pool;
  llm::Engine llm(pool);
  CompletionEngine engine(llm, emulator_endpoint(e), "emu-coder", fast_options());

  std::promise<Result<Completion>> p;
  const auto id = engine.request(at(kDoc, kCursor), [&](Result<Completion> r) { p.set_value(std::move(r)); });
  REQUIRE(wait_until([&] { return e.requests().size() == 1; }));
  engine.cancel(id);
  auto f = p.get_future();
  REQUIRE(f.wait_for(1s) == std::future_status::ready);
  CHECK(f.get().error().kind == ErrorKind::Cancelled);
  REQUIRE(e.wait_for_request_end(0, 2s));
  CHECK(e.requests()[0].client_closed_early);

  auto bad = ask(engine, at(kDoc, kDoc.size() + 5));
  REQUIRE(!bad);
  CHECK(bad.error().message.find("past the end") != std::string::npos);
  const std::string utf = "x = \"\xc3\xa9\"";
  auto mid = ask(engine, at(utf, 6));
  REQUIRE(!mid);
  CHECK(mid.error().message.find("inside a UTF-8 character") != std::string::npos);

  e.clear_scenarios();
  auto r = ask(engine, at(kDoc, kCursor));
  REQUIRE(r);
  REQUIRE(r->suggestions.size() == 1);
  std::vector<FeedbackRecord> records;
  engine.set_feedback_hook([&](const FeedbackRecord& fr) { records.push_back(fr); });
  engine.feedback({r->suggestions[0].id, Feedback::Kind::AcceptedPartially, 6});
  REQUIRE(records.size() == 1);
  CHECK(records[0].request == r->request);
  CHECK(records[0].model == "emu-coder");
  CHECK(records[0].suggestion_bytes == r->suggestions[0].text.size());
  CHECK(records[0].feedback.accepted_chars == 6);
}
