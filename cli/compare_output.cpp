#include "cli/compare_output.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/chat_setup.h"
#include "cli/column_view.h"
#include "cli/event_printer.h"

namespace byok::cli {

CompareStyle compare_style(bool json) {
  if (json) return CompareStyle::Json;
  return ::isatty(STDOUT_FILENO) ? CompareStyle::Columns : CompareStyle::Blocks;
}

std::string answer_stats(const compare::CompareAnswer& a) {
  if (a.error) return "error: " + a.error->describe();
  std::string s;
  if (a.summary && a.summary->ttft_ms >= 0) s += "ttft " + std::to_string(a.summary->ttft_ms) + " ms · ";
  char secs[32];
  std::snprintf(secs, sizeof secs, "%.2f s", static_cast<double>(a.latency_ms) / 1000.0);
  s += secs;
  s += " · " + with_commas(a.usage.input_tokens) + "→" + with_commas(a.usage.output_tokens) + " tokens";
  if (a.usage.estimated) s += "*";
  s += " · " + format_usd(a.usage.cost_usd);
  return s;
}

namespace {

nlohmann::json done_fields(const compare::CompareAnswer& a) {
  nlohmann::json j{{"provider", a.provider},
                   {"latency_ms", a.latency_ms},
                   {"input_tokens", a.usage.input_tokens},
                   {"output_tokens", a.usage.output_tokens},
                   {"estimated", a.usage.estimated}};
  if (a.summary) {
    if (a.summary->ttft_ms >= 0) j["ttft_ms"] = a.summary->ttft_ms;
    j["duration_ms"] = a.summary->duration_ms;
  }
  if (a.usage.cost_usd) j["cost_usd"] = *a.usage.cost_usd;
  return j;
}

}  // namespace

Result<std::vector<compare::CompareAnswer>> run_and_show(compare::CompareService& svc, const compare::CompareRequest& req,
                                                         CompareStyle style, const CancelToken& cancel) {
  std::vector<std::string> labels;
  compare::CompareObserver obs;
  std::vector<std::unique_ptr<EventPrinter>> printers;
  std::unique_ptr<ColumnView> view;

  if (style == CompareStyle::Json) {
    obs.on_event = [&](size_t i, const std::string& label, const llm::Event& ev) {
      while (printers.size() <= i) printers.push_back(nullptr);
      if (!printers[i]) printers[i] = std::make_unique<EventPrinter>(true, label);
      printers[i]->on_event(ev);
    };
    obs.on_done = [&](const compare::CompareAnswer& a) {
      EventPrinter p(true, a.label);
      if (a.error) p.on_error(*a.error, done_fields(a));
      else p.on_done(a.summary && a.summary->finish ? a.summary->finish->reason : "stop", done_fields(a));
    };
  } else if (style == CompareStyle::Blocks) {
    obs.on_done = [&](const compare::CompareAnswer& a) {
      std::string block = "== " + a.label + " ==\n" + ColumnView::sanitize(a.text);
      if (!a.text.empty() && a.text.back() != '\n') block += "\n";
      block += "-- " + answer_stats(a) + "\n\n";
      std::fwrite(block.data(), 1, block.size(), stdout);
      std::fflush(stdout);
    };
  } else {
    obs.on_start = [&](size_t i, const std::string& label) {
      if (!view) return;
      view->set_footer(i, "waiting for " + label + " …");
      view->render();
    };
    obs.on_event = [&](size_t i, const std::string&, const llm::Event& ev) {
      if (const auto* d = std::get_if<llm::TextDelta>(&ev)) {
        view->append(i, d->text);
        view->set_footer(i, "streaming…");
        view->render();
      }
    };
    obs.on_done = [&](const compare::CompareAnswer& a) {
      view->set_footer(a.index, answer_stats(a));
      view->render(true);
    
    };
  }
  if (style == CompareStyle::Columns) {
    // Titles are the labels as the user typed them; the service resolves them the same way.
    std::vector<std::string> titles;
    for (const auto& m : req.models) titles.push_back(m.provider.empty() ? m.model : m.provider + ":" + m.model);
    for (const auto& t : req.targets) titles.push_back(t.endpoint.spec.name + ":" + t.model);
    auto [cols, rows] = terminal_size();
    view = std::make_unique<ColumnView>(titles, cols, rows);
  }
  auto answers = svc.run(req, obs, cancel);
  if (view) view->render(true, true);
  return answers;
}

}  // namespace byok::cli
