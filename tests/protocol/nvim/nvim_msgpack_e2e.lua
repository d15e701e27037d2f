-- `byok nvim` as a real Neovim RPC job (jobstart with rpc = true): the engine calls Neovim's API itself
-- (buffer lines, extmarks, text edits, nvim_exec_lua for streamed events) while Neovim stays responsive.
package.path = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':h') .. '/?.lua;' .. package.path
local h = require('helpers')
local ok, err = pcall(function()
  local url = h.start_emulator()
  local config, home = h.write_config(url)
  local events = {}
  package.loaded['byok.engine'] = { on_notify = function(method, params) table.insert(events, { method, params }) end }
  local exit_code
  local ch = vim.fn.jobstart({ os.getenv('BYOK_BIN'), '--config', config, 'nvim', '--log-file', home .. '/byok.log' }, {
    rpc = true,
    env = { HOME = home, XDG_CONFIG_HOME = home .. '/config', XDG_DATA_HOME = home .. '/data' },
    on_exit = function(_, code) exit_code = code end,
  })
  h.check(ch > 0, 'jobstart failed')

  local info = vim.rpcrequest(ch, 'byok/setup', { model = 'emu:emu-echo' })
  h.eq(info.protocolVersion, '1.0', 'protocol version')
  local ns = vim.api.nvim_create_namespace('byok')
  h.eq(info.namespace, ns, 'the engine created the byok namespace')

  -- Completion: the engine reads the lines and sets the ghost text extmark during our rpcrequest.
  local buf = vim.api.nvim_create_buf(true, false)
  vim.api.nvim_buf_set_lines(buf, 0, -1, true, { 'local s = "😀中"', 'print(' })
  local r = vim.rpcrequest(ch, 'byok/complete', { buf = buf, row = 1, col = 6 })
  h.eq(r.text, 'echo: local s = "😀中"', 'completion text')
  local marks = vim.api.nvim_buf_get_extmarks(buf, ns, 0, -1, { details = true })
  h.eq(#marks, 1, 'one ghost-text extmark')
  h.eq(marks[1][4].virt_text[1][1], 'echo: local s = "😀中"', 'ghost text')
  h.eq(marks[1][4].virt_text[1][2], 'ByokGhost', 'ghost highlight')

  local acc = vim.rpcrequest(ch, 'byok/accept', { buf = buf })
  h.eq(acc.inserted, true, 'accepted')
  h.eq(vim.api.nvim_buf_get_lines(buf, 0, -1, true), { 'local s = "😀中"', 'print(echo: local s = "😀中"' }, 'inserted text')
  h.eq(#vim.api.nvim_buf_get_extmarks(buf, ns, 0, -1, {}), 0, 'ghost text cleared')

  -- A long request as a notification: Neovim never waits; deltas and the reply arrive as Lua calls.
  vim.rpcnotify(ch, 'byok/request', { method = 'byok/chat', token = 5, params = { prompt = 'hi from nvim' } })
  local reply
  h.check(vim.wait(10000, function()
    for _, e in ipairs(events) do if e[1] == 'byok/reply' then reply = e[2] end end
    return reply ~= nil
  end, 10), 'no byok/reply')
  h.eq(reply.token, 5, 'reply token')
  h.eq(reply.result.text, 'echo: hi from nvim', 'reply text')
  local streamed = ''
  for _, e in ipairs(events) do
    if e[1] == 'byok/chatDelta' and e[2].text then streamed = streamed .. e[2].text end
  end
  h.eq(streamed, 'echo: hi from nvim', 'streamed deltas')

  -- Rewrite lines: the engine replaces them with nvim_buf_set_lines.
  local rw = vim.rpcrequest(ch, 'byok/rewriteBuffer', { buf = buf, startLine = 0, endLine = 1, instruction = 'shout' })
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, true)
  h.eq(lines[1], rw.lines[1], 'rewritten first line')
  h.check(lines[1]:find('^echo: ') ~= nil, 'rewrite applied: ' .. vim.inspect(lines))

  -- Automatic completion after a cursor move in insert mode (debounced, engine-driven).
  vim.rpcrequest(ch, 'byok/setup', { autoComplete = true, debounceMs = 20 })
  local buf2 = vim.api.nvim_create_buf(true, false)
  vim.api.nvim_buf_set_lines(buf2, 0, -1, true, { 'abc' })
  vim.rpcnotify(ch, 'byok/cursorMoved', { buf = buf2, row = 0, col = 3, mode = 'i' })
  h.check(vim.wait(10000, function() return #vim.api.nvim_buf_get_extmarks(buf2, ns, 0, -1, {}) == 1 end, 10),
    'automatic completion showed no ghost text')
  vim.rpcnotify(ch, 'byok/textChanged', { buf = buf2 })
  h.check(vim.wait(5000, function() return #vim.api.nvim_buf_get_extmarks(buf2, ns, 0, -1, {}) == 0 end, 10),
    'typing did not clear the ghost text')

  -- Bad input: a clear error, and the engine keeps serving.
  local okc, e = pcall(vim.rpcrequest, ch, 'byok/complete', { buf = 'x', row = 0, col = 0 })
  h.check(not okc and tostring(e):find('buf: expected integer, got string', 1, true) ~= nil, 'bad param error: ' .. tostring(e))
  local oku, e2 = pcall(vim.rpcrequest, ch, 'byok/nope', {})
  h.check(not oku and tostring(e2):find('unknown method: byok/nope', 1, true) ~= nil, 'unknown method error: ' .. tostring(e2))
  h.eq(vim.rpcrequest(ch, 'byok/usage', {}).scope, 'ledger', 'still serving')

  vim.fn.chanclose(ch)
  h.check(vim.wait(10000, function() return exit_code ~= nil end, 10), 'the engine did not exit when its channel closed')
  h.eq(exit_code, 0, 'exit code')
end)
if not ok then h.fail(tostring(err)) end
h.done()
