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
#include "uno/progress.h"
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

// Everything one rewrite needs until its reply arrives (main thread only).
struct RewriteJob {
  std::weak_ptr<Host> host;
  uno::Reference<frame::XModel> model;
  uno::Reference<text::XTextRange> range;
  std::u16string original;
  std::string uri;
  std::string instruction;
  std::string streamed;
  std::unique_ptr<FrameProgress> progress;
  int64_t handle = 0;
};

}  // namespace

bool run_rewrite(const std::shared_ptr<Host>& host, const uno::Reference<frame::XFrame>& frame, const Args& args) {
  auto controller = frame->getController();
  uno::Reference<frame::XModel> model = controller.is() ? controller->getModel() : nullptr;
  if (!uno::Reference<text::XTextDocument>(model, uno::UNO_QUERY).is()) {
    host->report_error("Rewrite", "Rewrite works on text in a Writer document.");
    return false;
  }
  auto range = writer::selected_range(controller);
  if (!range.is() || range->getString().isEmpty()) {
    host->report_error("Rewrite", "Select the text to rewrite first.");
    return false;
  }
  Settings settings;
  try {
    settings = load_settings(host->context());
  } catch (const uno::Exception& e) {
    host->report_error("Rewrite", "cannot read byok's settings: " + to_utf8(e.Message));
    return false;
  }
  auto instruction = string_arg(args, "Instruction");
  if (!instruction) instruction = ask_instruction(host->context(), settings.recent_instructions);
  if (!instruction) return true;  // the user cancelled the dialog: nothing to do, nothing wrong
  const std::string model_name = string_arg(args, "Model").value_or(settings.model_selector());

  auto job = std::make_shared<RewriteJob>();
  job->host = host;
  job->model = model;
  // A cursor keeps following the text while the document changes.
  job->range.set(range->getText()->createTextCursorByRange(range), uno::UNO_QUERY_THROW);
  std::u16string original = to_u16(range->getString());
  original.erase(std::remove(original.begin(), original.end(), u'\r'), original.end());
  job->original = original;
  job->instruction = *instruction;
  job->uri = host->fresh_document_uri("rewrite");
  const auto doc = api::rewrite_document(job->uri, writer::text_before(range, 2000), original, writer::text_after(range, 1000));
  job->progress = std::make_unique<FrameProgress>(frame, "byok: rewriting…");

  host->notify("textDocument/didOpen", api::did_open(doc));
  host->status().set_busy("rewrite", "byok: rewriting…");
  const int64_t id = host->stream(
      "byok/rewrite", api::rewrite_params(doc, *instruction, model_name),
      [job](const api::Delta& d) {
        job->streamed += d.text;
        const std::string msg = "byok: rewriting… " + std::to_string(utf8_to_utf16(job->streamed).size()) + " characters";
        if (job->progress) job->progress->set_text(msg);
        if (auto h = job->host.lock()) h->status().set_busy("rewrite", msg);
      },
      [job](const RpcOutcome& outcome) {
        auto host = job->host.lock();
        if (!host) return;
        host->forget(job->handle);
        host->notify("textDocument/didClose", api::did_close(job->uri));
        job->progress.reset();
        if (!outcome.ok()) {
          if (outcome.error->code == kCancelled) {
            host->status().set_idle(StatusBoard::Kind::Info, "Rewrite stopped; the document is unchanged.");
            return;
          }
          host->report_error("Rewrite", api::describe_error(*outcome.error) + " The document is unchanged.");
          return;
        }
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
          remember_instruction(host->context(), job->instruction);
        } catch (const uno::Exception&) {
          // the rewrite is in; a recent-instructions list that failed to save is not worth a message
        }
        host->status().set_idle(StatusBoard::Kind::Info,
                                "Rewrite ready: accept or reject it with Edit ▸ Track Changes.");
      });
  job->handle = host->track([host_weak = std::weak_ptr<Host>(host), id] {
    if (auto h = host_weak.lock()) h->cancel(id);
  });
  return true;
}

}  // namespace byok::lo
