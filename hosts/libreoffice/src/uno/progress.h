// The frame's status-bar progress text while a command streams ("byok: rewriting… 120 characters").
#pragma once

#include <com/sun/star/frame/XFrame.hpp>
#include <com/sun/star/task/XStatusIndicator.hpp>

#include <string>

namespace byok::lo {

class FrameProgress {
 public:
  FrameProgress(const css::uno::Reference<css::frame::XFrame>& frame, const std::string& text);
  ~FrameProgress();
  FrameProgress(const FrameProgress&) = delete;
  FrameProgress& operator=(const FrameProgress&) = delete;
  void set_text(const std::string& text);

 private:
  css::uno::Reference<css::task::XStatusIndicator> indicator_;
};

}  // namespace byok::lo
