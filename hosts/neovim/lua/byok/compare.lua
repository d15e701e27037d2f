-- Side by side: :ByokCompare m1 m2 … [prompt] (one chat answer per model) and :'<,'>ByokRewrite! m1 m2 …
-- (one rewrite candidate per model, <CR> in a split picks it). Each opens a new tab with one vertical split
-- per model; the engine runs the models at once and every split fills as its stream arrives.
local engine = require("byok.engine")
local panel = require("byok.panel")

local M = {}

-- The split of the model the engine names `label` ("provider:model"), given what the user typed.
local function split_for(splits, label)
  for _, s in ipairs(splits) do
    if s.model == label then return s end
  end
  for _, s in ipairs(splits) do
    if label:sub(-(#s.model + 1)) == ":" .. s.model then return s end
  end
  return nil
end

local function open_splits(models, title, filetype)
  vim.cmd("tabnew")
  local splits = {}
  for i, model in ipairs(models) do
    if i > 1 then vim.cmd("rightbelow vsplit") end
    local buf = panel.scratch("byok://" .. title .. "/" .. i .. "/" .. model, filetype)
    vim.api.nvim_win_set_buf(0, buf)
    vim.wo.wrap = true
    splits[i] = { model = model, buf = buf, win = vim.api.nvim_get_current_win(), text = "" }
  end
  vim.cmd("wincmd =")
  return splits
end

-- Splits the arguments into model names (words with a colon, or every word before "--") and the prompt.
function M.parse(args)
  local models, rest = {}, {}
  local words = vim.split(args or "", "%s+", false)
  local dash
  for i, w in ipairs(words) do if w == "--" then dash = i end end
  for i, w in ipairs(words) do
    if w ~= "" and w ~= "--" then
      if (dash and i < dash) or (not dash and #rest == 0 and w:find(":", 1, true)) then models[#models + 1] = w
      else rest[#rest + 1] = w end
    end
  end
  return models, table.concat(rest, " ")
end

local state = { token = nil, splits = nil }

-- :ByokCompare
function M.command(opts)
  local models, prompt = M.parse(opts.args)
  if #models < 2 then
    vim.notify("byok: :ByokCompare needs at least two models (provider:model) before the prompt", vim.log.levels.ERROR)
    return
  end
  local function go(text)
    if not text or text:match("^%s*$") then return end
    M.chat(models, text)
  end
  if prompt == "" then vim.ui.input({ prompt = "byok compare: " }, go) else go(prompt) end
end

function M.chat(models, prompt)
  local splits = open_splits(models, "compare", "markdown")
  for _, s in ipairs(splits) do
    panel.append_lines(s.buf, { "# " .. s.model, "", "" })
    vim.bo[s.buf].modifiable = false
  end
  state.splits = splits
  state.token = engine.request("byok/compare", { prompt = prompt, models = models }, function(result, err)
    state.token = nil
    if err then
      vim.notify("byok: compare: " .. engine.describe_error(err), engine.is_cancelled(err) and vim.log.levels.INFO
        or vim.log.levels.ERROR)
      return
    end
    for i, r in ipairs(result.results or {}) do
      local s = splits[i]
      if s then
        if r.error then
          panel.append_lines(s.buf, { "", "**error:** " .. engine.describe_error(r.error) })
        else
          local cost = r.usage and type(r.usage.costUsd) == "number" and string.format(", $%.6f", r.usage.costUsd) or ""
          panel.append_lines(s.buf, { "", string.format("_%s · first token %d ms · %d ms%s_", r.model,
            r.ttftMs or 0, r.durationMs or 0, cost) })
        end
      end
    end
    require("byok.status").refresh()
  end, function(_, delta)
    local s = delta.model and split_for(splits, delta.model)
    if s and delta.text and delta.text ~= "" then
      s.text = s.text .. delta.text
      panel.append_text(s.buf, delta.text)
      panel.follow(s.buf)
    end
  end)
end

-- :'<,'>ByokRewrite! m1 m2 … instruction
function M.rewrite(buf, start, stop, instruction, models)
  local ft = vim.bo[buf].filetype
  local splits = open_splits(models, "rewrite", ft)
  local tab = vim.api.nvim_get_current_tabpage()
  local candidates
  local token
  local function close()
    if token then engine.cancel(token) end
    if vim.api.nvim_tabpage_is_valid(tab) and #vim.api.nvim_list_tabpages() > 1 then
      vim.cmd(vim.api.nvim_tabpage_get_number(tab) .. "tabclose")
    end
  end
  for i, s in ipairs(splits) do
    local function pick()
      local c = candidates and candidates[i]
      if not c then return vim.notify("byok: the candidates are still streaming", vim.log.levels.WARN) end
      if c.error then return vim.notify("byok: this model failed: " .. engine.describe_error(c.error), vim.log.levels.WARN) end
      close()
      vim.api.nvim_buf_set_lines(buf, start, stop, true, c.lines)
      vim.notify("byok: applied the rewrite of " .. tostring(c.model), vim.log.levels.INFO)
    end
    vim.keymap.set("n", "<CR>", pick, { buffer = s.buf, desc = "byok: use this rewrite" })
    vim.keymap.set("n", "q", close, { buffer = s.buf, desc = "byok: close the comparison" })
  end
  state.splits = splits
  token = engine.request("byok/rewriteBuffer",
    { buf = buf, startLine = start, endLine = stop, instruction = instruction, models = models },
    function(result, err)
      token = nil
      if err then
        vim.notify("byok: rewrite compare: " .. engine.describe_error(err), vim.log.levels.ERROR)
        return
      end
      candidates = result.candidates
      for i, c in ipairs(candidates) do
        local s = splits[i]
        if s and vim.api.nvim_buf_is_valid(s.buf) then
          vim.api.nvim_buf_set_lines(s.buf, 0, -1, false,
            c.error and { "error: " .. engine.describe_error(c.error) } or c.lines)
        end
      end
      vim.notify("byok: <CR> in a split uses that rewrite, q closes", vim.log.levels.INFO)
    end,
    function(_, delta)
      local s = delta.model and split_for(splits, delta.model)
      if s and delta.text then
        s.text = s.text .. delta.text
        if vim.api.nvim_buf_is_valid(s.buf) then
          vim.api.nvim_buf_set_lines(s.buf, 0, -1, false, vim.split(s.text, "\n", true))
        end
      end
    end)
  state.token = token
end

function M.splits() return state.splits end

function M.stop()
  if state.token then
    engine.cancel(state.token)
    return true
  end
  return false
end

return M
