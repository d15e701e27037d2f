#include "protocol/server/completion_seam.h"

#include "protocol/server/streaming.h"

namespace byok::server {

Result<CompletionOutput> complete_at(Session& s, const CompletionInput& in, const CancelToken& cancel) {
  auto t = s.target("completion", in.model);
  if (!t) return t.error();
  const int max_tokens = s.settings().completion_max_tokens;
  Result<Answer> answer = Error(ErrorKind::Internal, "unset");
  if (t->endpoint.spec.fim.present()) {
    llm::FimRequest req;
    req.prefix = in.prefix;
    req.suffix = in.suffix;
    req.max_tokens = max_tokens;
    req.temperature = 0.2;
    answer = stream_fim(s, *t, std::move(req), nullptr, cancel);
  } else {
    llm::ChatRequest req;
    req.system =
        "You are a code completion engine. The user message is a file with the marker <CURSOR>. Reply with "
        "exactly the text to insert at <CURSOR>: no explanation, no Markdown fences, no text that already "
        "follows the cursor. Reply with nothing if no insertion makes sense.";
    req.messages.push_back({llm::Role::User, (in.language_id.empty() ? "" : "Language: " + in.language_id + "\n") +
                                                 in.prefix + "<CURSOR>" + in.suffix});
    req.max_tokens = max_tokens;
    req.temperature = 0.2;
    answer = stream_chat(s, *t, std::move(req), nullptr, cancel, nullptr, "completion");
    if (answer) answer->text = strip_code_fence(answer->text);
  }
  if (!answer) return answer.error();
  return CompletionOutput{std::move(answer->text), model_label(*t)};
}

}  // namespace byok::server
