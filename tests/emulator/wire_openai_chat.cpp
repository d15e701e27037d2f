// OpenAI Chat Completions (providers.md §1.3, §1.8) and the deviations of the servers that copy it
// (Scenario::flavor): Azure's filter annotations, Groq's x_groq usage, vLLM's choices:null usage chunk and
// "object":"error" events, OpenRouter's processing comments and error chunks, DeepSeek's keep-alive comments
// and usage on the finish chunk, llama.cpp's content:null role chunk, legacy "error:" lines and unterminated
// [DONE], Mistral's usage on the finish chunk (§4.2, §5, §7.3, §8, §9, §10).
#include "tests/emulator/wire_openai_common.h"

namespace byok::emu {
namespace {

using openai::kFingerprint;

enum class Flavor { OpenAi, Azure, Groq, Vllm, OpenRouter, DeepSeek, LlamaCpp, Mistral };

Flavor flavor_of(std::string_view name) {
  if (name == "azure") return Flavor::Azure;
  if (name == "groq") return Flavor::Groq;
  if (name == "vllm") return Flavor::Vllm;
  if (name == "openrouter") return Flavor::OpenRouter;
  if (name == "deepseek") return Flavor::DeepSeek;
  if (name == "llamacpp") return Flavor::LlamaCpp;
  if (name == "mistral") return Flavor::Mistral;
  return Flavor::OpenAi;
}

ojson azure_filter_results() {
  const ojson safe{{"filtered", false}, {"severity", "safe"}};
  return ojson{{"hate", safe}, {"self_harm", safe}, {"sexual", safe}, {"violence", safe}};
}

class OpenAiChat final : public Wire {
 public:
  explicit OpenAiChat(Exchange x) : Wire(std::move(x)), flavor_(flavor_of(x_.flavor)) {}

  std::vector<std::string> stream_head() const override {
    std::vector<std::string> out;
    if (flavor_ == Flavor::OpenRouter) out.emplace_back(": OPENROUTER PROCESSING\n\n");
    if (flavor_ == Flavor::DeepSeek) out.insert(out.end(), 2, ": keep-alive\n\n");
    if (flavor_ == Flavor::Azure) {
      // Azure's prompt annotation chunk: empty id/model/object, created 0, no choices.
      out.push_back(sse_data(ojson{{"choices", ojson::array()},
                                   {"created", 0},
                                   {"id", ""},
                                   {"model", ""},
                                   {"object", ""},
                                   {"prompt_filter_results",
                                    {{{"prompt_index", 0}, {"content_filter_results", azure_filter_results()}}}}}));
    }
    ojson role{{"role", "assistant"}};
    if (flavor_ == Flavor::LlamaCpp) role["content"] = nullptr;
    else role["content"] = "";
    if (flavor_ == Flavor::OpenAi || flavor_ == Flavor::Azure) role["refusal"] = nullptr;
    out.push_back(sse_data(chunk(role, nullptr)));
    return out;
  }

  std::string stream_text(std::string_view piece, int) const override {
    return sse_data(chunk(ojson{{"content", std::string(piece)}}, nullptr));
  }

  std::vector<std::string> stream_tail(int completion_tokens) const override {
    const int prompt = x_.prompt_tokens, total = prompt + completion_tokens;
    ojson finish = chunk(ojson::object(), "stop");
    std::vector<std::string> out;
    switch (flavor_) {
      case Flavor::Groq:
        finish["x_groq"] = ojson{{"id", "req_" + x_.id},
                                 {"usage",
                                  {{"queue_time", 0.061348671},
                                   {"prompt_tokens", prompt},
                                   {"prompt_time", 0.000211569},
                                   {"completion_tokens", completion_tokens},
                                   {"completion_time", 0.798181818},
                                   {"total_tokens", total},
                                   {"total_time", 0.798393387}}}};
        out.push_back(sse_data(finish));
        break;
      case Flavor::DeepSeek:
        if (x_.include_usage)
          finish["usage"] = ojson{{"prompt_tokens", prompt},
                                  {"completion_tokens", completion_tokens},
                                  {"total_tokens", total},
                                  {"prompt_cache_hit_tokens", 0},
                                  {"prompt_cache_miss_tokens", prompt}};
        out.push_back(sse_data(finish));
        break;
      case Flavor::Mistral:
        finish["usage"] = ojson{{"prompt_tokens", prompt}, {"total_tokens", total}, {"completion_tokens", completion_tokens}};
        out.push_back(sse_data(finish));
        break;
      default: {
        out.push_back(sse_data(finish));
        // OpenRouter always sends usage (the request flag is a deprecated no-op there).
        if (!x_.include_usage && flavor_ != Flavor::OpenRouter) break;
        ojson j = base();
        j["choices"] = flavor_ == Flavor::Vllm ? ojson(nullptr) : ojson::array();
        j["usage"] = openai::usage_object(prompt, completion_tokens);
        if (flavor_ == Flavor::OpenRouter) j["usage"]["cost"] = 0.000123;
        out.push_back(sse_data(j));
      }
    }
    // llama.cpp has been seen ending with "data: [DONE]" and no blank line after it.
    out.emplace_back(flavor_ == Flavor::LlamaCpp ? "data: [DONE]\n" : "data: [DONE]\n\n");
    return out;
  }

  std::string stream_error() const override {
    switch (flavor_) {
      case Flavor::Vllm:
        return sse_data(ojson{{"object", "error"},
                              {"message", "The model ran out of KV cache blocks."},
                              {"type", "InternalServerError"},
                              {"param", nullptr},
                              {"code", 500}});
      case Flavor::OpenRouter: {
        ojson j = chunk(ojson{{"content", ""}}, "error");
        j["error"] = ojson{{"code", "server_error"}, {"message", "Provider disconnected unexpectedly"}};
        return sse_data(j);
      }
      case Flavor::LlamaCpp:  // builds before PR #16109: an "error:" field that SSE parsers drop
        return "error: {\"code\":500,\"message\":\"the emulator failed this stream\",\"type\":\"server_error\"}\n\n";
      default: return openai::kStreamError;
    }
  }

  HttpBody complete(std::string_view text, int completion_tokens) const override {
    ojson j{{"id", "chatcmpl-" + x_.id},
            {"object", "chat.completion"},
            {"created", x_.created},
            {"model", x_.model},
            {"choices",
             {{{"index", 0},
               {"message", {{"role", "assistant"}, {"content", std::string(text)}, {"refusal", nullptr}, {"annotations", ojson::array()}}},
               {"logprobs", nullptr},
               {"finish_reason", "stop"}}}},
            {"usage", openai::usage_object(x_.prompt_tokens, completion_tokens)},
            {"service_tier", "default"},
            {"system_fingerprint", kFingerprint}};
    return {200, "application/json", j.dump(2) + "\n", {}};
  }
  HttpBody error(int status) const override { return openai::error_body_for(status, x_.model); }
  Headers response_headers() const override {
    if (flavor_ == Flavor::OpenRouter) return {{"X-Generation-Id", "gen-" + x_.id}};
    return {{"x-request-id", "req_" + x_.id}};
  }

 private:
  ojson base() const {
    ojson j{{"id", "chatcmpl-" + x_.id}};
    if (flavor_ == Flavor::OpenRouter) j["provider"] = "OpenAI";
    j["object"] = "chat.completion.chunk";
    j["created"] = x_.created;
    j["model"] = x_.model;
    if (x_.usage_null_chunks) j["service_tier"] = "default";
    if (flavor_ != Flavor::Mistral) j["system_fingerprint"] = flavor_ == Flavor::LlamaCpp ? "b6000-emu" : kFingerprint;
    return j;
  }
  ojson chunk(ojson delta, ojson finish_reason) const {
    ojson choice{{"index", 0}, {"delta", std::move(delta)}};
    if (flavor_ != Flavor::Mistral) choice["logprobs"] = nullptr;
    choice["finish_reason"] = std::move(finish_reason);
    if (flavor_ == Flavor::Azure) choice["content_filter_results"] = azure_filter_results();
    ojson j = base();
    j["choices"] = ojson::array({choice});
    if (x_.usage_null_chunks) j["usage"] = nullptr;
    return j;
  }

  Flavor flavor_;
};

}  // namespace

std::unique_ptr<Wire> make_openai_chat(Exchange x) { return std::make_unique<OpenAiChat>(std::move(x)); }

bool is_known_flavor(std::string_view name) {
  return name.empty() || name == "openai" || flavor_of(name) != Flavor::OpenAi;
}

}  // namespace byok::emu
