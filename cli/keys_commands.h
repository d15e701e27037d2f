// `byok keys set|list|rm|test`: the parts of cmd_keys.cpp, one file each. Internal to the CLI.
#pragma once

#include <string>

#include "cli/context.h"

namespace byok::cli {

struct KeyCommandOptions {
  std::string provider;
  std::string name;  // key name; empty = the provider's default key name
  std::string base_url, ca_file;  // keys test only
  bool json = false;              // keys list only
};

int run_keys_set(Context& ctx, const KeyCommandOptions& o);
int run_keys_rm(Context& ctx, const KeyCommandOptions& o);
int run_keys_list(Context& ctx, const KeyCommandOptions& o);
int run_keys_test(Context& ctx, const KeyCommandOptions& o);

}  // namespace byok::cli
