// What the chat panel does: send a prompt (optionally with the selection or the whole document as context)
// to `byok/chat` and stream the answer into the conversation view; switch model mid-conversation (the engine
// keeps the conversation); compare two or three models (`byok/compare`) and pick the answer to use; insert
// an answer at the cursor or in place of the selection as Writer formatting; reopen past conversations
// (`byok/conversations`). Main thread only; engine replies arrive through the Host's main-thread queue.
#pragma once

#include <com/sun/star/awt/XControlContainer.hpp>
#include <com/sun/star/awt/XWindow.hpp>
#include <com/sun/star/frame/XFrame.hpp>
#include <com/sun/star/uno/XComponentContext.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace byok::lo {

class Host;

class ChatSession : public std::enable_shared_from_this<ChatSession> {
 public:
  static std::shared_ptr<ChatSession> create(const css::uno::Reference<css::uno::XComponentContext>& context,
                                             const css::uno::Reference<css::frame::XFrame>& frame,
                                             const css::uno::Reference<css::awt::XWindow>& window);
  // The panel is going away: stop streams, let go of the controls.
  void close();

  void send();
  void stop();
  void new_chat();
  void compare();
  void insert_answer(bool replace_selection);
  void open_history();

 private:
  struct Answer {
    std::string model;
    std::string text;
  };
  ChatSession(const css::uno::Reference<css::uno::XComponentContext>& context, const css::uno::Reference<css::frame::XFrame>& frame,
              const css::uno::Reference<css::awt::XWindow>& window);
  void wire_buttons();
  void load_models();
  void load_history();

  std::string control_text(const char* name) const;
  void set_control_text(const char* name, const std::string& text);
  bool checked(const char* name) const;
  void set_message(const std::string& text);
  void render();
  void set_answers(const std::vector<Answer>& answers);
  std::string context_text() const;
  void begin_turn();
  void end_turn();

  css::uno::Reference<css::uno::XComponentContext> context_;
  css::uno::Reference<css::frame::XFrame> frame_;
  css::uno::Reference<css::awt::XWindow> window_;
  css::uno::Reference<css::awt::XControlContainer> controls_;
  std::weak_ptr<Host> host_;

  std::string conversation_ = "new";
  std::string transcript_;           // finished turns, as shown
  std::string live_header_;          // "You: …\n\nmodel: " of the turn in progress
  std::vector<Answer> live_;         // answers streaming in (one for chat, 2–3 for compare)
  std::vector<Answer> answers_;      // answers of the last finished turn, for Insert/Replace
  std::vector<std::string> history_ids_;
  std::vector<int64_t> requests_;    // in flight, for Stop
  int64_t stop_handle_ = 0;
  bool closed_ = false;
};

}  // namespace byok::lo
