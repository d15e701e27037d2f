#include "uno/commands.h"

#include "uno/ustr.h"

namespace byok::lo {

std::optional<std::string> string_arg(const Args& args, const char* name) {
  for (sal_Int32 i = 0; i < args.getLength(); ++i) {
    if (args[i].Name != OUString::createFromAscii(name)) continue;
    OUString v;
    if (args[i].Value >>= v) {
      v = v.trim();
      if (!v.isEmpty()) return to_utf8(v);
    }
  }
  return std::nullopt;
}

}  // namespace byok::lo
