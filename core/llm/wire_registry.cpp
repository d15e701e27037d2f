#include "core/llm/wire_registry.h"

namespace byok::llm {

const WireAdapter* find_wire(std::string_view name) {
  // Built once, immutable afterwards.
  static const WireRegistry registry = [] {
    WireRegistry r;
    register_openai_wires(r);
    register_anthropic_wire(r);
    register_gemini_wire(r);
    register_ollama_wires(r);
    register_llamacpp_wire(r);
    return r;
  }();
  return registry.find(name);
}

}  // namespace byok::llm
