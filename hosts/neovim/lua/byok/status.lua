-- The status line piece (require("byok").status()) and the model chosen with :ByokModel.
-- status() never talks to the engine: it formats what is cached; refresh() updates today's cost
-- asynchronously after each finished request.
local engine = require("byok.engine")
local config = require("byok.config")

local M = {}

local state = { model = nil, cost = nil }

function M.model_override() return state.model end

function M.set_model(model)
  state.model = model
  vim.notify("byok: model " .. model .. " (chat and rewrite; the conversation continues)", vim.log.levels.INFO)
end

function M.refresh()
  if not engine.running() then return end
  engine.request("byok/usage", {}, function(u)
    -- Cost today, from the shared ledger (every host's requests, not only this Neovim's).
    local t = u and (u.today or u.total)
    if t then state.cost = t.costUsd end
  end)
end

function M.model()
  local cfg = config.get()
  return state.model or cfg.chat.model or cfg.model or (cfg.provider and cfg.provider .. ":default") or "default"
end

function M.status()
  local parts = { "byok " .. M.model() }
  if engine.streaming() then parts[#parts + 1] = "⟳" end
  if type(state.cost) == "number" then parts[#parts + 1] = string.format("$%.4f", state.cost) end
  return table.concat(parts, " ")
end

-- :ByokModel [provider:model]; without an argument, pick from the engine's list.
function M.command(opts)
  local model = (opts.args or ""):gsub("^%s+", ""):gsub("%s+$", "")
  if model ~= "" then return M.set_model(model) end
  engine.request("byok/models", {}, function(result, err)
    if err then return vim.notify("byok: models: " .. engine.describe_error(err), vim.log.levels.ERROR) end
    local labels = {}
    for _, m in ipairs(result.models or {}) do labels[#labels + 1] = m.label end
    vim.ui.select(labels, { prompt = "byok model" }, function(choice) if choice then M.set_model(choice) end end)
  end)
end

-- Command-line completion of model names from the engine (preset list: no network).
function M.complete(arglead)
  local result = engine.request_sync("byok/models", {}, 3000)
  local out = {}
  for _, m in ipairs(result and result.models or {}) do
    if m.label:sub(1, #arglead) == arglead then out[#out + 1] = m.label end
  end
  return out
end

return M
