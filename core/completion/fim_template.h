// Fill-in-the-middle prompt templates for raw code models behind a plain completions endpoint (the server
// does not apply a template itself). Exact bytes from shared/docs/providers.md §12; the special tokens must
// reach the server's tokenizer as special tokens, so they are written here byte for byte.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace byok::completion {

struct FimTemplate {
  std::string_view name;
  std::string_view before_prefix, before_suffix, middle;  // the markers
  bool suffix_first = false;                              // Codestral: [SUFFIX]…[PREFIX]…
  std::vector<std::string> stops;                         // the model's end / FIM tokens
};

// "codellama", "starcoder2" (alias "starcoder"), "deepseek-coder", "qwen2.5-coder", "codestral".
const FimTemplate* find_fim_template(std::string_view name);
std::vector<std::string_view> fim_template_names();

std::string render(const FimTemplate& t, std::string_view prefix, std::string_view suffix);

}  // namespace byok::completion
