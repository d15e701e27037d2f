// vnd.byok:continue — the text before the cursor goes to `byok/chat` with a "continue this" instruction;
// the answer streams in at the cursor (visible as it arrives), and when it is complete it is rewritten once
// as Writer formatting in a single undo step (writer::StreamedInsertion). Stop keeps what has arrived.
#include <com/sun/star/frame/XController.hpp>
#include <com/sun/star/frame/XModel.hpp>
#include <com/sun/star/text/XTextDocument.hpp>

#include "logic/byok_api.h"
#include "logic/text_diff.h"
#include "uno/commands.h"
#include "uno/host.h"
#include "uno/progress.h"
#include "uno/settings.h"
#include "uno/ustr.h"
#include "uno/writer_text.h"

namespace byok::lo {

using namespace css;

namespace {

constexpr const char* kContinueSystem =
    "You continue the user's document. Reply with only the continuation of the text: no preamble, no quotes, "
    "do not repeat the given text. Match its language, tone and style. Use Markdown only for headings, lists "
    "and emphasis when the document calls for them.";

struct ContinueJob {
  std::weak_ptr<Host> host;
  std::unique_ptr<writer::StreamedInsertion> insertion;
  std::string streamed;
  std::unique_ptr<FrameProgress> progress;
  int64_t handle = 0;
};

}  // namespace

bool run_continue(const std::shared_ptr<Host>& host, const uno::Reference<frame::XFrame>& frame, const Args& args) {
  auto controller = frame->getController();
  uno::Reference<frame::XModel> model = controller.is() ? controller->getModel() : nullptr;
  if (!uno::Reference<text::XTextDocument>(model, uno::UNO_QUERY).is()) {
    host->report_error("Continue Writing", "Continue Writing works in a Writer document.");
    return false;
  }
  auto at = writer::insertion_point(controller);
  if (!at.is()) {
    host->report_error("Continue Writing", "Put the cursor in the text where the continuation should go.");
    return false;
  }
  Settings settings;
  try {
    settings = load_settings(host->context());
  } catch (const uno::Exception& e) {
    host->report_error("Continue Writing", "cannot read byok's settings: " + to_utf8(e.Message));
    return false;
  }
  const std::string model_name = string_arg(args, "Model").value_or(settings.model_selector());
  const std::string before = utf16_to_utf8(writer::text_before(at, 4000));
  const std::string prompt = before.find_first_not_of(" \t\r\n") == std::string::npos
                                 ? "Write the opening paragraph of a new document."
                                 : "Continue this text:\n\n" + before;

  auto job = std::make_shared<ContinueJob>();
  job->host = host;
  job->insertion = std::make_unique<writer::StreamedInsertion>(model, at);
  job->progress = std::make_unique<FrameProgress>(frame, "byok: writing…");
  host->status().set_busy("continue", "byok: writing…");
  const int64_t id = host->stream(
      "byok/chat", api::chat_params(prompt, "new", model_name, kContinueSystem, ""),
      [job](const api::Delta& d) {
        if (d.text.empty() || !job->insertion) return;
        job->streamed += d.text;
        try {
          job->insertion->append(utf8_to_utf16(d.text));
        } catch (const uno::Exception&) {
          job->insertion.reset();  // the document went away; the reply handler reports it
        }
        if (auto h = job->host.lock())
          h->status().set_busy("continue", "byok: writing… " + std::to_string(job->streamed.size()) + " bytes");
      },
      [job](const RpcOutcome& outcome) {
        auto host = job->host.lock();
        if (!host) return;
        host->forget(job->handle);
        job->progress.reset();
        std::string final_text = job->streamed;
        if (outcome.ok() && outcome.result.is_object() && outcome.result.contains("text") && outcome.result["text"].is_string())
          final_text = outcome.result["text"].get<std::string>();
        try {
          if (job->insertion && (!final_text.empty() || job->insertion->started()))
            job->insertion->finish(final_text, ascii("byok: Continue Writing"));
        } catch (const uno::Exception& e) {
          host->report_error("Continue Writing", "the document could not be changed: " + to_utf8(e.Message));
          return;
        }
        job->insertion.reset();
        if (outcome.ok()) {
          host->status().set_idle(StatusBoard::Kind::Info, "Continue Writing done (Edit ▸ Undo removes it).");
        } else if (outcome.error->code == kCancelled) {
          host->status().set_idle(StatusBoard::Kind::Info, "Continue Writing stopped; the text so far is kept.");
        } else {
          host->report_error("Continue Writing", api::describe_error(*outcome.error) +
                                                     (job->streamed.empty() ? "" : " The text that arrived is kept."));
        }
      });
  job->handle = host->track([host_weak = std::weak_ptr<Host>(host), id] {
    if (auto h = host_weak.lock()) h->cancel(id);
  });
  return true;
}

}  // namespace byok::lo
