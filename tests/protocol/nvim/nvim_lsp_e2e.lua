-- Neovim 0.7's built-in LSP client attached to `byok lsp`: initialize, incremental sync with emoji and CJK,
-- inline completion (a custom request: 0.7 has no inline completion UI), a streamed byok/chat through the
-- client's handlers, and the code action's rewrite applied by Neovim itself via workspace/applyEdit.
package.path = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':h') .. '/?.lua;' .. package.path
local h = require('helpers')
local ok, err = pcall(function()
  local url = h.start_emulator()
  local config, home = h.write_config(url)
  local deltas = {}
  local client_id = vim.lsp.start_client({
    name = 'byok',
    cmd = { os.getenv('BYOK_BIN'), '--config', config, 'lsp', '--log-file', home .. '/byok.log' },
    cmd_env = { HOME = home, XDG_CONFIG_HOME = home .. '/config', XDG_DATA_HOME = home .. '/data' },
    handlers = {
      ['byok/chatDelta'] = function(_, params) table.insert(deltas, params) end,
    },
  })
  h.check(client_id ~= nil, 'start_client failed')

  local buf = vim.api.nvim_create_buf(true, false)
  vim.api.nvim_buf_set_name(buf, home .. '/demo.py')
  vim.api.nvim_buf_set_lines(buf, 0, -1, true, { 's = "😀中"', 'print(' })
  vim.bo[buf].filetype = 'python'
  vim.lsp.buf_attach_client(buf, client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  h.check(vim.wait(10000, function() return client.initialized end, 10), 'the client did not initialize')
  h.eq(client.server_capabilities.textDocumentSync.change, 2, 'sync kind')
  h.eq(client.server_capabilities.positionEncoding, 'utf-16', 'position encoding')

  -- An edit after the emoji: Neovim computes the UTF-16 range of the incremental change itself.
  vim.api.nvim_buf_set_text(buf, 0, 9, 0, 9, { 'x' })  -- byte 9: after '😀' (4 bytes) and before '中'
  local uri = vim.uri_from_bufnr(buf)
  local result
  client.request('textDocument/inlineCompletion', {
    textDocument = { uri = uri }, position = { line = 1, character = 6 }, context = { triggerKind = 1 },
  }, function(e, r) result = { e, r } end, buf)
  h.check(vim.wait(10000, function() return result ~= nil end, 10), 'no inlineCompletion reply')
  h.check(result[1] == nil, 'inlineCompletion error: ' .. vim.inspect(result[1]))
  h.eq(result[2].items[1].insertText, 'echo: s = "😀x中"', 'completion sees the edited text')

  -- Streamed chat through Neovim's handler table.
  local chat
  client.request('byok/chat', { prompt = 'hi from neovim' }, function(e, r) chat = { e, r } end, buf)
  h.check(vim.wait(10000, function() return chat ~= nil end, 10), 'no chat reply')
  h.eq(chat[2].text, 'echo: hi from neovim', 'chat text')
  local streamed = ''
  for _, d in ipairs(deltas) do streamed = streamed .. (d.text or '') end
  h.eq(streamed, 'echo: hi from neovim', 'streamed chat deltas')

  -- Code action → executeCommand → workspace/applyEdit, applied by Neovim's own handler.
  local actions
  client.request('textDocument/codeAction', {
    textDocument = { uri = uri }, range = { start = { line = 1, character = 0 }, ['end'] = { line = 1, character = 6 } },
    context = { diagnostics = {} },
  }, function(e, r) actions = { e, r } end, buf)
  h.check(vim.wait(10000, function() return actions ~= nil end, 10), 'no codeAction reply')
  h.eq(actions[2][1].title, 'byok: Rewrite selection…', 'code action title')
  local cmd = actions[2][1].command
  cmd.arguments[1].instruction = 'call print'
  local executed
  client.request('workspace/executeCommand', cmd, function(e, r) executed = { e, r } end, buf)
  h.check(vim.wait(10000, function() return executed ~= nil end, 10), 'no executeCommand reply')
  h.check(executed[1] == nil, 'executeCommand error: ' .. vim.inspect(executed[1]))
  h.eq(executed[2].applied, true, 'applied')
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, true)
  h.check(lines[2]:find('^echo: ') ~= nil, 'the rewrite was applied to the buffer: ' .. vim.inspect(lines))

  client.stop()
  h.check(vim.wait(10000, function() return client.is_stopped() end, 10), 'the server did not stop')
end)
if not ok then h.fail(tostring(err)) end
h.done()
