#include "uno/clipboard.h"

#include <com/sun/star/datatransfer/DataFlavor.hpp>
#include <com/sun/star/datatransfer/XTransferable.hpp>
#include <com/sun/star/datatransfer/clipboard/SystemClipboard.hpp>
#include <cppuhelper/typeprovider.hxx>

#include "uno/ustr.h"

namespace byok::lo {

using namespace css;

std::optional<std::string> clipboard_text(const uno::Reference<uno::XComponentContext>& context) {
  try {
    auto clipboard = datatransfer::clipboard::SystemClipboard::create(context);
    auto contents = clipboard->getContents();
    if (!contents.is()) return std::nullopt;
    datatransfer::DataFlavor flavor;
    flavor.MimeType = ascii("text/plain;charset=utf-16");
    flavor.DataType = cppu::UnoType<OUString>::get();
    if (!contents->isDataFlavorSupported(flavor)) return std::nullopt;
    OUString text;
    if (!(contents->getTransferData(flavor) >>= text)) return std::nullopt;
    return to_utf8(text);
  } catch (const uno::Exception&) {
    return std::nullopt;  // no clipboard service (a bare headless office): as if empty
  }
}

}  // namespace byok::lo
