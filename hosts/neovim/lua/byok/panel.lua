-- Scratch buffers the plugin writes into while text streams: the chat panel and the compare splits.
local M = {}

-- A listed=false scratch buffer with a byok:// name and the given filetype.
function M.scratch(name, filetype)
  local buf = vim.api.nvim_create_buf(false, true)
  vim.bo[buf].bufhidden = "hide"
  vim.bo[buf].swapfile = false
  vim.bo[buf].filetype = filetype or "markdown"
  local ok = pcall(vim.api.nvim_buf_set_name, buf, name)
  if not ok then pcall(vim.api.nvim_buf_set_name, buf, name .. "#" .. buf) end
  return buf
end

-- Appends `text` to the end of `buf`, continuing its last line ("\n" starts new lines).
function M.append_text(buf, text)
  if not vim.api.nvim_buf_is_valid(buf) or text == "" then return end
  local n = vim.api.nvim_buf_line_count(buf)
  local last = vim.api.nvim_buf_get_lines(buf, n - 1, n, false)[1] or ""
  local was = vim.bo[buf].modifiable
  vim.bo[buf].modifiable = true
  vim.api.nvim_buf_set_lines(buf, n - 1, n, false, vim.split(last .. text, "\n", true))
  vim.bo[buf].modifiable = was
end

-- Appends whole lines.
function M.append_lines(buf, lines)
  if not vim.api.nvim_buf_is_valid(buf) then return end
  local was = vim.bo[buf].modifiable
  vim.bo[buf].modifiable = true
  local n = vim.api.nvim_buf_line_count(buf)
  local only = n == 1 and vim.api.nvim_buf_get_lines(buf, 0, 1, false)[1] == ""
  vim.api.nvim_buf_set_lines(buf, only and 0 or n, -1, false, lines)
  vim.bo[buf].modifiable = was
end

-- The whole text of `buf`.
function M.text(buf)
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
end

-- Keeps the last line in view in every window showing `buf` except the current one (the user may be
-- reading further up in it).
function M.follow(buf)
  local current = vim.api.nvim_get_current_win()
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if win ~= current and vim.api.nvim_win_get_buf(win) == buf then
      pcall(vim.api.nvim_win_set_cursor, win, { vim.api.nvim_buf_line_count(buf), 0 })
    end
  end
end

return M
