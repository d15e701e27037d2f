-- :ByokKeys [set|list|remove|test] [provider]. A key is typed with inputsecret() (never echoed, never in
-- the command line history) and goes to the engine in the request body; it is never shown again — lists
-- show the last four characters.
local engine = require("byok.engine")

local M = {}

local function report(err, what)
  vim.notify("byok: keys " .. what .. ": " .. engine.describe_error(err), vim.log.levels.ERROR)
end

function M.set(provider)
  if not provider or provider == "" then
    return vim.ui.input({ prompt = "byok: provider for the key: " }, function(p) if p and p ~= "" then M.set(p) end end)
  end
  local key = vim.fn.inputsecret("byok: API key for " .. provider .. ": ")
  if key == "" then return vim.notify("byok: no key entered; nothing changed", vim.log.levels.WARN) end
  engine.request("byok/keys", { action = "set", provider = provider, key = key }, function(result, err)
    if err then return report(err, "set") end
    vim.notify(string.format("byok: key for %s set (…%s, %s)", result.provider, result.last4, result.source),
      vim.log.levels.INFO)
  end)
  key = nil  -- luacheck: ignore (drop our reference so the string can be collected)
end

function M.list()
  engine.request("byok/keys", { action = "list" }, function(result, err)
    if err then return report(err, "list") end
    local lines = { "byok keys:" }
    for _, k in ipairs(result.keys or {}) do
      lines[#lines + 1] = string.format("  %-12s %-10s %-22s …%s", k.provider, k.name, k.source, k.last4)
    end
    if #lines == 1 then lines[#lines + 1] = "  (none: :ByokKeys set PROVIDER)" end
    vim.notify(table.concat(lines, "\n"), vim.log.levels.INFO)
  end)
end

function M.remove(provider)
  if not provider then return vim.notify("byok: :ByokKeys remove PROVIDER", vim.log.levels.ERROR) end
  engine.request("byok/keys", { action = "remove", provider = provider }, function(result, err)
    if err then return report(err, "remove") end
    vim.notify("byok: " .. (result.removed and "removed the stored key for " or "no stored key for ") .. provider,
      vim.log.levels.INFO)
  end)
end

function M.test(provider)
  if not provider then return vim.notify("byok: :ByokKeys test PROVIDER", vim.log.levels.ERROR) end
  engine.request("byok/keys", { action = "test", provider = provider }, function(result, err)
    if err then return report(err, "test") end
    if result.ok then
      vim.notify(string.format("byok: %s works (%s, %d models)", provider, tostring(result.source), result.models or 0),
        vim.log.levels.INFO)
    else
      vim.notify("byok: " .. provider .. ": " .. engine.describe_error(result.error), vim.log.levels.ERROR)
    end
  end)
end

M.actions = { "set", "list", "remove", "test" }

function M.command(opts)
  local action, provider = unpack(vim.split(vim.trim(opts.args or ""), "%s+"))
  if not action or action == "" then
    return vim.ui.select(M.actions, { prompt = "byok keys" }, function(a) if a then M.command({ args = a }) end end)
  end
  if not M[action] or action == "command" or action == "actions" then
    return vim.notify("byok: :ByokKeys " .. action .. ": expected one of " .. table.concat(M.actions, ", "),
      vim.log.levels.ERROR)
  end
  M[action](provider)
end

return M
