// Where the wire adapters are collected; each adapter file contributes a register_* function.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "core/llm/wire.h"

namespace byok::llm {

class WireRegistry {
 public:
  void add(std::unique_ptr<WireAdapter> w) { wires_.push_back(std::move(w)); }
  const WireAdapter* find(std::string_view name) const {
    for (const auto& w : wires_)
      if (w->name() == name) return w.get();
    return nullptr;
  }

 private:
  std::vector<std::unique_ptr<WireAdapter>> wires_;
};

void register_openai_wires(WireRegistry& reg);
void register_anthropic_wire(WireRegistry& reg);
void register_gemini_wire(WireRegistry& reg);
void register_ollama_wires(WireRegistry& reg);
void register_llamacpp_wire(WireRegistry& reg);

}  // namespace byok::llm
