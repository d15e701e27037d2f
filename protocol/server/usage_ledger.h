// Token and cost totals for this engine process, per provider:model. Session-only: the persistent ledger
// (core/usage, SQLite) is a separate issue; when it lands, record() forwards to it and byok/usage reads it.
#pragma once

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/config/provider_spec.h"
#include "core/llm/types.h"

namespace byok::server {

struct UsageTotals {
  int64_t requests = 0, input_tokens = 0, output_tokens = 0;
  double cost_usd = 0;
  bool cost_known = true;  // false once a request had no price
};

// Cost of a request from the provider-reported cost, else the model's configured USD/Mtok prices.
std::optional<double> cost_of(const llm::Usage& u, const config::ProviderSpec& spec, const std::string& model);

class UsageLedger {
 public:
  // Returns the request's cost when known.
  std::optional<double> record(const config::ProviderSpec& spec, const std::string& model, const llm::Usage& usage);
  nlohmann::json to_json() const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, UsageTotals> by_model_;
};

}  // namespace byok::server
