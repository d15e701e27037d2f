// Action templates: `{{name}}` placeholders filled from the run's context. Only known names are
// placeholders; an unknown one is an error naming it (never an empty string), and a placeholder whose
// context is missing is an error saying what to provide. Values are inserted once, never re-expanded,
// so a selection containing "{{x}}" stays as it is.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/util/result.h"

namespace byok::actions {

// selection, file, filename, language, input, diagnostics, git_diff, git_diff_staged, clipboard, files, buffers
const std::vector<std::string>& placeholder_names();

// The placeholders a template uses, in order of first use; an unknown one is an error naming it.
Result<std::vector<std::string>> template_placeholders(const std::string& tmpl);

// Fills the template. `values` holds what the run has; a used placeholder without a value is an error.
Result<std::string> render_template(const std::string& tmpl, const std::map<std::string, std::string>& values);

}  // namespace byok::actions
