-- :ByokUsage: tokens and cost per model. The engine reports its own session (scope "session") until the
-- shared usage ledger lands; the table says which scope it shows.
local engine = require("byok.engine")

local M = {}

local function money(v) return type(v) == "number" and string.format("$%.4f", v) or "—" end

function M.format(u)
  local lines = { string.format("byok usage (%s)", tostring(u.scope)),
    string.format("  %-36s %8s %10s %10s %10s", "model", "requests", "input", "output", "cost") }
  for _, m in ipairs(u.byModel or {}) do
    lines[#lines + 1] = string.format("  %-36s %8d %10d %10d %10s", m.model, m.requests or 0, m.inputTokens or 0,
      m.outputTokens or 0, money(m.costUsd))
  end
  local t = u.total or {}
  lines[#lines + 1] = string.format("  %-36s %8d %10d %10d %10s", "total", t.requests or 0, t.inputTokens or 0,
    t.outputTokens or 0, money(t.costUsd))
  return lines
end

function M.command()
  engine.request("byok/usage", {}, function(u, err)
    if err then return vim.notify("byok: usage: " .. engine.describe_error(err), vim.log.levels.ERROR) end
    vim.notify(table.concat(M.format(u), "\n"), vim.log.levels.INFO)
  end)
end

return M
