// A deliberately small Markdown reader for model answers: the subset models actually produce (ATX headings,
// paragraphs, bullet and numbered lists, fenced code, **bold**, *italic*, `code`), turned into blocks and
// runs that the Writer adapter maps to paragraph styles and character attributes.
//
// Why here and not cmark in the engine: the engine streams the same raw text to every host (Neovim and
// VS Code show Markdown as is), and Writer needs paragraph/run structure, not HTML. A ~200-line reader
// with a table of tests is easier to keep honest than a second output format in the protocol.
// Anything it does not recognise stays literal text — nothing is lost.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace byok::lo::md {

struct Run {
  std::string text;  // UTF-8
  bool bold = false;
  bool italic = false;
  bool code = false;
  bool operator==(const Run&) const = default;
};

struct Block {
  enum class Kind { Paragraph, Heading, Bullet, Numbered, Code };
  Kind kind = Kind::Paragraph;
  int level = 0;  // heading level 1..6; list nesting depth 0..; 0 otherwise
  std::vector<Run> runs;
  std::string plain() const;  // the runs' text concatenated
};

std::vector<Block> parse(std::string_view markdown);

// True when the answer uses any Markdown formatting (headings, lists, code, emphasis); plain paragraphs
// alone do not count.
bool needs_formatting(const std::vector<Block>& blocks);

// The text the blocks show, paragraphs separated by '\n' (what Writer's getString() returns afterwards).
std::string plain_text(const std::vector<Block>& blocks);

// Inline spans only (for tests and for single-line answers).
std::vector<Run> parse_inline(std::string_view text);

}  // namespace byok::lo::md
