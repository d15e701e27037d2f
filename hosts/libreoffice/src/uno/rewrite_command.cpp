// vnd.byok:rewrite — the selection goes to `byok/rewrite`; the answer streams into the status bar and,
// when complete, replaces the selection as tracked changes in one undo step (writer_text.h).
#include <com/sun/star/awt/PushButtonType.hpp>
#include <com/sun/star/frame/XController.hpp>
#include <com/sun/star/frame/XModel.hpp>
#include <com/sun/star/text/XTextDocument.hpp>

#include "logic/byok_api.h"
#include "logic/text_diff.h"
#include "uno/commands.h"
#include "uno/dialog_builder.h"
#include "uno/host.h"
#include "uno/selection_job.h"
#include "uno/settings.h"
#include "uno/ustr.h"
#include "uno/writer_text.h"

namespace byok::lo {

using namespace css;

namespace {

const std::vector<std::string> kPresets = {
    "Fix grammar and spelling",  "Make it shorter",          "Make it more formal", "Make it friendlier",
    "Simplify the language",     "Translate into English",   "Translate into French", "Translate into German",
    "Translate into Spanish"};

// The instruction dialog: recent instructions first, then the presets. nullopt = cancelled.
std::optional<std::string> ask_instruction(const uno::Reference<uno::XComponentContext>& context,
                                           const std::vector<std::string>& recent) {
  DialogBuilder b(context, "byok: Rewrite Selection", 220, 62);
  auto label = b.add("FixedText", "Label", 6, 6, 208, 10);
  label->setPropertyValue(ascii("Label"), uno::Any(ascii("How should the selection be rewritten?")));
  auto box = b.add("ComboBox", "Instruction", 6, 18, 208, 14);
  std::vector<std::string> items = recent;
  for (const auto& p : kPresets)
    if (std::find(items.begin(), items.end(), p) == items.end()) items.push_back(p);
  box->setPropertyValue(ascii("StringItemList"), uno::Any(to_string_list(items)));
  box->setPropertyValue(ascii("Dropdown"), uno::Any(true));
  box->setPropertyValue(ascii("Text"), uno::Any(to_ou(items.empty() ? std::string() : items.front())));
  auto ok = b.add("Button", "OK", 110, 42, 50, 14);
  ok->setPropertyValue(ascii("Label"), uno::Any(ascii("Rewrite")));
  ok->setPropertyValue(ascii("PushButtonType"), uno::Any(static_cast<sal_Int16>(awt::PushButtonType_OK)));
  ok->setPropertyValue(ascii("DefaultButton"), uno::Any(true));
  auto cancel = b.add("Button", "Cancel", 164, 42, 50, 14);
  cancel->setPropertyValue(ascii("Label"), uno::Any(ascii("Cancel")));
  cancel->setPropertyValue(ascii("PushButtonType"), uno::Any(static_cast<sal_Int16>(awt::PushButtonType_CANCEL)));
  auto dialog = b.create();
  const sal_Int16 result = dialog->execute();
  OUString text;
  box->getPropertyValue(ascii("Text")) >>= text;
  uno::Reference<lang::XComponent>(dialog, uno::UNO_QUERY_THROW)->dispose();
  if (result != 1 || text.trim().isEmpty()) return std::nullopt;
  return to_utf8(text.trim());
}

}  // namespace

bool run_rewrite(const std::shared_ptr<Host>& host, const uno::Reference<frame::XFrame>& frame, const Args& args) {
  auto start = start_selection_job(host, frame, "Rewrite", "Rewrite works on text in a Writer document.",
                                   "Select the text to rewrite first.");
  if (!start) return false;
  auto instruction = string_arg(args, "Instruction");
  if (!instruction) instruction = ask_instruction(host->context(), start->settings.recent_instructions);
  if (!instruction) return true;  // the user cancelled the dialog: nothing to do, nothing wrong
  const std::string model_name = string_arg(args, "Model").value_or(start->settings.model_selector());

  auto job = start->job;
  const std::string uri = host->fresh_document_uri("rewrite");
  const auto doc = api::rewrite_document(uri, writer::text_before(job->range, 2000), job->original,
                                         writer::text_after(job->range, 1000));
  host->notify("textDocument/didOpen", api::did_open(doc));
  show_busy(*job, frame, "byok: rewriting…", "rewrite");
  const int64_t id = host->stream(
      "byok/rewrite", api::rewrite_params(doc, *instruction, model_name), count_streamed(job),
      [job, uri, instruction = *instruction](const RpcOutcome& outcome) {
        auto host = job->host.lock();
        if (!host) return;
        host->notify("textDocument/didClose", api::did_close(uri));
        if (!finish_reply(*host, *job, outcome)) return;
        const auto text = api::rewrite_text(outcome.result);
        if (!text) {
          host->report_error("Rewrite", "the engine's answer had no newText; the document is unchanged.");
          return;
        }
        std::string why;
        try {
          why = writer::apply_tracked_rewrite(job->model, job->range, job->original, *text);
        } catch (const uno::Exception& e) {
          why = "the document could not be changed: " + to_utf8(e.Message);
        }
        if (!why.empty()) {
          host->report_error("Rewrite", why);
          return;
        }
        try {
          remember_instruction(host->context(), instruction);
        } catch (const uno::Exception&) {
          // the rewrite is in; a recent-instructions list that failed to save is not worth a message
        }
        host->status().set_idle(StatusBoard::Kind::Info,
                                "Rewrite ready: accept or reject it with Edit ▸ Track Changes.");
      });
  track_request(host, *job, id);
  return true;
}

}  // namespace byok::lo
