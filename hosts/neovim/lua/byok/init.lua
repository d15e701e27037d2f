-- byok for Neovim: require("byok").setup(opts). A thin layer over the long-lived engine (`byok nvim`):
-- ghost-text completion, streamed rewrites, a chat panel, model comparison. See :help byok.
local M = {}

local configured = false

local function define_highlights()
  vim.api.nvim_set_hl(0, "ByokGhost", { link = "Comment", default = true })
end

-- Things every entry point needs, whether or not setup() was called: highlights, stopping the engine on
-- exit.
function M.ensure()
  if configured then return end
  configured = true
  define_highlights()
  local group = vim.api.nvim_create_augroup("byok", { clear = true })
  vim.api.nvim_create_autocmd("ColorScheme", {
    group = group, desc = "byok: restore the default ByokGhost link", callback = define_highlights,
  })
  vim.api.nvim_create_autocmd("VimLeavePre", {
    group = group, desc = "byok: stop the engine", callback = function() require("byok.engine").stop() end,
  })
end

-- Validates and applies `opts`; each bad option is reported (one notification, one line per option) and
-- keeps its default. Returns true when every option was valid.
function M.setup(opts)
  local config = require("byok.config")
  local merged, errors = config.resolve(opts)
  config.set(merged, errors)
  if #errors > 0 then
    vim.notify("byok: invalid option" .. (#errors > 1 and "s" or "") .. ":\n  " .. table.concat(errors, "\n  "),
      vim.log.levels.ERROR)
  end
  M.ensure()
  require("byok.completion").attach()
  local ok, err = require("byok.engine").reconfigure()
  if not ok then vim.notify("byok: the engine refused the new settings: " .. tostring(err), vim.log.levels.ERROR) end
  return #errors == 0
end

-- Status line piece: model, ⟳ while streaming, session cost.
function M.status() return require("byok.status").status() end

-- Stops whatever streams: rewrites, actions, the chat answer, comparisons.
function M.stop()
  local any = require("byok.rewrite").stop()
  any = require("byok.actions").stop() or any
  any = require("byok.chat").stop() or any
  any = require("byok.compare").stop() or any
  if not any then vim.notify("byok: nothing is running", vim.log.levels.INFO) end
  return any
end

return M
