-- :'<,'>ByokRewrite [instruction]: the selected lines are replaced by the model's rewrite as it streams.
--
-- The engine (byok/rewriteBuffer with apply = false) reads the lines and streams the new text; we write each
-- state of it over the region, joining every write into the first one's undo block (`undojoin`) so that a
-- single `u` restores the original. A cancel or an error puts the original lines back (also in that block),
-- so the buffer is never left half old, half new. An extmark tracks the region's first line, so edits above
-- it during the stream do not shift where we write.
--
-- preview = true: the rewrite streams into a scratch buffer shown as a diff next to the original; accept
-- (<CR>) applies it as one change, reject (q) closes it.
local engine = require("byok.engine")
local config = require("byok.config")

local M = {}

local track_ns = vim.api.nvim_create_namespace("byok_rewrite")
local jobs = {}  -- buf -> running job

local function split(text) return vim.split(text, "\n", true) end

-- Replaces the job's region with `lines`, joined to the previous write's undo block.
local function write(job, lines)
  if not vim.api.nvim_buf_is_valid(job.buf) then return end
  local pos = vim.api.nvim_buf_get_extmark_by_id(job.buf, track_ns, job.mark, {})
  local start = pos[1] or job.start
  vim.api.nvim_buf_call(job.buf, function()
    if job.written then pcall(vim.cmd, "undojoin") end
    vim.api.nvim_buf_set_lines(job.buf, start, start + job.count, false, lines)
  end)
  job.count = #lines
  job.written = true
end

local function finish(job)
  jobs[job.buf] = nil
  if vim.api.nvim_buf_is_valid(job.buf) then vim.api.nvim_buf_del_extmark(job.buf, track_ns, job.mark) end
  require("byok.status").refresh()
end

local function stream_in_place(buf, start, stop, instruction, model)
  if jobs[buf] then
    vim.notify("byok: a rewrite is already running in this buffer (:ByokStop cancels it)", vim.log.levels.WARN)
    return
  end
  local original = vim.api.nvim_buf_get_lines(buf, start, stop, true)
  local job = { buf = buf, start = start, count = stop - start, original = original, text = "", written = false }
  job.mark = vim.api.nvim_buf_set_extmark(buf, track_ns, start, 0, { right_gravity = false })
  jobs[buf] = job
  local params = { buf = buf, startLine = start, endLine = stop, instruction = instruction, apply = false }
  if model then params.model = model end
  job.token = engine.request("byok/rewriteBuffer", params, function(result, err)
    if err then
      if job.written then write(job, job.original) end
      finish(job)
      if engine.is_cancelled(err) then
        vim.notify("byok: rewrite cancelled; the lines are as they were", vim.log.levels.INFO)
      else
        vim.notify("byok: rewrite failed: " .. engine.describe_error(err) .. "; the lines are as they were",
          vim.log.levels.ERROR)
      end
      return
    end
    write(job, result.lines)
    finish(job)
  end, function(_, delta)
    if delta.text and delta.text ~= "" then
      job.text = job.text .. delta.text
      write(job, split(job.text))
    end
  end)
  if not job.token then jobs[buf] = nil end
end

-- A scratch buffer with the whole file, the region replaced as the rewrite streams, diffed against the
-- original window. <CR> applies, q rejects.
local function stream_preview(buf, start, stop, instruction, model)
  local all = vim.api.nvim_buf_get_lines(buf, 0, -1, true)
  local origin_win = vim.api.nvim_get_current_win()
  local scratch = vim.api.nvim_create_buf(false, true)
  vim.bo[scratch].bufhidden = "wipe"
  vim.bo[scratch].filetype = vim.bo[buf].filetype
  pcall(vim.api.nvim_buf_set_name, scratch, "byok://rewrite-preview/" .. buf)
  vim.api.nvim_buf_set_lines(scratch, 0, -1, false, all)
  vim.cmd("vertical rightbelow split")
  local preview_win = vim.api.nvim_get_current_win()
  vim.api.nvim_win_set_buf(preview_win, scratch)
  vim.cmd("diffthis")
  vim.api.nvim_win_call(origin_win, function() vim.cmd("diffthis") end)
  local count, text, final = stop - start, "", nil
  local function show(lines)
    if not vim.api.nvim_buf_is_valid(scratch) then return end
    vim.api.nvim_buf_set_lines(scratch, start, start + count, false, lines)
    count = #lines
  end
  local token
  local function close()
    if token then engine.cancel(token) end
    if vim.api.nvim_win_is_valid(origin_win) then vim.api.nvim_win_call(origin_win, function() vim.cmd("diffoff") end) end
    if vim.api.nvim_win_is_valid(preview_win) then vim.api.nvim_win_close(preview_win, true) end
  end
  local function accept()
    if not final then
      vim.notify("byok: the rewrite is still streaming", vim.log.levels.WARN)
      return
    end
    local lines = final
    close()
    vim.api.nvim_buf_set_lines(buf, start, stop, true, lines)
  end
  vim.keymap.set("n", "<CR>", accept, { buffer = scratch, desc = "byok: accept the rewrite" })
  vim.keymap.set("n", "ga", accept, { buffer = scratch, desc = "byok: accept the rewrite" })
  vim.keymap.set("n", "q", close, { buffer = scratch, desc = "byok: reject the rewrite" })
  vim.keymap.set("n", "<C-c>", function() if token then engine.cancel(token) end end,
    { buffer = scratch, desc = "byok: stop the rewrite" })
  local params = { buf = buf, startLine = start, endLine = stop, instruction = instruction, apply = false }
  if model then params.model = model end
  token = engine.request("byok/rewriteBuffer", params, function(result, err)
    token = nil
    if err then
      vim.notify("byok: rewrite " .. (engine.is_cancelled(err) and "cancelled" or "failed: " .. engine.describe_error(err)),
        vim.log.levels.WARN)
      return
    end
    final = result.lines
    show(final)
    pcall(vim.cmd, "diffupdate")
    vim.notify("byok: rewrite ready — <CR> accepts, q rejects", vim.log.levels.INFO)
  end, function(_, delta)
    if delta.text and delta.text ~= "" then
      text = text .. delta.text
      show(split(text))
    end
  end)
end

-- Splits ":ByokRewrite! m1 m2 instruction…" into models (leading words with a colon) and the instruction.
local function parse_models(args)
  local models, rest = {}, {}
  for _, word in ipairs(vim.split(args, "%s+", false)) do
    if #rest == 0 and word:match("^[%w%._-]+:[^%s]+$") then models[#models + 1] = word
    elseif word ~= "" then rest[#rest + 1] = word end
  end
  return models, table.concat(rest, " ")
end

-- Entry point of :ByokRewrite. `opts` are the user command's {line1, line2, args, bang}.
function M.command(opts)
  local buf = vim.api.nvim_get_current_buf()
  local start, stop = opts.line1 - 1, opts.line2
  local models, instruction = {}, opts.args or ""
  if opts.bang then models, instruction = parse_models(instruction) end
  local function go(text)
    if not text or text:match("^%s*$") then return end
    if opts.bang then
      if #models < 2 then
        vim.notify("byok: :ByokRewrite! needs at least two provider:model names before the instruction",
          vim.log.levels.ERROR)
        return
      end
      return require("byok.compare").rewrite(buf, start, stop, text, models)
    end
    local cfg = config.get().rewrite
    local model = require("byok.status").model_override() or cfg.model
    if cfg.preview then stream_preview(buf, start, stop, text, model) else stream_in_place(buf, start, stop, text, model) end
  end
  if instruction:match("^%s*$") then
    vim.ui.input({ prompt = "byok rewrite: " }, go)
  else
    go(instruction)
  end
end

-- Cancels the rewrite running in `buf` (default: every rewrite). Returns true when one was running.
function M.stop(buf)
  local any = false
  for b, job in pairs(jobs) do
    if buf == nil or b == buf then
      engine.cancel(job.token)
      any = true
    end
  end
  return any
end

function M.running(buf) return jobs[buf or vim.api.nvim_get_current_buf()] ~= nil end

return M
