#include "core/actions/prepare.h"

#include <algorithm>
#include <map>

#include "core/actions/template.h"
#include "core/context/exclusion.h"
#include "core/context/trim.h"
#include "core/usage/estimate.h"

namespace byok::actions {
namespace {

// Which context kind a placeholder draws on.
std::string kind_of_placeholder(const std::string& p) {
  if (p == "filename" || p == "language") return "file_name";  // the path only, not the content
  return p;
}

void add_unique(std::vector<std::string>& v, const std::string& s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

Status missing(const Action& a, const std::string& what) {
  return Error::make(ErrorKind::Config, "action \"" + a.name + "\" needs " + what);
}

}  // namespace

std::vector<std::string> needed_context(const Action& a) {
  std::vector<std::string> kinds;
  for (const auto& k : a.context) add_unique(kinds, strip_optional(k));
  for (const auto* t : {&a.prompt, &a.system})
    if (auto used = template_placeholders(*t))
      for (const auto& p : *used) add_unique(kinds, kind_of_placeholder(p));
  return kinds;
}

Result<PreparedAction> prepare_action(const Action& a, const RunInputs& in, int64_t budget) {
  PreparedAction out;
  context::ExclusionRules rules(in.root);
  auto needed = needed_context(a);
  auto needs = [&](const std::string& k) { return std::find(needed.begin(), needed.end(), k) != needed.end(); };
  std::vector<context::ContextItem> items;
  std::map<std::string, std::string> values;
  std::vector<std::string> left_out;
  // Context the host does not have: an error naming what to provide, or, for an optional kind
  // ("diagnostics?"), an empty placeholder.
  auto absent = [&](const std::string& kind, const std::string& how) -> Status {
    if (!is_optional_context(a, kind)) return missing(a, how);
    values[kind] = "";
    return ok_status();
  };

  if (needs("selection")) {
    if (in.selection_text) {
      items.push_back(context::make_item("selection", in.file ? "selection " + in.file_shown : "selection", *in.selection_text));
    } else if (in.file && in.range) {
      auto s = context::selection_item(*in.file, in.file_shown, *in.range);
      if (!s) return s.error();
      items.push_back(std::move(*s));
    } else {
      return missing(a, "a selection (--file F --range L1:L2)").error();
    }
  }
  // {{filename}}/{{language}} only need a name, which an editor has for an unsaved buffer too.
  if (!in.file && (needs("file") || (needs("file_name") && !in.editor_name))) return missing(a, "a file (--file F)").error();
  if (in.file) {
    // The current file was named by the user (or is the editor's buffer): attach it, but say when it is
    // one that would never be attached implicitly.
    if (auto why = rules.reason(*in.file))
      out.warnings.push_back("using " + in.file_shown + " although it is normally excluded from context: " + *why +
                             " (named explicitly)");
  }
  if (needs("file")) {
    auto f = context::file_item(*in.file, in.file_shown);
    if (!f) return f.error();
    items.push_back(std::move(*f));
  }
  for (const auto& k : {std::string("git_diff"), std::string("git_diff_staged")})
    if (needs(k)) {
      auto d = context::git_diff_item(in.root, k == "git_diff_staged");
      if (!d) return d.error();
      items.push_back(std::move(*d));
    }
  struct Given {
    const char* kind;
    const std::optional<std::string>* value;
    const char* how;
  };
  for (const auto& g : {Given{"input", &in.input, "input text (--input TEXT)"},
                        Given{"clipboard", &in.clipboard, "the clipboard (from the editor)"}}) {
    if (!needs(g.kind)) continue;
    if (*g.value) {
      items.push_back(context::make_item(g.kind, g.kind, **g.value));
    } else if (auto st = absent(g.kind, g.how); !st) {
      return st.error();
    }
  }
  if (needs("diagnostics")) {
    if (in.diagnostics) {
      std::string shown = in.file ? in.file_shown : in.editor_name.value_or("");
      items.push_back(context::diagnostics_item(*in.diagnostics, shown, in.range));
    } else if (auto st = absent("diagnostics", "diagnostics (from the editor, or --diagnostics FILE)"); !st) {
      return st.error();
    }
  }
  if (needs("buffers")) {
    if (in.buffers) {
      auto open = context::buffer_items(*in.buffers, in.file, rules);
      for (auto& i : open.items) items.push_back(std::move(i));
      left_out = std::move(open.notices);
    } else if (auto st = absent("buffers", "open buffers (from the editor)"); !st) {
      return st.error();
    }
  }
  // Files named with @path in the input are attached whether or not the action asks for "files".
  if (in.input) {
    auto named = context::named_files(context::at_paths(*in.input), in.root, rules);
    if (!named) return named.error();
    for (auto& i : named->items) items.push_back(std::move(i));
    for (auto& w : named->warnings) out.warnings.push_back(std::move(w));
  }

  int64_t template_tokens = usage::estimate_tokens(a.prompt) + usage::estimate_tokens(a.system);
  auto trimmed = context::trim_to_budget(items, budget > 0 ? std::max<int64_t>(1, budget - template_tokens) : 0);
  if (!trimmed) return trimmed.error();
  out.notices = std::move(left_out);
  out.notices.insert(out.notices.end(), trimmed->notices.begin(), trimmed->notices.end());
  out.context_tokens = trimmed->total_tokens;

  // Kinds with one item per file ("files", "buffers") render as "--- name ---" sections.
  std::string files_text, buffers_text;
  auto section = [](const context::ContextItem& i, size_t prefix) {
    return "--- " + i.label.substr(prefix) + " ---\n" + i.text + (i.text.empty() || i.text.back() == '\n' ? "" : "\n");
  };
  for (const auto& i : items) {
    if (i.kind == "files")
      files_text += section(i, 5);  // "file "
    else if (i.kind == "buffers")
      buffers_text += section(i, 7);  // "buffer "
    else
      values[i.kind] = i.text;
  }
  if (needs("files") || !files_text.empty()) values["files"] = files_text;
  if (in.buffers && needs("buffers")) values["buffers"] = buffers_text.empty() ? "(no other open buffers)\n" : buffers_text;
  if (in.file) {
    values["filename"] = in.file_shown;
    values["language"] = context::language_of(*in.file);
  } else if (in.editor_name) {
    values["filename"] = *in.editor_name;
    values["language"] = "text";
  }
  if (in.language && !in.language->empty()) values["language"] = *in.language;
  auto prompt = render_template(a.prompt, values);
  if (!prompt) return missing(a, prompt.error().message).error();
  auto system = render_template(a.system, values);
  if (!system) return missing(a, system.error().message).error();
  out.prompt = std::move(*prompt);
  out.system = std::move(*system);

  // Context the action asks for without a placeholder is attached after the prompt, labelled.
  auto used = template_placeholders(a.prompt);
  auto uses = [&](const std::string& k) { return std::find(used->begin(), used->end(), k) != used->end(); };
  for (const auto& i : items) {
    if (uses(i.kind)) continue;
    out.prompt += "\n\n--- " + i.label + " ---\n" + i.text;
  }
  out.items = std::move(items);
  return out;
}

int64_t context_budget(const config::ProviderSpec& spec, const std::string& model, const Action& a) {
  auto info = spec.model_info(model);
  if (!info || info->context <= 0) return 0;
  int64_t room = info->context - usage::answer_reserve(spec, model, a.max_tokens) - usage::kTokensPerMessage * 2;
  return std::max<int64_t>(1, room);
}

chat::TurnRequest turn_request(const Action& a, const PreparedAction& p, const std::string& model_override) {
  chat::TurnRequest t;
  t.selection.model = model_override.empty() ? a.model : model_override;
  t.selection.feature = "chat";
  t.prompt = p.prompt;
  t.system = p.system;
  t.temperature = a.temperature;
  t.max_tokens = a.max_tokens;
  t.kind = "action";
  return t;
}

}  // namespace byok::actions
