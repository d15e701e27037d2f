-- :ByokUsage: tokens and cost today and this month from the shared usage ledger (the same rows as
-- `byok usage`: every host's requests), then this month per model.
local engine = require("byok.engine")

local M = {}

local function money(v) return type(v) == "number" and string.format("$%.4f", v) or "—" end

local function row(label, t)
  t = t or {}
  local mark = (t.estimatedRequests or 0) > 0 and " ~" or ""  -- some token counts are estimates
  return string.format("  %-36s %8d %10d %10d %10s%s", label, t.requests or 0, t.inputTokens or 0,
    t.outputTokens or 0, money(t.costUsd), mark)
end

function M.format(u)
  local header = string.format("  %-36s %8s %10s %10s %10s", "", "requests", "input", "output", "cost")
  local lines = { "byok usage (" .. tostring(u.scope) .. ")", header, row("today", u.today), row("this month", u.month or u.total),
    "", "  this month by model:" }
  for _, m in ipairs(u.byModel or {}) do lines[#lines + 1] = row(m.model, m) end
  if #(u.byModel or {}) == 0 then lines[#lines + 1] = "  (no requests yet)" end
  return lines
end

function M.command()
  engine.request("byok/usage", {}, function(u, err)
    if err then return vim.notify("byok: usage: " .. engine.describe_error(err), vim.log.levels.ERROR) end
    vim.notify(table.concat(M.format(u), "\n"), vim.log.levels.INFO)
  end)
end

return M
