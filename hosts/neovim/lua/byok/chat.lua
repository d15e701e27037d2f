-- The chat panel: a markdown side split with the conversation. :ByokChat [prompt] opens or focuses it and
-- sends the prompt; answers stream in through byok/chatDelta while the rest of the editor stays usable.
-- The conversation id comes from the engine; later turns continue it (with whatever model is chosen now:
-- the engine sends the earlier turns to the new model).
local engine = require("byok.engine")
local config = require("byok.config")
local panel = require("byok.panel")
local editor_context = require("byok.editor_context")

local M = {}

-- conversation: the engine's id, valid for the engine generation it came from (a restarted engine has
-- forgotten it).
local state = { buf = nil, win = nil, conversation = nil, generation = nil, token = nil }

local function set_conversation(id)
  state.conversation, state.generation = id, engine.generation()
end

local function width()
  local w = config.get().chat.width
  if w < 1 then w = math.floor(vim.o.columns * w) end
  return math.max(20, w)
end

local function panel_keymaps(buf)
  local function map(lhs, fn, desc) vim.keymap.set("n", lhs, fn, { buffer = buf, desc = "byok: " .. desc }) end
  map("<CR>", function() M.ask() end, "ask in the chat")
  map("i", function() M.ask() end, "ask in the chat")
  map("<C-c>", function() M.stop() end, "stop the answer")
  map("q", function() M.close() end, "close the chat panel")
end

local function ensure_buffer()
  if state.buf and vim.api.nvim_buf_is_valid(state.buf) then return state.buf end
  state.buf = panel.scratch("byok://chat", "markdown")
  vim.bo[state.buf].modifiable = false
  panel_keymaps(state.buf)
  return state.buf
end

-- Opens the panel (or finds it). `focus` moves the cursor into it.
function M.open(focus)
  local buf = ensure_buffer()
  if not (state.win and vim.api.nvim_win_is_valid(state.win) and vim.api.nvim_win_get_buf(state.win) == buf) then
    local from = vim.api.nvim_get_current_win()
    local side = config.get().chat.position == "left" and "topleft" or "botright"
    vim.cmd(side .. " vertical " .. width() .. "split")
    state.win = vim.api.nvim_get_current_win()
    vim.api.nvim_win_set_buf(state.win, buf)
    vim.wo[state.win].wrap = true
    vim.wo[state.win].linebreak = true
    vim.wo[state.win].number = false
    if not focus then vim.api.nvim_set_current_win(from) end
  elseif focus then
    vim.api.nvim_set_current_win(state.win)
  end
  return buf
end

function M.close()
  if state.win and vim.api.nvim_win_is_valid(state.win) then vim.api.nvim_win_close(state.win, true) end
  state.win = nil
end

function M.buffer() return state.buf end
function M.conversation() return state.conversation end
function M.streaming() return state.token ~= nil end

-- Context for the prompt: the selected lines (range given) or the whole file ("%" argument).
local function context_of(buf, line1, line2, whole)
  local name = vim.api.nvim_buf_get_name(buf)
  if name == "" then name = "[No Name]" end
  local ft = vim.bo[buf].filetype
  local lines = whole and vim.api.nvim_buf_get_lines(buf, 0, -1, false)
    or vim.api.nvim_buf_get_lines(buf, line1 - 1, line2, false)
  local where = whole and ("File " .. name) or string.format("Lines %d-%d of %s", line1, line2, name)
  local context = {
    text = where .. ":\n```" .. ft .. "\n" .. table.concat(lines, "\n") .. "\n```",
    fileName = vim.fn.fnamemodify(name, ":."),
    -- The editor's diagnostics on those lines go along (the engine shows them as their own context item).
    diagnostics = whole and editor_context.diagnostics(buf) or editor_context.diagnostics(buf, line1, line2),
  }
  if context.diagnostics and #context.diagnostics == 0 then context.diagnostics = nil end
  return context, where
end

-- Sends `prompt` (with optional context: text, or the table context_of makes) as the next turn.
function M.send(prompt, context, context_label)
  if state.token then
    vim.notify("byok: an answer is still streaming (<C-c> in the panel or :ByokStop cancels it)", vim.log.levels.WARN)
    return
  end
  local buf = M.open(false)
  local you = { "", "## You", "" }
  if state.conversation and (not engine.running() or state.generation ~= engine.generation()) then
    state.conversation = nil
    you = { "", "_(the engine restarted: a new conversation starts here)_", "", "## You", "" }
  end
  if context_label then you[#you + 1] = "_(context: " .. context_label .. ")_" end
  vim.list_extend(you, vim.split(prompt, "\n", true))
  vim.list_extend(you, { "", "## Assistant", "", "" })  -- the answer streams into the last line
  panel.append_lines(buf, you)
  panel.follow(buf)
  local params = { prompt = prompt, conversation = state.conversation or "new" }
  local model = require("byok.status").model_override() or config.get().chat.model
  if model then params.model = model end
  if type(context) == "string" then params.context = { text = context } elseif context then params.context = context end
  local got_text = false
  state.token = engine.request("byok/chat", params, function(result, err)
    state.token = nil
    if err then
      local what = engine.is_cancelled(err) and "_(stopped)_" or ("**error:** " .. engine.describe_error(err))
      panel.append_lines(buf, got_text and { "", what } or { what })
      if not engine.is_cancelled(err) and not engine.is_engine_gone(err) then
        vim.notify("byok: chat: " .. engine.describe_error(err), vim.log.levels.ERROR)
      end
    else
      set_conversation(result.id)
      panel.append_lines(buf, { "", "_" .. tostring(result.model) .. "_" })
    end
    panel.follow(buf)
    require("byok.status").refresh()
  end, function(method, delta)
    if method == "byok/context" then
      return vim.notify("byok: chat: " .. editor_context.describe(delta), vim.log.levels.INFO)
    end
    if delta.id and state.conversation == nil then set_conversation(delta.id) end
    if delta.text and delta.text ~= "" then
      got_text = true
      panel.append_text(buf, delta.text)
      panel.follow(buf)
    end
  end)
end

-- Prompts for the next message.
function M.ask(context, context_label)
  vim.ui.input({ prompt = "byok> " }, function(text)
    if text and not text:match("^%s*$") then M.send(text, context, context_label) end
  end)
end

function M.stop()
  if state.token then
    engine.cancel(state.token)
    return true
  end
  return false
end

-- Shows a stored conversation ({id, title, model, messages = {{role, text}}}) and continues it.
function M.show_conversation(conv)
  if state.token then M.stop() end
  local buf = ensure_buffer()
  vim.bo[buf].modifiable = true
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, { "# " .. tostring(conv.title or conv.id) })
  vim.bo[buf].modifiable = false
  for _, m in ipairs(conv.messages or {}) do
    local lines = { "", m.role == "user" and "## You" or "## Assistant", "" }
    vim.list_extend(lines, vim.split(tostring(m.text), "\n", true))
    panel.append_lines(buf, lines)
  end
  set_conversation(conv.id)
  M.open(true)
end

-- Starts over: the next prompt opens a new conversation.
function M.new()
  state.conversation = nil
  if state.buf and vim.api.nvim_buf_is_valid(state.buf) then
    vim.bo[state.buf].modifiable = true
    vim.api.nvim_buf_set_lines(state.buf, 0, -1, false, {})
    vim.bo[state.buf].modifiable = false
  end
end

-- Entry point of :ByokChat. `opts` are the user command's {range, line1, line2, args}.
function M.command(opts)
  local source = vim.api.nvim_get_current_buf()
  local args = opts.args or ""
  local context, label
  if args == "%" or args:match("^%%%s") then
    context, label = context_of(source, 1, 1, true)
    args = args:sub(2):gsub("^%s+", "")
  elseif opts.range and opts.range > 0 then
    context, label = context_of(source, opts.line1, opts.line2, false)
  end
  if args:match("^%s*$") then
    M.open(true)
    if context then M.ask(context, label) end
    return
  end
  M.send(args, context, label)
end

return M
