#include "core/context/context_item.h"

#include "core/usage/estimate.h"

namespace byok::context {

ContextItem make_item(std::string kind, std::string label, std::string text) {
  ContextItem item{std::move(kind), std::move(label), std::move(text), 0, false};
  item.tokens = usage::estimate_tokens(item.text);
  return item;
}

std::string describe(const ContextItem& item) {
  return item.label + " (~" + std::to_string(item.tokens) + (item.tokens == 1 ? " token" : " tokens") + (item.trimmed ? ", trimmed" : "") + ")";
}

}  // namespace byok::context
