#include "protocol/server/rewrite_job.h"

#include <thread>

#include "protocol/server/streaming.h"

namespace byok::server {
namespace {

constexpr const char* kRewriteSystem =
    "You rewrite a selection of a file according to an instruction. Reply with only the replacement text "
    "for the selection: no explanation, no Markdown code fences, no text from outside the selection. Keep "
    "the file's indentation and style.";

}  // namespace

Result<std::vector<RewriteCandidate>> run_rewrite(Session& s, const RewriteJob& job,
                                                  const std::function<void(const std::string&, const std::string&)>& on_delta,
                                                  const CancelToken& cancel) {
  std::string selection, before, after, language;
  auto read = s.documents.with(job.uri, [&](const docs::Document& doc) -> Status {
    auto sel = doc.text_in(job.range);
    if (!sel) return sel.error();
    selection = std::move(*sel);
    auto pre = doc.prefix(job.range.start, 4000);
    auto post = doc.suffix(job.range.end, 2000);
    if (pre) before = std::move(*pre);
    if (post) after = std::move(*post);
    language = doc.language_id();
    return ok_status();
  });
  if (!read) return read.error();
  if (!*read) {
    Error e = read->error();
    e.type = "range";
    return e;
  }
  llm::ChatRequest req;
  req.system = kRewriteSystem;
  req.messages.push_back({llm::Role::User,
                          "File: " + job.uri + (language.empty() ? "" : " (" + language + ")") + "\n<before>\n" +
                              before + "</before>\n<selection>\n" + selection + "</selection>\n<after>\n" + after +
                              "</after>\n\nInstruction: " + job.instruction});

  std::vector<std::string> models = job.models.empty() ? std::vector<std::string>{""} : job.models;
  std::vector<RewriteCandidate> out(models.size());
  auto run_one = [&](size_t i) {
    auto t = s.target("rewrite", models[i], job.key_name);
    if (!t) {
      out[i].model = models[i];
      out[i].error = t.error();
      return;
    }
    out[i].model = model_label(*t);
    auto a = stream_chat(s, *t, req, [&](const std::string& text) { on_delta(out[i].model, text); }, cancel, nullptr, "rewrite");
    if (!a) {
      out[i].error = a.error();
      return;
    }
    out[i].new_text = strip_code_fence(a->text);
    out[i].usage = usage_json(*a);
  };
  if (models.size() == 1) {
    run_one(0);
  } else {
    std::vector<std::thread> threads;
    for (size_t i = 0; i < models.size(); ++i) threads.emplace_back(run_one, i);
    for (auto& t : threads) t.join();
  }
  return out;
}

}  // namespace byok::server
