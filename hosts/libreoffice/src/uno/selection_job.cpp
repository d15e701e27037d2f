#include "uno/selection_job.h"

#include <com/sun/star/frame/XController.hpp>
#include <com/sun/star/text/XText.hpp>
#include <com/sun/star/text/XTextDocument.hpp>

#include <algorithm>

#include "logic/text_diff.h"
#include "uno/ustr.h"
#include "uno/writer_text.h"

namespace byok::lo {

using namespace css;

std::optional<SelectionStart> start_selection_job(const std::shared_ptr<Host>& host,
                                                  const uno::Reference<frame::XFrame>& frame, const std::string& what,
                                                  const std::string& needs_writer, const std::string& needs_selection) {
  auto controller = frame->getController();
  uno::Reference<frame::XModel> model = controller.is() ? controller->getModel() : nullptr;
  if (!uno::Reference<text::XTextDocument>(model, uno::UNO_QUERY).is()) {
    host->report_error(what, needs_writer);
    return std::nullopt;
  }
  auto range = writer::selected_range(controller);
  if (!range.is() || range->getString().isEmpty()) {
    host->report_error(what, needs_selection);
    return std::nullopt;
  }
  SelectionStart start;
  try {
    start.settings = load_settings(host->context());
  } catch (const uno::Exception& e) {
    host->report_error(what, "cannot read byok's settings: " + to_utf8(e.Message));
    return std::nullopt;
  }
  start.job = std::make_shared<SelectionJob>();
  auto& job = *start.job;
  job.host = host;
  job.model = model;
  job.what = what;
  job.range.set(range->getText()->createTextCursorByRange(range), uno::UNO_QUERY_THROW);
  job.original = to_u16(range->getString());
  job.original.erase(std::remove(job.original.begin(), job.original.end(), u'\r'), job.original.end());
  return start;
}

void show_busy(SelectionJob& job, const uno::Reference<frame::XFrame>& frame, const std::string& busy_label,
               const std::string& status_key) {
  job.busy_label = busy_label;
  job.status_key = status_key;
  job.progress = std::make_unique<FrameProgress>(frame, busy_label);
  if (auto h = job.host.lock()) h->status().set_busy(status_key, busy_label);
}

Host::OnDelta count_streamed(const std::shared_ptr<SelectionJob>& job) {
  return [job](const api::Delta& d) {
    job->streamed += d.text;
    const std::string msg = job->busy_label + " " + std::to_string(utf8_to_utf16(job->streamed).size()) + " characters";
    if (job->progress) job->progress->set_text(msg);
    if (auto h = job->host.lock()) h->status().set_busy(job->status_key, msg);
  };
}

void track_request(const std::shared_ptr<Host>& host, SelectionJob& job, int64_t id) {
  job.handle = host->track([host_weak = std::weak_ptr<Host>(host), id] {
    if (auto h = host_weak.lock()) h->cancel(id);
  });
}

bool finish_reply(Host& host, SelectionJob& job, const RpcOutcome& outcome) {
  host.forget(job.handle);
  job.progress.reset();
  if (outcome.ok()) return true;
  if (outcome.error->code == kCancelled)
    host.status().set_idle(StatusBoard::Kind::Info, job.what + " stopped; the document is unchanged.");
  else
    host.report_error(job.what, api::describe_error(*outcome.error) + " The document is unchanged.");
  return false;
}

}  // namespace byok::lo
