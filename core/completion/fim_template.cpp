#include "core/completion/fim_template.h"

#include <array>

namespace byok::completion {
namespace {

// DeepSeek-Coder markers: U+FF5C FULLWIDTH VERTICAL LINE and U+2581 LOWER ONE EIGHTH BLOCK, as escapes so
// no editor normalises them (providers.md §12 lists the bytes).
constexpr std::string_view kDsBegin = "<\xef\xbd\x9c" "fim\xe2\x96\x81" "begin\xef\xbd\x9c>";
constexpr std::string_view kDsHole = "<\xef\xbd\x9c" "fim\xe2\x96\x81" "hole\xef\xbd\x9c>";
constexpr std::string_view kDsEnd = "<\xef\xbd\x9c" "fim\xe2\x96\x81" "end\xef\xbd\x9c>";
constexpr std::string_view kDsEos = "<\xef\xbd\x9c" "end\xe2\x96\x81" "of\xe2\x96\x81" "sentence\xef\xbd\x9c>";

const std::array<FimTemplate, 5>& templates() {
  static const std::array<FimTemplate, 5> all{{
      // CodeLlama: "<PRE> {prefix} <SUF>{suffix} <MID>"; the spaces come from SentencePiece's ▁<PRE> etc.
      {"codellama", "<PRE> ", " <SUF>", " <MID>", false, {"<EOT>", "</s>"}},
      {"starcoder2", "<fim_prefix>", "<fim_suffix>", "<fim_middle>", false,
       {"<|endoftext|>", "<file_sep>", "<fim_prefix>", "<repo_name>"}},
      {"deepseek-coder", kDsBegin, kDsHole, kDsEnd, false, {std::string(kDsEos), "<|EOT|>"}},
      {"qwen2.5-coder", "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", false,
       {"<|endoftext|>", "<|fim_pad|>", "<|file_sep|>", "<|repo_name|>", "<|fim_prefix|>", "<|im_end|>"}},
      // Codestral's own weights: "<s>[SUFFIX]{suffix}[PREFIX]{prefix}", suffix first, no middle marker.
      {"codestral", "[PREFIX]", "<s>[SUFFIX]", "", true, {"[PREFIX]", "[SUFFIX]", "</s>"}},
  }};
  return all;
}

}  // namespace

const FimTemplate* find_fim_template(std::string_view name) {
  if (name == "starcoder") name = "starcoder2";
  for (const auto& t : templates())
    if (t.name == name) return &t;
  return nullptr;
}

std::vector<std::string_view> fim_template_names() {
  std::vector<std::string_view> names;
  for (const auto& t : templates()) names.push_back(t.name);
  return names;
}

std::string render(const FimTemplate& t, std::string_view prefix, std::string_view suffix) {
  std::string out;
  out.reserve(prefix.size() + suffix.size() + 64);
  if (t.suffix_first) {
    out.append(t.before_suffix).append(suffix).append(t.before_prefix).append(prefix).append(t.middle);
  } else {
    out.append(t.before_prefix).append(prefix).append(t.before_suffix).append(suffix).append(t.middle);
  }
  return out;
}

}  // namespace byok::completion
