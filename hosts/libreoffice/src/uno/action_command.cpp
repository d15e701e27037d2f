// vnd.byok:action — runs a named byok action (built in, the user's config, a project's .byok.json) on the
// selection through `byok/runAction`, the same engine path as `byok actions run`, Neovim's :Byok and VS Code's
// "Run Action…". The answer streams into the status bar; then, by the action's output:
//   replace   the selection is replaced as tracked changes, one undo step (like Rewrite);
//   insert    the text goes in a new paragraph after the selection, as a tracked insertion, one undo step;
//   chat/panel the answer (an explanation) goes after the selection the same way, labelled "byok (name): ",
//             so it can be read in place and rejected to leave the text as it was. (A comment in the margin
//             would be the natural place, but inserting one crashes headless LibreOffice 7.4, where it is
//             tested.)
// Arguments: Name (without it a dialog asks), Input (the text an action such as translate asks for),
// Model. The clipboard's text goes along for actions that use {{clipboard}}. The byok ▸ Actions menu passes Name in the URL (vnd.byok:action?Name:string=grammar).
#include <com/sun/star/awt/PushButtonType.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/frame/XController.hpp>
#include <com/sun/star/frame/XModel.hpp>
#include <com/sun/star/frame/XTitle.hpp>
#include <com/sun/star/lang/XMultiServiceFactory.hpp>
#include <com/sun/star/text/XText.hpp>
#include <com/sun/star/text/XTextContent.hpp>
#include <com/sun/star/text/XTextDocument.hpp>

#include <algorithm>

#include "logic/byok_api.h"
#include "logic/text_diff.h"
#include "uno/clipboard.h"
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

// The built-in actions that suit prose, offered in the dialog (any other name may be typed).
const std::vector<std::string> kSuggested = {"grammar", "shorter", "formal", "explain", "translate"};

struct Choice {
  std::string name, input;
};

std::optional<Choice> ask_action(const uno::Reference<uno::XComponentContext>& context) {
  DialogBuilder b(context, "byok: Run Action", 220, 92);
  auto label = b.add("FixedText", "Label", 6, 6, 208, 10);
  label->setPropertyValue(ascii("Label"), uno::Any(ascii("Action (built in, from your byok config or the project):")));
  auto box = b.add("ComboBox", "Action", 6, 18, 208, 14);
  box->setPropertyValue(ascii("StringItemList"), uno::Any(to_string_list(kSuggested)));
  box->setPropertyValue(ascii("Dropdown"), uno::Any(true));
  box->setPropertyValue(ascii("Text"), uno::Any(to_ou(kSuggested.front())));
  auto input_label = b.add("FixedText", "InputLabel", 6, 38, 208, 10);
  input_label->setPropertyValue(ascii("Label"), uno::Any(ascii("Input, if the action asks for one (e.g. a language):")));
  auto input = b.add("Edit", "Input", 6, 50, 208, 14);
  auto ok = b.add("Button", "OK", 110, 72, 50, 14);
  ok->setPropertyValue(ascii("Label"), uno::Any(ascii("Run")));
  ok->setPropertyValue(ascii("PushButtonType"), uno::Any(static_cast<sal_Int16>(awt::PushButtonType_OK)));
  ok->setPropertyValue(ascii("DefaultButton"), uno::Any(true));
  auto cancel = b.add("Button", "Cancel", 164, 72, 50, 14);
  cancel->setPropertyValue(ascii("Label"), uno::Any(ascii("Cancel")));
  cancel->setPropertyValue(ascii("PushButtonType"), uno::Any(static_cast<sal_Int16>(awt::PushButtonType_CANCEL)));
  auto dialog = b.create();
  const sal_Int16 result = dialog->execute();
  OUString name, text;
  box->getPropertyValue(ascii("Text")) >>= name;
  input->getPropertyValue(ascii("Text")) >>= text;
  uno::Reference<lang::XComponent>(dialog, uno::UNO_QUERY_THROW)->dispose();
  if (result != 1 || name.trim().isEmpty()) return std::nullopt;
  return Choice{to_utf8(name.trim()), to_utf8(text.trim())};
}

std::string title_of(const uno::Reference<frame::XModel>& model) {
  uno::Reference<frame::XTitle> title(model, uno::UNO_QUERY);
  return title.is() ? to_utf8(title->getTitle()) : std::string();
}

// Inserts `text` as a new paragraph after `range`, as a tracked insertion in one undo step (accept or
// reject it like byok's rewrites), whatever the document's own change recording was.
void insert_tracked_after(const uno::Reference<frame::XModel>& model, const uno::Reference<text::XTextRange>& range,
                          const std::u16string& text, const std::string& undo_title) {
  uno::Reference<beans::XPropertySet> props(model, uno::UNO_QUERY_THROW);
  bool recording = false;
  props->getPropertyValue(ascii("RecordChanges")) >>= recording;
  props->setPropertyValue(ascii("RecordChanges"), uno::Any(true));
  try {
    writer::UndoStep step(model, to_ou(undo_title));
    auto cursor = range->getText()->createTextCursorByRange(range->getEnd());
    writer::insert_plain(cursor, u"\n" + text);
  } catch (...) {
    props->setPropertyValue(ascii("RecordChanges"), uno::Any(recording));
    throw;
  }
  props->setPropertyValue(ascii("RecordChanges"), uno::Any(recording));
}

// Applies a finished action to the document; an empty string on success, else why nothing changed.
std::string apply(SelectionJob& job, const std::string& name, const api::ActionResult& r) {
  std::u16string now = to_u16(job.range->getString());
  now.erase(std::remove(now.begin(), now.end(), u'\r'), now.end());
  if (now != job.original) return "the selection changed while the answer arrived; the document is unchanged.";
  if (r.output == "replace") return writer::apply_tracked_rewrite(job.model, job.range, job.original, r.text);
  // insert: the text itself; chat/panel (an explanation, an answer): labelled, so it reads as byok's note.
  const std::u16string text = r.output == "insert" ? utf8_to_utf16(r.text) : utf8_to_utf16("byok (" + name + "): " + r.answer);
  insert_tracked_after(job.model, job.range, text, "byok: " + name);
  return {};
}

}  // namespace

bool run_action(const std::shared_ptr<Host>& host, const uno::Reference<frame::XFrame>& frame, const Args& args) {
  auto start = start_selection_job(host, frame, "Action", "Actions work on text in a Writer document.",
                                   "Select the text to run the action on first.");
  if (!start) return false;
  Choice choice;
  if (auto name = string_arg(args, "Name")) {
    choice = {*name, string_arg(args, "Input").value_or("")};
  } else if (auto asked = ask_action(host->context())) {
    choice = *asked;
  } else {
    return true;  // the user cancelled the dialog
  }
  const std::string model_name = string_arg(args, "Model").value_or(start->settings.model_selector());

  auto job = start->job;
  job->what = "Action " + choice.name;
  show_busy(*job, frame, "byok: " + choice.name + "…", "action");
  const int64_t id = host->stream(
      "byok/runAction",
      api::run_action_params(choice.name, utf16_to_utf8(job->original), title_of(job->model), choice.input, model_name,
                             clipboard_text(host->context())),
      count_streamed(job),
      [job, name = choice.name](const RpcOutcome& outcome) {
        auto host = job->host.lock();
        if (!host) return;
        if (!finish_reply(*host, *job, outcome)) return;
        auto result = api::action_result(outcome.result);
        if (!result) {
          host->report_error(job->what, "the engine's answer had no output or text; the document is unchanged.");
          return;
        }
        std::string why;
        try {
          why = apply(*job, name, *result);
        } catch (const uno::Exception& e) {
          why = "the document could not be changed: " + to_utf8(e.Message);
        }
        if (!why.empty()) {
          host->report_error(job->what, why);
          return;
        }
        const std::string done = result->output == "replace"
                                     ? " ready: accept or reject it with Edit ▸ Track Changes."
                                     : " answered after the selection: accept or reject it with Edit ▸ Track Changes.";
        host->status().set_idle(StatusBoard::Kind::Info, job->what + done);
      });
  track_request(host, *job, id);
  return true;
}

}  // namespace byok::lo
