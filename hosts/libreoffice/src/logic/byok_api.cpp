#include "logic/byok_api.h"

#include "logic/text_diff.h"

namespace byok::lo::api {

using nlohmann::json;

Position position_at(std::u16string_view text, size_t utf16_offset) {
  Position p;
  const size_t end = std::min(utf16_offset, text.size());
  for (size_t i = 0; i < end; ++i) {
    if (text[i] == u'\n') {
      ++p.line;
      p.character = 0;
    } else {
      ++p.character;
    }
  }
  return p;
}

RewriteDocument rewrite_document(std::string uri, std::u16string_view before, std::u16string_view selection,
                                 std::u16string_view after) {
  std::u16string all;
  all.reserve(before.size() + selection.size() + after.size());
  all.append(before).append(selection).append(after);
  RewriteDocument d;
  d.uri = std::move(uri);
  d.start = position_at(all, before.size());
  d.end = position_at(all, before.size() + selection.size());
  d.text = utf16_to_utf8(all);
  return d;
}

namespace {
json to_json(const Position& p) { return {{"line", p.line}, {"character", p.character}}; }
}  // namespace

json did_open(const RewriteDocument& doc) {
  return {{"textDocument", {{"uri", doc.uri}, {"languageId", "plaintext"}, {"version", 1}, {"text", doc.text}}}};
}

json did_close(const std::string& uri) { return {{"textDocument", {{"uri", uri}}}}; }

json rewrite_params(const RewriteDocument& doc, const std::string& instruction, const std::string& model) {
  json p = {{"textDocument", {{"uri", doc.uri}}},
            {"range", {{"start", to_json(doc.start)}, {"end", to_json(doc.end)}}},
            {"instruction", instruction}};
  if (!model.empty()) p["model"] = model;
  return p;
}

std::optional<std::string> rewrite_text(const json& result) {
  if (!result.is_object()) return std::nullopt;
  auto it = result.find("newText");
  if (it == result.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

json run_action_params(const std::string& name, const std::string& selection_utf8, const std::string& title,
                       const std::string& input, const std::string& model, const std::optional<std::string>& clipboard) {
  json p = {{"name", name}, {"selection", selection_utf8}, {"languageId", "text"},
            {"fileName", title.empty() ? std::string("document") : title}};
  if (!input.empty()) p["input"] = input;
  if (clipboard) p["clipboard"] = *clipboard;
  if (!model.empty()) p["model"] = model;
  return p;
}

std::optional<ActionResult> action_result(const json& result) {
  if (!result.is_object()) return std::nullopt;
  auto str = [&](const char* key) -> std::optional<std::string> {
    auto it = result.find(key);
    if (it == result.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  auto output = str("output"), text = str("text");
  if (!output || !text) return std::nullopt;
  return ActionResult{*output, *text, str("answer").value_or(*text)};
}

json chat_params(const std::string& prompt, const std::string& conversation, const std::string& model,
                 const std::string& system, const std::string& context_text) {
  json p = {{"prompt", prompt}, {"conversation", conversation.empty() ? std::string("new") : conversation}};
  if (!model.empty()) p["model"] = model;
  if (!system.empty()) p["system"] = system;
  if (!context_text.empty()) p["context"] = {{"text", context_text}};
  return p;
}

std::optional<Delta> read_delta(const std::string& method, const json& params) {
  if (method != "byok/chatDelta" && method != "byok/rewriteDelta") return std::nullopt;
  if (!params.is_object()) return std::nullopt;
  auto id = params.find("requestId");
  if (id == params.end() || !id->is_number_integer()) return std::nullopt;
  Delta d;
  d.request_id = id->get<int64_t>();
  if (auto t = params.find("text"); t != params.end() && t->is_string()) d.text = t->get<std::string>();
  if (auto m = params.find("model"); m != params.end() && m->is_string()) d.model = m->get<std::string>();
  if (auto done = params.find("done"); done != params.end() && done->is_boolean()) d.done = done->get<bool>();
  if (auto e = params.find("error"); e != params.end() && e->is_object())
    d.error = e->value("message", std::string("the engine reported an error"));
  return d;
}

std::string describe_error(const RpcError& error) {
  std::string msg = error.message.empty() ? "the engine reported an error without a message" : error.message;
  switch (error.code) {
    case -32902:  // kKeyError
      msg += " — set a key in Tools ▸ byok… (stored in byok's encrypted vault) or in the provider's environment variable";
      break;
    case -32905:  // kBudgetError
      msg += " — a byok budget stopped this request; see `byok usage` or raise the budget in byok's config";
      break;
    case -32903:  // kConfigError
      msg += " — check byok's config.json";
      break;
    default:
      break;
  }
  // Callers append further sentences ("The document is unchanged.").
  if (!msg.empty() && msg.back() != '.' && msg.back() != '!' && msg.back() != '?') msg += '.';
  return msg;
}

}  // namespace byok::lo::api
