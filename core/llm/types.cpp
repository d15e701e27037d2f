#include "core/llm/types.h"

namespace byok::llm {
const char* to_string(Role r) {
  switch (r) {
    case Role::System: return "system";
    case Role::User: return "user";
    case Role::Assistant: return "assistant";
  }
  return "user";
}
}  // namespace byok::llm
