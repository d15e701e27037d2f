#include "core/context/trim.h"

#include <algorithm>

#include "core/usage/estimate.h"

namespace byok::context {
namespace {

// Lower is cut first; never-cut kinds return -1.
int cut_rank(const std::string& kind) {
  static const std::vector<std::string> order{"clipboard", "git_diff", "git_diff_staged", "buffers", "files", "diagnostics", "file"};
  auto it = std::find(order.begin(), order.end(), kind);
  return it == order.end() ? -1 : static_cast<int>(it - order.begin());
}

int64_t total(const std::vector<ContextItem>& items) {
  int64_t t = 0;
  for (const auto& i : items) t += i.tokens;
  return t;
}

// The longest prefix of `text` ending at a newline with at most `max_tokens` estimated tokens.
std::string line_prefix(const std::string& text, int64_t max_tokens) {
  if (max_tokens <= 0) return {};
  size_t max_bytes = static_cast<size_t>(max_tokens * usage::kBytesPerToken);
  if (max_bytes >= text.size()) return text;
  size_t cut = text.rfind('\n', max_bytes - 1);
  if (cut == std::string::npos) return {};
  return text.substr(0, cut + 1);
}

}  // namespace

Result<TrimReport> trim_to_budget(std::vector<ContextItem>& items, int64_t budget) {
  TrimReport report;
  report.total_tokens = total(items);
  if (budget <= 0 || report.total_tokens <= budget) return report;

  int64_t fixed = 0;
  for (const auto& i : items)
    if (cut_rank(i.kind) < 0) fixed += i.tokens;
  if (fixed > budget)
    return Error::make(ErrorKind::Config, "the selection and input alone are ~" + std::to_string(fixed) +
                                              " tokens, over the model's budget of ~" + std::to_string(budget) +
                                              " tokens; select less or choose a model with a larger context window");

  std::vector<size_t> order;
  for (size_t k = 0; k < items.size(); ++k)
    if (cut_rank(items[k].kind) >= 0) order.push_back(k);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return cut_rank(items[a].kind) < cut_rank(items[b].kind); });

  for (size_t k : order) {
    int64_t over = total(items) - budget;
    if (over <= 0) break;
    auto& item = items[k];
    int64_t before = item.tokens;
    static const std::string marker = "[… cut by byok to fit the model's context budget …]\n";
    std::string kept = line_prefix(item.text, item.tokens - over - usage::estimate_tokens(marker) - 1);
    if (kept.empty()) {
      report.notices.push_back(item.label + ": left out (~" + std::to_string(before) + " tokens) to fit the budget of ~" +
                               std::to_string(budget) + " tokens");
      item.text.clear();
      item.tokens = 0;
    } else {
      item.text = kept + marker;
      item.tokens = usage::estimate_tokens(item.text);
      report.notices.push_back(item.label + ": cut from ~" + std::to_string(before) + " to ~" +
                               std::to_string(item.tokens) + " tokens to fit the budget of ~" + std::to_string(budget) +
                               " tokens");
    }
    item.trimmed = true;
  }
  items.erase(std::remove_if(items.begin(), items.end(), [](const ContextItem& i) { return i.trimmed && i.text.empty(); }),
              items.end());
  report.total_tokens = total(items);
  return report;
}

}  // namespace byok::context
