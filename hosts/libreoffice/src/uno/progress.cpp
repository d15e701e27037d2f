#include "uno/progress.h"

#include <com/sun/star/task/XStatusIndicatorFactory.hpp>

#include "uno/ustr.h"

namespace byok::lo {

using namespace css;

FrameProgress::FrameProgress(const uno::Reference<frame::XFrame>& frame, const std::string& text) {
  try {
    uno::Reference<task::XStatusIndicatorFactory> f(frame, uno::UNO_QUERY);
    if (f.is()) indicator_ = f->createStatusIndicator();
    if (indicator_.is()) indicator_->start(to_ou(text), 0);
  } catch (const uno::Exception&) {
    indicator_.clear();  // no status bar (headless): progress is optional
  }
}

FrameProgress::~FrameProgress() {
  try {
    if (indicator_.is()) indicator_->end();
  } catch (const uno::Exception&) {
  }
}

void FrameProgress::set_text(const std::string& text) {
  try {
    if (indicator_.is()) indicator_->setText(to_ou(text));
  } catch (const uno::Exception&) {
  }
}

}  // namespace byok::lo
