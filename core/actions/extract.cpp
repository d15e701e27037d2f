#include "core/actions/extract.h"

#include <regex>

namespace byok::actions {
namespace {

// The body of the first ``` fenced block (the info string after the opening fence is skipped).
Result<std::string> first_code_block(const std::string& answer) {
  size_t open = answer.find("```");
  if (open == std::string::npos) return Error::make(ErrorKind::Stream, "the answer has no fenced code block to extract");
  size_t body = answer.find('\n', open);
  if (body == std::string::npos) return Error::make(ErrorKind::Stream, "the answer's code block is not closed");
  ++body;
  size_t close = answer.find("```", body);
  if (close == std::string::npos) return Error::make(ErrorKind::Stream, "the answer's code block is not closed");
  std::string code = answer.substr(body, close - body);
  if (!code.empty() && code.back() == '\n') code.pop_back();
  return code;
}

}  // namespace

Result<std::string> extract(const Extractor& ex, const std::string& answer) {
  switch (ex.kind) {
    case Extractor::Kind::Whole: return answer;
    case Extractor::Kind::Code: return first_code_block(answer);
    case Extractor::Kind::Regex: {
      try {
        std::regex re(ex.pattern, std::regex::ECMAScript);
        std::smatch m;
        if (!std::regex_search(answer, m, re))
          return Error::make(ErrorKind::Stream, "the extract regex /" + ex.pattern + "/ matched nothing in the answer");
        return m.size() > 1 ? m[1].str() : m[0].str();
      } catch (const std::regex_error& e) {
        return Error::make(ErrorKind::Config, "bad extract regex /" + ex.pattern + "/: " + e.what());
      }
    }
  }
  return answer;
}

}  // namespace byok::actions
