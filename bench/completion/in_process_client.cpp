#include "bench/completion/in_process_client.h"

namespace byok::bench {

InProcessClient::InProcessClient(llm::Endpoint endpoint, std::string model, completion::Options options) : llm_(pool_) {
  engine_ = std::make_unique<completion::CompletionEngine>(llm_, std::move(endpoint), std::move(model), std::move(options));
  engine_->set_usage_hook([this](const completion::CompletionUsage& u) {
    prompt_tokens_ += u.input_tokens;
    completion_tokens_ += u.output_tokens;
  });
}

InProcessClient::~InProcessClient() { engine_.reset(); }  // joins the engine's threads before the pool goes

void InProcessClient::open(const std::string& uri, const std::string& language, const std::string&) {
  uri_ = uri;
  language_ = language;
  engine_->warm_up();
}

void InProcessClient::changed(std::shared_ptr<const std::string> text, size_t cursor, OnGhost on_ghost) {
  completion::CompletionInput in;
  in.uri = uri_;
  in.language_id = language_;
  in.cursor_byte = cursor;
  in.cursor = completion::position_of(*text, cursor);  // a host has this from its own line table
  in.document = std::make_shared<completion::StringDocument>(std::move(text));
  in.trigger = completion::Trigger::Automatic;
  engine_->request(std::move(in), [on_ghost = std::move(on_ghost)](Result<completion::Completion> r) {
    std::vector<std::string> texts;
    if (r)
      for (auto& s : r->suggestions) texts.push_back(std::move(s.text));
    on_ghost(std::move(texts));
  });
}

ClientCounters InProcessClient::counters() const {
  const auto s = engine_->stats();
  ClientCounters c;
  c.sent = s.sent;
  c.cancelled_upstream = s.cancelled_upstream;
  c.prompt_tokens = prompt_tokens_;
  c.completion_tokens = completion_tokens_;
  return c;
}

}  // namespace byok::bench
