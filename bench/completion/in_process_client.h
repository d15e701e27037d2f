// The completion engine driven directly, as the protocol server will drive it.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>

#include "bench/completion/client.h"
#include "core/completion/completion_engine.h"
#include "core/http/http.h"
#include "core/llm/engine.h"

namespace byok::bench {

class InProcessClient final : public CompletionClient {
 public:
  InProcessClient(llm::Endpoint endpoint, std::string model, completion::Options options);
  ~InProcessClient() override;
  void open(const std::string& uri, const std::string& language, const std::string& text) override;
  void changed(std::shared_ptr<const std::string> text, size_t cursor, OnGhost on_ghost) override;
  ClientCounters counters() const override;

 private:
  http::Pool pool_;
  llm::Engine llm_;
  std::unique_ptr<completion::CompletionEngine> engine_;
  std::string uri_, language_;
  std::atomic<int64_t> prompt_tokens_{0}, completion_tokens_{0};
};

}  // namespace byok::bench
