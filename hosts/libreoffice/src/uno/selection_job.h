// What every command on the Writer selection (Rewrite, Run Action) shares, from the checks before the
// engine is asked to the end of its reply: a Writer document with text selected and readable settings; a
// cursor over the selection that follows edits and the text as it was (so a changed selection is never
// overwritten); the streamed text counted in the progress bar and the status board; Stop reaching the
// request; and the common endings (stopped, failed — "the document is unchanged"). Main thread only.
#pragma once

#include <com/sun/star/frame/XFrame.hpp>
#include <com/sun/star/frame/XModel.hpp>
#include <com/sun/star/text/XTextRange.hpp>

#include <memory>
#include <optional>
#include <string>

#include "logic/byok_api.h"
#include "uno/host.h"
#include "uno/progress.h"
#include "uno/settings.h"

namespace byok::lo {

struct SelectionJob {
  std::weak_ptr<Host> host;
  css::uno::Reference<css::frame::XModel> model;
  css::uno::Reference<css::text::XTextRange> range;  // a cursor: it keeps following the text
  std::u16string original;                           // the selection's text, without CRs
  std::string what;                                  // "Rewrite", "Action grammar": how errors name it
  std::string status_key, busy_label;                // the status board's slot and "byok: rewriting…"
  std::string streamed;
  std::unique_ptr<FrameProgress> progress;
  int64_t handle = 0;  // Host::track's, for Stop
};

// The checks and the job's start. `what` names the command in errors ("Rewrite"); `needs_writer` and
// `needs_selection` are what the user is told when there is no Writer text or no selection. Null (after
// telling the user) when the command cannot run. Returns the settings read too.
struct SelectionStart {
  std::shared_ptr<SelectionJob> job;
  Settings settings;
};
std::optional<SelectionStart> start_selection_job(const std::shared_ptr<Host>& host,
                                                  const css::uno::Reference<css::frame::XFrame>& frame,
                                                  const std::string& what, const std::string& needs_writer,
                                                  const std::string& needs_selection);

// Before the request: the progress bar and the status board say `busy_label`.
void show_busy(SelectionJob& job, const css::uno::Reference<css::frame::XFrame>& frame, const std::string& busy_label,
               const std::string& status_key);

// The engine's deltas: counted ("byok: rewriting… 120 characters").
Host::OnDelta count_streamed(const std::shared_ptr<SelectionJob>& job);

// Makes Stop reach request `id`.
void track_request(const std::shared_ptr<Host>& host, SelectionJob& job, int64_t id);

// At the reply: forgets the Stop handle and closes the progress bar. On an error reply, tells the user
// (a Stop is news, not an error) and returns false.
bool finish_reply(Host& host, SelectionJob& job, const RpcOutcome& outcome);

}  // namespace byok::lo
