// The extractor applied to an action's final answer: the whole text, the first fenced code block, or a
// regex's group 1. When nothing matches that is an error (the answer is kept by the caller), never "".
#pragma once

#include <string>

#include "core/actions/action.h"
#include "core/util/result.h"

namespace byok::actions {

Result<std::string> extract(const Extractor& ex, const std::string& answer);

}  // namespace byok::actions
