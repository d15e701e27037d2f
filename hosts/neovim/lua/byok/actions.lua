-- :[range]Byok {action} [input…]: runs a named action (built-in, your config's "actions", the project's
-- .byok.json) on the lines, like `byok actions run`. The engine gathers the context, renders the prompt,
-- streams the answer and hands back the part to use (byok/runAction); we apply it by the action's output:
--   replace  the lines are replaced (one undo step), unless they changed while the answer streamed;
--   insert   the text goes below the lines;
--   chat / panel  the answer is shown in a scratch window (byok://action/{name}).
-- :Byok without arguments picks one from a list; an action that asks for input ({{input}}) prompts for it.
local engine = require("byok.engine")
local panel = require("byok.panel")
local editor_context = require("byok.editor_context")

local M = {}

local running = {}  -- token -> true
local known = {}    -- name -> action, from the engine's last list

local function remember(result)
  known = {}
  for _, a in ipairs(result and result.actions or {}) do known[a.name] = a end
end

-- Whether the action asks for `kind` of context (in its "context" list, optional or not, or as a placeholder):
-- open buffers and the clipboard are only sent to actions that ask, as they may be large or private.
local function wants(name, kind)
  if not known[name] then remember(engine.request_sync("byok/actions", {}, 3000)) end
  local a = known[name]
  if not a then return false end
  for _, k in ipairs(a.context or {}) do
    if k == kind or k == kind .. "?" then return true end
  end
  local placeholder = "{{%s*" .. kind .. "%s*}}"
  return (a.prompt or ""):match(placeholder) ~= nil or (a.system or ""):match(placeholder) ~= nil
end

-- The system clipboard when Neovim has a provider for it, else the unnamed register.
local function clipboard()
  local ok, text = pcall(vim.fn.getreg, "+")
  if not ok or text == "" then text = vim.fn.getreg('"') end
  return text
end

local function split(text) return vim.split(text, "\n", true) end

-- The actions' names for command-line completion (one quick engine request; empty when it cannot answer).
function M.complete(arglead, line)
  if #vim.split(line, "%s+") > 2 then return {} end
  local result = engine.request_sync("byok/actions", {}, 3000)
  remember(result)
  local names = {}
  for _, a in ipairs(result and result.actions or {}) do
    if a.name:sub(1, #arglead) == arglead then names[#names + 1] = a.name end
  end
  return names
end

-- :Byok without a name: a picker (vim.ui.select, so Telescope/fzf-lua/dressing take over when installed)
-- over the actions with their descriptions; the chosen one runs on the same lines.
local function pick(opts)
  engine.request("byok/actions", {}, function(result, err)
    if err then return vim.notify("byok: actions: " .. engine.describe_error(err), vim.log.levels.ERROR) end
    remember(result)
    vim.ui.select(result.actions, {
      prompt = "byok action",
      format_item = function(a)
        return string.format("%-16s %s  [%s%s]", a.name, a.description or "", a.output,
          a.source == "built-in" and "" or ", " .. a.source)
      end,
    }, function(choice)
      if choice then M.command({ fargs = { choice.name }, line1 = opts.line1, line2 = opts.line2 }) end
    end)
  end)
end

local function show(name, text)
  local buf = panel.scratch("byok://action/" .. name, "markdown")
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, split(text))
  vim.cmd("botright split")
  vim.api.nvim_win_set_buf(0, buf)
  return buf
end

-- Entry point of :Byok. `opts` are the user command's {fargs, line1, line2}.
function M.command(opts)
  local name = opts.fargs[1]
  if not name then return pick(opts) end
  local input = table.concat(vim.list_slice(opts.fargs, 2), " ")
  if input == "" and wants(name, "input") then
    -- An action that asks for text at run time ({{input}}): ask for it, then run.
    return vim.ui.input({ prompt = "byok " .. name .. ": " }, function(text)
      if text and text ~= "" then
        M.command({ fargs = { name, text }, line1 = opts.line1, line2 = opts.line2 })
      end
    end)
  end
  local buf = vim.api.nvim_get_current_buf()
  local start, stop = opts.line1 - 1, opts.line2
  local original = vim.api.nvim_buf_get_lines(buf, start, stop, true)
  local params = { name = name, selection = table.concat(original, "\n") }
  local file = vim.api.nvim_buf_get_name(buf)
  if file ~= "" and vim.bo[buf].buftype == "" then params.uri = file end
  params.languageId = vim.bo[buf].filetype ~= "" and vim.bo[buf].filetype or "text"
  params.fileName = file ~= "" and vim.fn.fnamemodify(file, ":.") or "untitled"
  if input ~= "" then params.input = input end
  params.lines = { first = opts.line1, last = opts.line2 }
  params.diagnostics = editor_context.diagnostics(buf)  -- the engine keeps those on the lines
  if wants(name, "buffers") then params.buffers = editor_context.buffers(buf) end
  if wants(name, "clipboard") then params.clipboard = clipboard() end
  local model = require("byok.status").model_override()
  if model then params.model = model end
  local token
  token = engine.request("byok/runAction", params, function(result, err)
    running[token] = nil
    require("byok.status").refresh()
    if err then
      local level = engine.is_cancelled(err) and vim.log.levels.INFO or vim.log.levels.ERROR
      return vim.notify("byok: " .. name .. ": " .. engine.describe_error(err), level)
    end
    for _, w in ipairs(result.warnings or {}) do vim.notify("byok: warning: " .. w, vim.log.levels.WARN) end
    if result.output == "replace" or result.output == "insert" then
      if not vim.api.nvim_buf_is_valid(buf) then return end
      if result.output == "replace" then
        local now = vim.api.nvim_buf_get_lines(buf, start, stop, false)
        if not vim.deep_equal(now, original) then
          -- Never overwrite what the user typed meanwhile: show the answer instead.
          vim.notify("byok: " .. name .. ": the lines changed while the answer streamed; it is shown instead",
            vim.log.levels.WARN)
          return show(name, result.text)
        end
        vim.api.nvim_buf_set_lines(buf, start, stop, true, split(result.text))
      else
        vim.api.nvim_buf_set_lines(buf, stop, stop, true, split(result.text))
      end
    else
      show(name, result.answer or result.text)
    end
  end, function(method, ctx)
    -- Before the provider is asked: what goes out, with its size, and what was cut or left out.
    if method == "byok/context" then vim.notify("byok: " .. name .. ": " .. editor_context.describe(ctx), vim.log.levels.INFO) end
  end)
  if token then
    running[token] = true
    require("byok.status").refresh()
  end
end

function M.running() return next(running) ~= nil end

-- Cancels every running action. Returns true when one was running.
function M.stop()
  local any = false
  for token in pairs(running) do
    engine.cancel(token)
    any = true
  end
  return any
end

return M
