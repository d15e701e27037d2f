-- :checkhealth byok reports the engine and its version, the protocol version, the options, a key per
-- provider in use (never the key) and whether the provider answers.
local function health(child)
  child:cmd("checkhealth byok")
  return table.concat(child:lua("return vim.api.nvim_buf_get_lines(0, 0, -1, false)"), "\n")
end

return {
  {
    name = ":checkhealth byok: everything fine",
    run = function(child, T)
      child:lua([[require("byok").setup({})]])
      local text = health(child)
      T.contains(text, "OK: setup() options are valid", "options")
      T.contains(text, "OK: engine found: ", "engine")
      T.truthy(text:find("engine found: [^\n]*/byok %(version %d+%.%d+"), "engine path and version")
      T.contains(text, "OK: protocol 1.0 (engine ", "protocol")
      T.contains(text, "default chat model: openai:gpt-4o-mini", "default model")
      T.contains(text, "OK: openai: key present (env:OPENAI_API_KEY)", "key")
      T.contains(text, "OK: openai: reachable (", "reachable")
      T.truthy(not text:find(T.key, 1, true) and not text:find(T.key:sub(-4), 1, true), "the key is not shown")
      T.truthy(not text:find("ERROR", 1, true), "no errors:\n" .. text)
    end,
  },
  {
    name = ":checkhealth byok: bad option, missing key, unreachable provider",
    child = { no_key = true },
    run = function(child, T)
      child:lua([[require("byok").setup({ chat = { position = "up" }, provider = "anthropic" })]])
      local text = health(child)
      T.contains(text, 'ERROR: option chat.position: expected "left" or "right"', "bad option")
      T.contains(text, ":ByokKeys set anthropic", "advice")
      T.contains(text, "WARNING: anthropic: no key found", "missing anthropic key")
      T.contains(text, "ERROR: anthropic: not reachable", "anthropic")
    end,
  },
  {
    name = ":checkhealth byok: engine not found",
    run = function(child, T)
      child:lua([[require("byok").setup({ cmd = "/nonexistent/byok" })]])
      local text = health(child)
      T.contains(text, "ERROR: engine `/nonexistent/byok` not found on PATH", "engine")
    end,
  },
}
