-- Inline completion: ghost text after the cursor in insert mode.
--
-- The engine reads the buffer, asks the model and draws the suggestion itself (extmark in the "byok"
-- namespace, highlight ByokGhost); its reply {text, row, col} tells us what is on screen. From then on the
-- suggestion is ours: typing its next characters only redraws the rest (no request), accepting inserts it
-- with nvim_buf_set_text, moving away / leaving insert mode / switching buffers clears it. Every other
-- edit asks again; the engine debounces, and a newer request cancels the older one upstream.
local engine = require("byok.engine")
local config = require("byok.config")

local M = {}

local ns = vim.api.nvim_create_namespace("byok")
local has_inline = vim.fn.has("nvim-0.10") == 1

-- The one suggestion on screen: {buf, row, col (anchor, bytes), text, items, index, mark}.
local current = nil
local latest_token = nil   -- the completion request whose reply we still want
local latest_buf = nil     -- and its buffer (the engine may already have drawn there)
local enabled_override = nil  -- :ByokToggleCompletion
local last_seen = nil      -- {buf, tick, row, col} of the last evaluation, so both autocmds act once
local last_error = nil     -- the last failure shown; the same one is not repeated on every keystroke

local redraw_current  -- defined below

local function clear_marks(buf)
  if vim.api.nvim_buf_is_valid(buf) then vim.api.nvim_buf_clear_namespace(buf, ns, 0, -1) end
end

local function render(buf, row, col, text)
  clear_marks(buf)
  if text == "" then return nil end
  local lines = vim.split(text, "\n", true)
  local opts = {
    virt_text = { { lines[1], "ByokGhost" } },
    virt_text_pos = has_inline and "inline" or "overlay",
    hl_mode = "combine",
  }
  if #lines > 1 then
    opts.virt_lines = {}
    for i = 2, #lines do opts.virt_lines[#opts.virt_lines + 1] = { { lines[i], "ByokGhost" } } end
  end
  local ok, mark = pcall(vim.api.nvim_buf_set_extmark, buf, ns, row, col, opts)
  return ok and mark or nil
end

function M.enabled(buf)
  local opts = config.get().completion
  local on = opts.enabled
  if enabled_override ~= nil then on = enabled_override end
  if not on then return false end
  buf = buf or vim.api.nvim_get_current_buf()
  if vim.bo[buf].buftype ~= "" then return false end
  local ft = vim.bo[buf].filetype
  local by_ft = opts.filetypes[ft]
  if by_ft == nil then by_ft = opts.filetypes["*"] end
  return by_ft ~= false
end

function M.toggle()
  enabled_override = not M.enabled()
  if not enabled_override then M.dismiss() end
  vim.notify("byok: inline completion " .. (enabled_override and "on" or "off"), vim.log.levels.INFO)
end

-- The text between the suggestion's anchor and the cursor, or nil when the cursor is not after the anchor
-- in the same buffer.
local function typed_since_anchor(s)
  if not s or s.buf ~= vim.api.nvim_get_current_buf() then return nil end
  local cur = vim.api.nvim_win_get_cursor(0)
  local row, col = cur[1] - 1, cur[2]
  if row < s.row or (row == s.row and col < s.col) then return nil end
  local lines = vim.api.nvim_buf_get_lines(s.buf, s.row, row + 1, false)
  if #lines == 0 then return nil end
  if #lines == 1 then return lines[1]:sub(s.col + 1, col) end
  local parts = { lines[1]:sub(s.col + 1) }
  for i = 2, #lines - 1 do parts[#parts + 1] = lines[i] end
  parts[#parts + 1] = lines[#lines]:sub(1, col)
  return table.concat(parts, "\n")
end

-- What of the suggestion is still to insert, given what was typed since it appeared; nil when the typing
-- departed from it.
local function remaining(s)
  local typed = typed_since_anchor(s)
  if typed == nil or s.text:sub(1, #typed) ~= typed then return nil end
  return s.text:sub(#typed + 1)
end

-- Shows what is left of the current suggestion at the cursor (or nothing).
redraw_current = function()
  local rest = current and current.buf == vim.api.nvim_get_current_buf() and remaining(current)
  if rest and rest ~= "" then
    local cur = vim.api.nvim_win_get_cursor(0)
    current.mark = render(current.buf, cur[1] - 1, cur[2], rest)
  elseif current then
    clear_marks(current.buf)
  end
end

-- Forgets the suggestion and (when `tell_engine`) cancels the engine's running completion for the buffer.
function M.dismiss(tell_engine)
  local s = current
  local pending_buf = latest_buf
  current, latest_token, latest_buf = nil, nil, nil
  if s then clear_marks(s.buf) end
  if pending_buf and (not s or pending_buf ~= s.buf) then clear_marks(pending_buf) end
  if tell_engine ~= false then
    local buf = s and s.buf or vim.api.nvim_get_current_buf()
    engine.notify_engine("byok/clear", { buf = buf })
  end
end

-- The engine draws the suggestion just before it replies; a key pressed between the two must see it.
-- Takes over the engine's mark at the cursor while our request for this buffer is still out.
local function adopt_engine_mark()
  if current or not latest_token then return end
  local buf = vim.api.nvim_get_current_buf()
  if buf ~= latest_buf then return end
  local cur = vim.api.nvim_win_get_cursor(0)
  local marks = vim.api.nvim_buf_get_extmarks(buf, ns, { cur[1] - 1, cur[2] }, { cur[1] - 1, cur[2] }, { details = true })
  local m = marks[1]
  if not m or not m[4].virt_text then return end
  local lines = { m[4].virt_text[1][1] }
  for _, l in ipairs(m[4].virt_lines or {}) do lines[#lines + 1] = l[1][1] end
  local text = table.concat(lines, "\n")
  current = { buf = buf, row = m[2], col = m[3], text = text, items = { text }, index = 1, mark = m[1] }
end

function M.visible()
  adopt_engine_mark()
  return current ~= nil and remaining(current) ~= nil and remaining(current) ~= ""
end

function M.suggestion() return current and remaining(current) or nil end

-- Asks the engine for a completion at the cursor. `explicit` skips the debounce.
function M.request(explicit, on_done)
  local buf = vim.api.nvim_get_current_buf()
  local cur = vim.api.nvim_win_get_cursor(0)
  local row, col = cur[1] - 1, cur[2]
  local opts = config.get().completion
  local params = { buf = buf, row = row, col = col }
  if not explicit and opts.debounce_ms > 0 then params.debounceMs = opts.debounce_ms end
  if opts.model then params.model = opts.model end
  local token
  token = engine.request("byok/complete", params, function(result, err)
    if token ~= latest_token then
      -- A newer request replaced this one, or the suggestion was dismissed; the engine may have drawn it
      -- anyway.
      if current and current.buf == buf then redraw_current()
      elseif buf ~= latest_buf then clear_marks(buf) end
      return
    end
    latest_token, latest_buf = nil, nil
    if err then
      local message = engine.describe_error(err)
      if not engine.is_cancelled(err) and message ~= last_error then
        last_error = message
        vim.notify("byok: completion: " .. message, vim.log.levels.WARN)
      end
      return
    end
    last_error = nil
    local here = vim.api.nvim_win_get_cursor(0)
    local still_here = vim.api.nvim_get_current_buf() == buf and here[1] - 1 == row and here[2] == col
      and vim.fn.mode():sub(1, 1) == "i"
    local adopted = current and current.buf == buf and current.row == row and current.col == col
    if not still_here or result.text == "" then
      -- Typed along a suggestion taken over from the engine's mark before this reply: keep it.
      if adopted and result.text ~= "" then redraw_current() else clear_marks(buf) end
      if on_done then on_done(false) end
      return
    end
    if current and not adopted then current = nil end
    local items = { result.text }
    local index = 1
    if current and current.buf == buf and current.row == row and current.col == col and current.items then
      items, index = current.items, #current.items
      if not vim.tbl_contains(items, result.text) then
        items[#items + 1] = result.text
        index = #items
      end
    end
    current = { buf = buf, row = row, col = col, text = items[index], items = items, index = index }
    current.mark = render(buf, row, col, current.text)
    if on_done then on_done(true) end
  end)
  latest_token, latest_buf = token, token and buf or nil
end

-- Runs on every cursor move and text change in insert mode.
local function on_insert_activity()
  local buf = vim.api.nvim_get_current_buf()
  local cur = vim.api.nvim_win_get_cursor(0)
  local tick = vim.api.nvim_buf_get_changedtick(buf)
  local seen = { buf = buf, tick = tick, row = cur[1], col = cur[2] }
  if last_seen and vim.deep_equal(seen, last_seen) then return end
  local text_changed = not last_seen or last_seen.buf ~= buf or last_seen.tick ~= tick
  last_seen = seen

  local rest = current and remaining(current)
  if rest and rest ~= "" then
    -- Typed (or accepted) part of the suggestion, or moved back within it: show the rest, ask nothing.
    current.mark = render(buf, cur[1] - 1, cur[2], rest)
    return
  end
  if current then M.dismiss(not text_changed) end
  if text_changed and M.enabled(buf) then M.request(false) end
end

-- Inserts `piece` (a prefix of the remaining suggestion) at the cursor and puts the cursor after it.
local function insert(piece)
  local cur = vim.api.nvim_win_get_cursor(0)
  local row, col = cur[1] - 1, cur[2]
  local lines = vim.split(piece, "\n", true)
  vim.api.nvim_buf_set_text(0, row, col, row, col, lines)
  local end_row = row + #lines - 1
  local end_col = (#lines == 1 and col or 0) + #lines[#lines]
  vim.api.nvim_win_set_cursor(0, { end_row + 1, end_col })
end

local function accept_with(pick)
  local rest = current and remaining(current)
  if not rest or rest == "" then return false end
  local piece = pick(rest)
  if piece == "" then return false end
  insert(piece)
  if piece == rest then M.dismiss(false) end
  return true
end

function M.accept() return accept_with(function(rest) return rest end) end

function M.accept_word()
  return accept_with(function(rest)
    return rest:match("^[ \t]*[%w_]+") or rest:match("^[ \t]*[^%w_%s]+") or rest:match("^\n[ \t]*") or rest:sub(1, 1)
  end)
end

function M.accept_line()
  return accept_with(function(rest)
    local line = rest:match("^[^\n]+")
    return line or rest:match("^\n[^\n]*") or rest
  end)
end

local function cycle(step)
  local s = current
  if s and typed_since_anchor(s) == "" and #s.items > 0 then
    local i = s.index + step
    if i >= 1 and i <= #s.items then
      s.index, s.text = i, s.items[i]
      s.mark = render(s.buf, s.row, s.col, s.text)
      return
    end
    if step < 0 then return end
  end
  M.request(true)  -- past the last one: ask for another (kept if it differs)
end

function M.next() cycle(1) end
function M.prev() cycle(-1) end

-- Insert-mode mappings. <Tab> (accept) only acts when a suggestion is visible and no completion menu is
-- open; otherwise the key does what it always does.
local function map(lhs, action, fallback_when_hidden)
  if not lhs then return end
  vim.keymap.set("i", lhs, function()
    if fallback_when_hidden and (vim.fn.pumvisible() == 1 or not M.visible()) then return lhs end
    return "<Cmd>lua require('byok.completion')." .. action .. "()<CR>"
  end, { expr = true, replace_keycodes = true, silent = true, desc = "byok: " .. action:gsub("_", " ") })
end

local attached_keys = {}

function M.attach()
  for _, lhs in ipairs(attached_keys) do pcall(vim.keymap.del, "i", lhs) end
  attached_keys = {}
  local keys = config.get().completion.keymaps
  local actions = {
    { keys.accept, "accept", true },
    { keys.accept_word, "accept_word", true },
    { keys.accept_line, "accept_line", true },
    { keys.dismiss, "dismiss", true },
    { keys.next, "next", false },
    { keys.prev, "prev", false },
  }
  for _, a in ipairs(actions) do
    if a[1] then
      map(a[1], a[2], a[3])
      attached_keys[#attached_keys + 1] = a[1]
    end
  end

  local group = vim.api.nvim_create_augroup("byok_completion", { clear = true })
  vim.api.nvim_create_autocmd({ "TextChangedI", "CursorMovedI" }, {
    group = group, desc = "byok: ask for a suggestion, or follow typing that matches it",
    callback = on_insert_activity,
  })
  vim.api.nvim_create_autocmd("InsertEnter", {
    group = group, desc = "byok: start tracking insert-mode activity",
    callback = function() last_seen = nil end,
  })
  vim.api.nvim_create_autocmd({ "InsertLeave", "BufLeave", "WinLeave" }, {
    group = group, desc = "byok: clear the suggestion",
    callback = function()
      last_seen = nil
      if current or latest_token then M.dismiss(true) end
    end,
  })
end

M.namespace = ns
return M
