-- byok: commands only. Cheap to load: every module is required when a command first runs; the engine starts
-- on first use. Configure with require("byok").setup({...}) (see :help byok).
if vim.g.loaded_byok then return end
vim.g.loaded_byok = true

if vim.fn.has("nvim-0.7.2") ~= 1 then
  vim.notify("byok needs Neovim 0.7.2 or newer", vim.log.levels.ERROR)
  return
end

local function command(name, module, fn, opts)
  opts.desc = opts.desc or ("byok: " .. name)
  vim.api.nvim_create_user_command(name, function(args)
    require("byok").ensure()
    require(module)[fn](args)
  end, opts)
end

local function complete_models(arglead) return require("byok.status").complete(arglead) end

command("ByokChat", "byok.chat", "command",
  { nargs = "*", range = true, desc = "byok: open the chat panel and send a prompt (% or a range adds context)" })
command("ByokRewrite", "byok.rewrite", "command",
  { nargs = "*", range = true, bang = true, complete = complete_models,
    desc = "byok: rewrite the lines by an instruction (! with several models: compare)" })
command("Byok", "byok.actions", "command",
  { nargs = "*", range = true, complete = function(arglead, line) return require("byok.actions").complete(arglead, line) end,
    desc = "byok: run an action on the lines (:Byok picks one)" })
command("ByokModel", "byok.status", "command",
  { nargs = "?", complete = complete_models, desc = "byok: switch the model (provider:model)" })
command("ByokCompare", "byok.compare", "command",
  { nargs = "+", complete = complete_models, desc = "byok: one answer per model, side by side" })
command("ByokHistory", "byok.history", "command", { nargs = 0, desc = "byok: reopen a past conversation" })
command("ByokKeys", "byok.keys", "command", {
  nargs = "*",
  complete = function(arglead, line)
    local words = vim.split(line, "%s+")
    local items = #words <= 2 and require("byok.keys").actions
      or { "openai", "anthropic", "gemini", "mistral", "codestral", "deepseek", "openrouter", "groq", "xai", "azure", "ollama" }
    return vim.tbl_filter(function(i) return i:sub(1, #arglead) == arglead end, items)
  end,
  desc = "byok: set, list, remove or test API keys",
})
command("ByokUsage", "byok.usage", "command", { nargs = 0, desc = "byok: tokens and cost per model" })
vim.api.nvim_create_user_command("ByokStop", function() require("byok").stop() end,
  { nargs = 0, desc = "byok: cancel what is streaming" })
vim.api.nvim_create_user_command("ByokToggleCompletion", function()
  require("byok").ensure()
  require("byok.completion").toggle()
end, { nargs = 0, desc = "byok: inline completion on/off" })
