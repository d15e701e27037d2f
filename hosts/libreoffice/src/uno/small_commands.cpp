// vnd.byok:stop and vnd.byok:chat.
#include <com/sun/star/container/XNameAccess.hpp>
#include <com/sun/star/frame/XController2.hpp>
#include <com/sun/star/ui/XDeck.hpp>
#include <com/sun/star/ui/XDecks.hpp>
#include <com/sun/star/ui/XSidebarProvider.hpp>

#include "uno/commands.h"
#include "uno/host.h"
#include "uno/ustr.h"

namespace byok::lo {

using namespace css;

bool run_stop(const std::shared_ptr<Host>& host) {
  if (host->stop_all() == 0) host->status().set_idle(StatusBoard::Kind::Info, "Nothing to stop.");
  return true;
}

bool show_chat_deck(const uno::Reference<frame::XFrame>& frame) {
  uno::Reference<frame::XController2> controller(frame->getController(), uno::UNO_QUERY);
  if (!controller.is()) return false;
  auto sidebar = controller->getSidebar();
  if (!sidebar.is()) return false;
  sidebar->setVisible(true);
  sidebar->showDecks(true);
  uno::Reference<container::XNameAccess> decks(sidebar->getDecks(), uno::UNO_QUERY);
  if (!decks.is() || !decks->hasByName(ascii("ByokDeck"))) return false;
  uno::Reference<ui::XDeck> deck(decks->getByName(ascii("ByokDeck")), uno::UNO_QUERY);
  if (!deck.is()) return false;
  deck->activate(true);
  return true;
}

}  // namespace byok::lo
