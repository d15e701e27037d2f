// Conversions between the office's UTF-16 OUString and the UTF-8 std::string used by the JSON-RPC side.
// (The public SDK has no u"" literal conversions; see docs/libreoffice.md.)
#pragma once

#include <rtl/ustring.hxx>

#include <string>
#include <string_view>

namespace byok::lo {

// The public SDK keeps these in rtl:: (only office-internal code gets them globally).
using ::rtl::OString;
using ::rtl::OUString;

inline OUString to_ou(std::string_view utf8) {
  return OUString(utf8.data(), static_cast<sal_Int32>(utf8.size()), RTL_TEXTENCODING_UTF8);
}

inline std::string to_utf8(const OUString& s) {
  const OString o = OUStringToOString(s, RTL_TEXTENCODING_UTF8);
  return std::string(o.getStr(), static_cast<size_t>(o.getLength()));
}

inline std::u16string to_u16(const OUString& s) {
  return std::u16string(reinterpret_cast<const char16_t*>(s.getStr()), static_cast<size_t>(s.getLength()));
}

inline OUString from_u16(std::u16string_view s) {
  return OUString(reinterpret_cast<const sal_Unicode*>(s.data()), static_cast<sal_Int32>(s.size()));
}

inline OUString ascii(const char* s) { return OUString::createFromAscii(s); }

}  // namespace byok::lo
