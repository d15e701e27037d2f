-- :checkhealth byok — says what is wrong and how to fix it: the engine binary and its version, the
-- protocol version, the plugin options, a key for every provider the options use (never the key itself)
-- and whether each provider answers.
local M = {}

-- vim.health (0.8+) or the 0.7 `health` module.
local h = vim.health or require("health")
local start = h.start or h.report_start
local ok = h.ok or h.report_ok
local warn = h.warn or h.report_warn
local error = h.error or h.report_error
local info = h.info or h.report_info

local function providers_in_use(opts, default_label)
  local seen, out = {}, {}
  local function add(p)
    if p and p ~= "" and not seen[p] then
      seen[p] = true
      out[#out + 1] = p
    end
  end
  local function from_model(m) return m and m:match("^([%w_%-]+):") end
  add(opts.provider)
  add(from_model(opts.model))
  for _, f in ipairs({ "completion", "chat", "rewrite" }) do
    add(opts[f].provider)
    add(from_model(opts[f].model))
  end
  add(from_model(default_label))
  return out
end

function M.check()
  local config = require("byok.config")
  local engine = require("byok.engine")
  local opts = config.get()

  start("byok: plugin options")
  local problems = config.last_errors()
  if #problems == 0 then
    ok("setup() options are valid")
  else
    for _, p in ipairs(problems) do error("option " .. p, { "fix it in require(\"byok\").setup({...}); see :help byok-options" }) end
  end

  start("byok: engine")
  if vim.fn.executable(opts.cmd) ~= 1 then
    error("engine `" .. opts.cmd .. "` not found on PATH",
      { "install byok (see the project README) or set require(\"byok\").setup({cmd = \"/path/to/byok\"})" })
    return
  end
  local version = vim.fn.system({ opts.cmd, "--version" }):gsub("%s+$", "")
  ok("engine found: " .. vim.fn.exepath(opts.cmd) .. " (version " .. version .. ")")
  local chan, why = engine.start()
  if not chan then
    error("the engine does not start: " .. tostring(why), { "run `" .. opts.cmd .. " doctor` in a terminal" })
    return
  end
  local e = engine.info()
  if e.protocolVersion == engine.PROTOCOL_VERSION then
    ok("protocol " .. e.protocolVersion .. " (engine " .. tostring(e.engineVersion) .. ")")
  else
    error(string.format("engine speaks protocol %s, the plugin %s", tostring(e.protocolVersion), engine.PROTOCOL_VERSION),
      { "update the plugin and the engine to the same release" })
  end

  start("byok: providers and keys")
  local est, est_err = engine.request_sync("byok/estimate", { prompt = "health" }, 5000)
  if est_err then
    error("no default model: " .. engine.describe_error(est_err),
      { "set provider/model in setup() or \"default\" in $XDG_CONFIG_HOME/byok/config.json" })
  else
    info("default chat model: " .. tostring(est.model))
  end
  local keys = engine.request_sync("byok/keys", { action = "list" }, 5000) or { keys = {} }
  for _, provider in ipairs(providers_in_use(opts, est and est.model)) do
    local found
    for _, k in ipairs(keys.keys or {}) do
      if k.provider == provider then found = k end
    end
    if found then
      ok(provider .. ": key present (" .. tostring(found.source) .. ")")
    else
      warn(provider .. ": no key found in the engine's sources",
        { ":ByokKeys set " .. provider, "or set the provider's key variable (byok providers lists them)" })
    end
    local test, terr = engine.request_sync("byok/keys", { action = "test", provider = provider }, 15000)
    if terr then
      error(provider .. ": " .. engine.describe_error(terr))
    elseif test.ok then
      ok(provider .. ": reachable (" .. tostring(test.models) .. " models listed)")
    else
      error(provider .. ": not reachable: " .. engine.describe_error(test.error),
        { "check the key, base_url and network; `" .. opts.cmd .. " doctor` tells more" })
    end
  end
end

return M
