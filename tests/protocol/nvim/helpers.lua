-- Shared by the headless-Neovim tests: start the emulator, write a config, report and quit with a status.
local M = {}

function M.fail(msg)
  io.stderr:write('FAIL: ' .. msg .. '\n')
  vim.cmd('cquit 1')
end

function M.check(cond, msg)
  if not cond then M.fail(msg) end
end

function M.eq(got, want, what)
  if not vim.deep_equal(got, want) then
    M.fail(what .. ': got ' .. vim.inspect(got) .. ', want ' .. vim.inspect(want))
  end
end

-- Starts byok-emulator (HTTP only) and returns its http_url and the job id.
function M.start_emulator()
  local line
  local job = vim.fn.jobstart({ os.getenv('BYOK_EMULATOR'), '--no-https', '--exit-on-stdin-eof' }, {
    stdout_buffered = false,
    on_stdout = function(_, data)
      if not line and data[1] and data[1] ~= '' then line = data[1] end
    end,
  })
  M.check(job > 0, 'could not start the emulator')
  vim.wait(10000, function() return line ~= nil end, 10)
  M.check(line ~= nil, 'the emulator printed nothing')
  return vim.fn.json_decode(line).http_url, job
end

-- A scratch HOME with config.json pointing at the emulator; returns the config path and the env table.
function M.write_config(http_url)
  local home = vim.fn.tempname()
  vim.fn.mkdir(home .. '/config/byok', 'p')
  local config = home .. '/config/byok/config.json'
  vim.fn.writefile({ vim.fn.json_encode({
    providers = { emu = { preset = 'openai-compatible', base_url = http_url .. '/v1' } },
    default = { provider = 'emu', model = 'emu-echo' },
  }) }, config)
  return config, home
end

function M.done()
  io.stdout:write('ok\n')
  vim.cmd('qall!')
end

return M
