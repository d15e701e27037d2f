-- :ByokHistory: pick a past conversation and reopen it in the chat panel, where the next prompt continues it.
-- Conversations come from the shared database (byok/conversations answers with scope "store"), the same one
-- `byok history` and the other hosts use; the list says which scope it shows.
local engine = require("byok.engine")

local M = {}

local function label(c)
  return string.format("%s  ·  %s  ·  %d messages", tostring(c.title), tostring(c.model or "?"), c.messages or 0)
end

function M.command()
  engine.request("byok/conversations", { action = "list" }, function(result, err)
    if err then return vim.notify("byok: history: " .. engine.describe_error(err), vim.log.levels.ERROR) end
    local list = result.conversations or {}
    if #list == 0 then
      return vim.notify("byok: no conversations yet (scope: " .. tostring(result.scope) .. ")", vim.log.levels.INFO)
    end
    vim.ui.select(list, { prompt = "byok conversations (" .. tostring(result.scope) .. ")", format_item = label },
      function(choice)
        if choice then M.open(choice.id) end
      end)
  end)
end

function M.open(id)
  engine.request("byok/conversations", { action = "get", id = id }, function(conv, err)
    if err then return vim.notify("byok: history: " .. engine.describe_error(err), vim.log.levels.ERROR) end
    require("byok.chat").show_conversation(conv)
  end)
end

return M
