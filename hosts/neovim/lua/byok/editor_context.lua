-- What Neovim knows around the text an action or a chat turn is about, in the shapes the engine reads
-- (protocol/README.md): the buffer's diagnostics as LSP Diagnostic[] (vim.diagnostic's severities are
-- LSP's: 1 error … 4 hint) and the other listed, loaded file buffers. The engine decides what is attached
-- (diagnostics in the selected lines; buffers that the exclusion rules allow) and says what it left out.
local M = {}

-- Diagnostics of `buf` (all, or those overlapping lines first..last, 1-based) as LSP Diagnostic[].
function M.diagnostics(buf, first, last)
  if not vim.diagnostic then return nil end
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local end_lnum = d.end_lnum or d.lnum
    if not first or (end_lnum + 1 >= first and d.lnum + 1 <= last) then
      out[#out + 1] = {
        range = {
          start = { line = d.lnum, character = d.col or 0 },
          ["end"] = { line = end_lnum, character = d.end_col or d.col or 0 },
        },
        severity = d.severity or 1,
        message = d.message or "",
        source = d.source,
      }
    end
  end
  return out
end

-- The listed, loaded buffers holding a file, other than `except`: {name (relative), uri (path), text}.
function M.buffers(except)
  local out = {}
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if b ~= except and vim.api.nvim_buf_is_loaded(b) and vim.bo[b].buflisted and vim.bo[b].buftype == "" then
      local name = vim.api.nvim_buf_get_name(b)
      if name ~= "" then
        local lines = vim.api.nvim_buf_get_lines(b, 0, -1, false)
        out[#out + 1] = { name = vim.fn.fnamemodify(name, ":."), uri = name, text = table.concat(lines, "\n") .. "\n" }
      end
    end
  end
  return out
end

-- The engine's byok/context notification as one line: "context: selection a.py (~8 tokens), …", then what
-- was cut or left out.
function M.describe(ctx)
  local parts = {}
  for _, i in ipairs(ctx.items or {}) do
    parts[#parts + 1] = string.format("%s (~%d tokens%s)", i.label, i.tokens or 0, i.trimmed and ", trimmed" or "")
  end
  local text = "context: " .. (#parts > 0 and table.concat(parts, ", ") or "none")
  for _, n in ipairs(ctx.notices or {}) do text = text .. "\n" .. n end
  return text
end

return M
