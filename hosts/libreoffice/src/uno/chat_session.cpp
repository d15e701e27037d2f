#include "uno/chat_session.h"

#include <com/sun/star/awt/Selection.hpp>
#include <com/sun/star/awt/XActionListener.hpp>
#include <com/sun/star/awt/XButton.hpp>
#include <com/sun/star/awt/XControl.hpp>
#include <com/sun/star/awt/XTextComponent.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/frame/XController.hpp>
#include <com/sun/star/frame/XModel.hpp>
#include <com/sun/star/text/XTextDocument.hpp>
#include <cppuhelper/implbase1.hxx>

#include <functional>

#include "logic/byok_api.h"
#include "logic/text_diff.h"
#include "uno/dialog_builder.h"
#include "uno/host.h"
#include "uno/settings.h"
#include "uno/ustr.h"
#include "uno/writer_text.h"

namespace byok::lo {

using namespace css;
using nlohmann::json;

namespace {

constexpr size_t kDocumentContextLimit = 20000;  // UTF-16 units of a whole document sent as context

class ButtonListener : public cppu::WeakImplHelper1<awt::XActionListener> {
 public:
  explicit ButtonListener(std::function<void()> fn) : fn_(std::move(fn)) {}
  void SAL_CALL actionPerformed(const awt::ActionEvent&) override {
    try {
      fn_();
    } catch (const uno::Exception&) {
      // a panel whose document went away: nothing to do
    }
  }
  void SAL_CALL disposing(const lang::EventObject&) override {}

 private:
  std::function<void()> fn_;
};

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

}  // namespace

std::shared_ptr<ChatSession> ChatSession::create(const uno::Reference<uno::XComponentContext>& context,
                                                 const uno::Reference<frame::XFrame>& frame,
                                                 const uno::Reference<awt::XWindow>& window) {
  std::shared_ptr<ChatSession> s(new ChatSession(context, frame, window));  // private constructor
  s->wire_buttons();
  s->load_models();
  s->load_history();
  return s;
}

ChatSession::ChatSession(const uno::Reference<uno::XComponentContext>& context, const uno::Reference<frame::XFrame>& frame,
                         const uno::Reference<awt::XWindow>& window)
    : context_(context), frame_(frame), window_(window), controls_(window, uno::UNO_QUERY_THROW), host_(Host::get(context)) {}

void ChatSession::wire_buttons() {
  std::weak_ptr<ChatSession> weak = shared_from_this();
  auto on = [&](const char* name, void (ChatSession::*method)()) {
    uno::Reference<awt::XButton> b(controls_->getControl(ascii(name)), uno::UNO_QUERY);
    if (b.is()) b->addActionListener(new ButtonListener([weak, method] {
      if (auto s = weak.lock()) ((*s).*method)();
    }));
  };
  on("Send", &ChatSession::send);
  on("Stop", &ChatSession::stop);
  on("NewChat", &ChatSession::new_chat);
  on("Compare", &ChatSession::compare);
  on("OpenHistory", &ChatSession::open_history);
  uno::Reference<awt::XButton> insert(controls_->getControl(ascii("Insert")), uno::UNO_QUERY);
  if (insert.is()) insert->addActionListener(new ButtonListener([weak] {
    if (auto s = weak.lock()) s->insert_answer(false);
  }));
  uno::Reference<awt::XButton> replace(controls_->getControl(ascii("Replace")), uno::UNO_QUERY);
  if (replace.is()) replace->addActionListener(new ButtonListener([weak] {
    if (auto s = weak.lock()) s->insert_answer(true);
  }));
}

// ---- controls --------------------------------------------------------------------------------------------
namespace {
uno::Reference<beans::XPropertySet> model_of(const uno::Reference<awt::XControlContainer>& controls, const char* name) {
  if (!controls.is()) return {};
  uno::Reference<awt::XControl> c(controls->getControl(ascii(name)), uno::UNO_QUERY);
  if (!c.is()) return {};
  return uno::Reference<beans::XPropertySet>(c->getModel(), uno::UNO_QUERY);
}
}  // namespace

std::string ChatSession::control_text(const char* name) const {
  auto m = model_of(controls_, name);
  OUString v;
  if (m.is()) m->getPropertyValue(ascii("Text")) >>= v;
  return to_utf8(v);
}

void ChatSession::set_control_text(const char* name, const std::string& text) {
  if (auto m = model_of(controls_, name); m.is()) m->setPropertyValue(ascii("Text"), uno::Any(to_ou(text)));
}

bool ChatSession::checked(const char* name) const {
  auto m = model_of(controls_, name);
  sal_Int16 state = 0;
  if (m.is()) m->getPropertyValue(ascii("State")) >>= state;
  return state == 1;
}

void ChatSession::set_message(const std::string& text) {
  if (auto m = model_of(controls_, "Message"); m.is()) m->setPropertyValue(ascii("Label"), uno::Any(to_ou(text)));
}

void ChatSession::render() {
  if (closed_) return;
  std::string text = transcript_ + live_header_;
  for (size_t i = 0; i < live_.size(); ++i) {
    if (live_.size() > 1) text += (i ? "\n\n" : "") + std::string("── ") + live_[i].model + " ──\n";
    else text += live_[i].model + ": ";
    text += live_[i].text;
  }
  set_control_text("Conversation", text);
  uno::Reference<awt::XTextComponent> view(controls_->getControl(ascii("Conversation")), uno::UNO_QUERY);
  if (view.is()) {
    const sal_Int32 end = to_ou(text).getLength();
    view->setSelection(awt::Selection(end, end));  // keep the newest text in sight
  }
}

void ChatSession::set_answers(const std::vector<Answer>& answers) {
  answers_ = answers;
  std::vector<std::string> labels;
  for (size_t i = 0; i < answers.size(); ++i) labels.push_back(std::to_string(i + 1) + ": " + answers[i].model);
  if (auto m = model_of(controls_, "Answer"); m.is()) {
    m->setPropertyValue(ascii("StringItemList"), uno::Any(to_string_list(labels)));
    uno::Sequence<sal_Int16> sel(1);
    sel[0] = 0;
    if (!labels.empty()) m->setPropertyValue(ascii("SelectedItems"), uno::Any(sel));
  }
}

std::string ChatSession::context_text() const {
  std::string out;
  auto controller = frame_->getController();
  if (!controller.is()) return out;
  if (checked("UseSelection")) {
    auto range = writer::selected_range(controller);
    if (range.is() && !range->getString().isEmpty()) out += "Selected text:\n" + to_utf8(range->getString()) + "\n\n";
  }
  if (checked("UseDocument")) {
    uno::Reference<text::XTextDocument> doc(controller->getModel(), uno::UNO_QUERY);
    if (doc.is()) {
      OUString all = doc->getText()->getString();
      if (all.getLength() > static_cast<sal_Int32>(kDocumentContextLimit)) all = all.copy(0, kDocumentContextLimit);
      out += "Document:\n" + to_utf8(all) + "\n\n";
    }
  }
  return out;
}

void ChatSession::begin_turn() {
  if (auto h = host_.lock()) {
    std::weak_ptr<ChatSession> weak = shared_from_this();
    stop_handle_ = h->track([weak] {
      if (auto s = weak.lock()) s->stop();
    });
    h->status().set_busy("chat", "byok: answering…");
  }
  set_message("");
}

void ChatSession::end_turn() {
  requests_.clear();
  if (auto h = host_.lock()) {
    h->forget(stop_handle_);
    if (h->status().busy()) h->status().set_idle(StatusBoard::Kind::Info, "Chat answer done.");
  }
  live_header_.clear();
  live_.clear();
}

// ---- actions -----------------------------------------------------------------------------------------------
void ChatSession::send() {
  auto host = host_.lock();
  if (!host || !requests_.empty()) return;
  const std::string prompt = trim(control_text("Prompt"));
  if (prompt.empty()) {
    set_message("Type a question first.");
    return;
  }
  std::string model = trim(control_text("Model"));
  const std::string context = context_text();
  live_header_ = "You: " + prompt + "\n\n";
  live_ = {Answer{model.empty() ? std::string("byok") : model, ""}};
  render();
  begin_turn();
  std::weak_ptr<ChatSession> weak = shared_from_this();
  const int64_t id = host->stream(
      "byok/chat", api::chat_params(prompt, conversation_, model, "", context),
      [weak](const api::Delta& d) {
        auto s = weak.lock();
        if (!s || s->closed_ || s->live_.empty()) return;
        if (!d.model.empty()) s->live_[0].model = d.model;
        s->live_[0].text += d.text;
        s->render();
      },
      [weak](const RpcOutcome& o) {
        auto s = weak.lock();
        if (!s || s->closed_) return;
        Answer a = s->live_.empty() ? Answer{} : s->live_[0];
        if (o.ok()) {
          s->conversation_ = o.result.value("id", s->conversation_);
          a.text = o.result.value("text", a.text);
          a.model = o.result.value("model", a.model);
          s->transcript_ += s->live_header_ + a.model + ": " + a.text + "\n\n";
          s->set_answers({a});
          s->set_control_text("Prompt", "");
        } else {
          const bool cancelled = o.error->code == kCancelled;
          s->transcript_ += s->live_header_ + a.model + ": " + a.text + (cancelled ? " [stopped]" : " [error]") + "\n\n";
          if (!a.text.empty()) s->set_answers({a});
          s->set_message(cancelled ? "Stopped." : api::describe_error(*o.error));
          if (auto h = s->host_.lock(); h && !cancelled) h->status().set_idle(StatusBoard::Kind::Error, api::describe_error(*o.error));
        }
        s->end_turn();
        s->render();
        s->load_history();
      });
  requests_.push_back(id);
}

void ChatSession::compare() {
  auto host = host_.lock();
  if (!host || !requests_.empty()) return;
  const std::string prompt = trim(control_text("Prompt"));
  if (prompt.empty()) {
    set_message("Type a question first.");
    return;
  }
  std::vector<std::string> models;
  std::string first = trim(control_text("Model"));
  if (first.empty()) {
    try {
      first = load_settings(context_).model_selector();
    } catch (const uno::Exception&) {
    }
  }
  for (const std::string& m : {first, trim(control_text("CompareModel2")), trim(control_text("CompareModel3"))})
    if (!m.empty()) models.push_back(m);
  if (models.size() < 2) {
    set_message("Choose a model and one or two more to compare with.");
    return;
  }
  live_header_ = "You (compare): " + prompt + "\n\n";
  live_.clear();
  for (const auto& m : models) live_.push_back(Answer{m, ""});
  render();
  begin_turn();
  std::weak_ptr<ChatSession> weak = shared_from_this();
  const std::string full_prompt = context_text() + prompt;
  const int64_t id = host->stream(
      "byok/compare", json{{"prompt", full_prompt}, {"models", models}},
      [weak](const api::Delta& d) {
        auto s = weak.lock();
        if (!s || s->closed_) return;
        // The engine labels each stream with its resolved "provider:model"; match it to our column.
        auto it = std::find_if(s->live_.begin(), s->live_.end(), [&](const Answer& a) {
          return a.model == d.model ||
                 (d.model.size() > a.model.size() &&
                  d.model.compare(d.model.size() - a.model.size(), a.model.size(), a.model) == 0);
        });
        if (it == s->live_.end()) it = s->live_.insert(s->live_.end(), Answer{d.model, ""});
        it->model = d.model.empty() ? it->model : d.model;
        it->text += d.text;
        if (d.error) it->text += " [error: " + *d.error + "]";
        s->render();
      },
      [weak](const RpcOutcome& o) {
        auto s = weak.lock();
        if (!s || s->closed_) return;
        std::vector<Answer> answers;
        if (o.ok() && o.result.contains("results")) {
          for (const auto& r : o.result["results"]) {
            if (r.contains("text")) answers.push_back(Answer{r.value("model", std::string()), r["text"].get<std::string>()});
          }
        } else if (!o.ok()) {
          s->set_message(o.error->code == kCancelled ? "Stopped." : api::describe_error(*o.error));
          for (const auto& a : s->live_)
            if (!a.text.empty()) answers.push_back(a);
        }
        std::string shown = s->live_header_;
        for (size_t i = 0; i < s->live_.size(); ++i) shown += "── " + s->live_[i].model + " ──\n" + s->live_[i].text + "\n\n";
        s->transcript_ += shown;
        s->set_answers(answers);
        if (!answers.empty() && o.ok()) s->set_message("Pick the answer to use under Answer, then Insert or Replace.");
        s->end_turn();
        s->render();
      });
  requests_.push_back(id);
}

void ChatSession::stop() {
  auto host = host_.lock();
  if (!host) return;
  for (int64_t id : std::vector<int64_t>(requests_)) host->cancel(id);
}

void ChatSession::new_chat() {
  stop();
  conversation_ = "new";
  transcript_.clear();
  answers_.clear();
  set_answers({});
  render();
  set_message("New conversation.");
}

void ChatSession::insert_answer(bool replace_selection) {
  if (answers_.empty()) {
    set_message("No answer to insert yet.");
    return;
  }
  size_t index = 0;
  if (auto m = model_of(controls_, "Answer"); m.is()) {
    uno::Sequence<sal_Int16> sel;
    m->getPropertyValue(ascii("SelectedItems")) >>= sel;
    if (sel.getLength() > 0 && sel[0] >= 0 && static_cast<size_t>(sel[0]) < answers_.size()) index = static_cast<size_t>(sel[0]);
  }
  auto controller = frame_->getController();
  uno::Reference<frame::XModel> model = controller.is() ? controller->getModel() : nullptr;
  if (!uno::Reference<text::XTextDocument>(model, uno::UNO_QUERY).is()) {
    set_message("Insert works in a Writer document.");
    return;
  }
  uno::Reference<text::XTextRange> range =
      replace_selection ? writer::selected_range(controller) : writer::insertion_point(controller);
  if (!range.is() || (replace_selection && range->getString().isEmpty())) {
    set_message(replace_selection ? "Select the text to replace first." : "Put the cursor where the answer should go.");
    return;
  }
  const std::string& text = answers_[index].text;
  writer::UndoStep step(model, ascii(replace_selection ? "byok: Replace Selection" : "byok: Insert Answer"));
  auto cursor = range->getText()->createTextCursorByRange(range);
  if (replace_selection) cursor->setString(OUString());
  cursor->collapseToEnd();
  const auto blocks = md::parse(text);
  if (md::needs_formatting(blocks)) writer::insert_markdown(model, cursor, blocks);
  else writer::insert_plain(cursor, utf8_to_utf16(trim(text)));
  set_message(replace_selection ? "Selection replaced (Edit ▸ Undo restores it)." : "Answer inserted.");
}

void ChatSession::open_history() {
  auto host = host_.lock();
  if (!host) return;
  size_t index = history_ids_.size();
  if (auto m = model_of(controls_, "History"); m.is()) {
    uno::Sequence<sal_Int16> sel;
    m->getPropertyValue(ascii("SelectedItems")) >>= sel;
    if (sel.getLength() > 0 && sel[0] >= 0) index = static_cast<size_t>(sel[0]);
  }
  if (index >= history_ids_.size()) {
    set_message("Pick a conversation from the list first.");
    return;
  }
  const std::string id = history_ids_[index];
  std::weak_ptr<ChatSession> weak = shared_from_this();
  host->call("byok/conversations", json{{"action", "get"}, {"id", id}}, [weak, id](const RpcOutcome& o) {
    auto s = weak.lock();
    if (!s || s->closed_) return;
    if (!o.ok()) {
      s->set_message(api::describe_error(*o.error));
      return;
    }
    std::string shown;
    for (const auto& m : o.result.value("messages", json::array())) {
      const std::string role = m.value("role", std::string());
      shown += (role == "user" ? "You: " : role == "assistant" ? o.result.value("model", std::string("byok")) + ": " : role + ": ") +
               m.value("text", std::string()) + "\n\n";
    }
    s->conversation_ = id;
    s->transcript_ = shown;
    s->render();
    s->set_message("Conversation reopened; Send continues it.");
  });
}

void ChatSession::load_models() {
  auto host = host_.lock();
  if (!host) return;
  std::string current;
  try {
    current = load_settings(context_).model_selector();
  } catch (const uno::Exception&) {
  }
  if (!current.empty() && trim(control_text("Model")).empty()) set_control_text("Model", current);
  std::weak_ptr<ChatSession> weak = shared_from_this();
  host->call("byok/models", json::object(), [weak](const RpcOutcome& o) {
    auto s = weak.lock();
    if (!s || s->closed_ || !o.ok()) return;  // no list: the fields stay free text
    std::vector<std::string> labels;
    for (const auto& m : o.result.value("models", json::array()))
      if (m.is_object() && m.contains("label") && m["label"].is_string()) labels.push_back(m["label"].get<std::string>());
    for (const char* name : {"Model", "CompareModel2", "CompareModel3"})
      if (auto pm = model_of(s->controls_, name); pm.is()) pm->setPropertyValue(ascii("StringItemList"), uno::Any(to_string_list(labels)));
  });
}

void ChatSession::load_history() {
  auto host = host_.lock();
  if (!host) return;
  std::weak_ptr<ChatSession> weak = shared_from_this();
  host->call("byok/conversations", json{{"action", "list"}}, [weak](const RpcOutcome& o) {
    auto s = weak.lock();
    if (!s || s->closed_ || !o.ok()) return;
    std::vector<std::string> titles;
    s->history_ids_.clear();
    for (const auto& c : o.result.value("conversations", json::array())) {
      s->history_ids_.push_back(c.value("id", std::string()));
      std::string title = c.value("title", std::string());
      if (title.size() > 60) {
        size_t cut = 57;
        while (cut > 0 && (static_cast<unsigned char>(title[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
        title = title.substr(0, cut) + "…";
      }
      titles.push_back(title.empty() ? s->history_ids_.back() : title);
    }
    if (auto m = model_of(s->controls_, "History"); m.is()) m->setPropertyValue(ascii("StringItemList"), uno::Any(to_string_list(titles)));
  });
}

void ChatSession::close() {
  stop();
  if (auto h = host_.lock()) h->forget(stop_handle_);
  closed_ = true;
  controls_.clear();
  window_.clear();
}

}  // namespace byok::lo
