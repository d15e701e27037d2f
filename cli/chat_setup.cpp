#include "cli/chat_setup.h"

#include <cstdio>
#include <iostream>

namespace byok::cli {

std::unique_ptr<store::Store> open_store() {
  auto s = store::Store::open(store::Store::default_path());
  if (!s) {
    print_error(s.error());
    return nullptr;
  }
  return std::move(*s);
}

std::optional<ChatSetup> open_chat(Context& ctx) {
  ChatSetup setup;
  setup.store = open_store();
  if (!setup.store) return std::nullopt;
  auto svc = chat::ChatService::create(ctx.cfg, ctx.keys, *ctx.engine, *setup.store, chat::ChatServiceOptions{"cli"});
  if (!svc) {
    print_error(svc.error());
    return std::nullopt;
  }
  setup.chat = std::move(*svc);
  return setup;
}

std::string format_usd(std::optional<double> v) {
  if (!v) return "?";
  char buf[32];
  if (*v != 0 && *v < 0.0001) std::snprintf(buf, sizeof buf, "$%.6f", *v);
  else if (*v != 0 && *v < 0.01) std::snprintf(buf, sizeof buf, "$%.4f", *v);
  else std::snprintf(buf, sizeof buf, "$%.2f", *v);
  return buf;
}

std::string with_commas(int64_t n) {
  std::string s = std::to_string(n < 0 ? -n : n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return n < 0 ? "-" + s : s;
}

std::string describe_estimate(const usage::Estimate& e) {
  std::string out = "~" + with_commas(e.input_tokens) + " tokens in, up to " + with_commas(e.max_output_tokens) + " out";
  out += ", prompt ~" + format_usd(e.input_cost_usd) + ", at most " + format_usd(e.max_cost_usd);
  out += e.context_window > 0 ? " (window " + with_commas(e.context_window) + ")" : " (window unknown)";
  return out;
}

}  // namespace byok::cli
