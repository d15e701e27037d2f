-- Test runner for the Neovim plugin, run by CTest as
--   nvim --headless --clean -u NONE -i NONE -c "luafile runner.lua"
-- with BYOK_TEST_CASE (a file under cases/), BYOK_BINARY, BYOK_EMULATOR_BINARY and BYOK_PLUGIN_DIR set.
--
-- This Neovim is the test driver (like mini.test): it starts the real provider emulator (byok-emulator), an
-- isolated XDG config pointing the openai provider at it, and for every test a fresh child Neovim
-- (`nvim --embed --headless`) with the plugin on its runtimepath. Tests drive the child over msgpack-rpc
-- (keys with nvim_input, so insert mode, autocommands and mappings run as they do for a user), look at
-- its buffers and extmarks, and read the emulator's request log. The child starts the real `byok nvim`.
-- Exit status: 0 when every test passed.
local uv = vim.loop

local function out(s) io.stdout:write(s .. "\n") io.stdout:flush() end
local function env(name)
  local v = os.getenv(name)
  if not v or v == "" then
    out("runner: environment variable " .. name .. " is not set")
    os.exit(2)
  end
  return v
end

local case_file = env("BYOK_TEST_CASE")
local byok_bin = env("BYOK_BINARY")
local emulator_bin = env("BYOK_EMULATOR_BINARY")
local plugin_dir = env("BYOK_PLUGIN_DIR")
local TEST_KEY = "sk-test-nvim-key-0123456789abcd"

local T = { key = TEST_KEY }

-- Polls `fn` until it returns a truthy value; fails with `what` after `timeout_ms`.
function T.wait_for(what, fn, timeout_ms)
  local value
  local ok = vim.wait(timeout_ms or 10000, function()
    value = fn()
    return value
  end, 20)
  if not ok then error("timed out waiting for " .. what, 2) end
  return value
end

function T.sleep(ms) vim.wait(ms, function() return false end, 10) end

function T.eq(actual, expected, what)
  if not vim.deep_equal(actual, expected) then
    error(string.format("%s:\n  expected %s\n  got      %s", what or "values differ", vim.inspect(expected),
      vim.inspect(actual)), 2)
  end
end

function T.truthy(v, what)
  if not v then error(what or "expected a true value", 2) end
  return v
end

function T.contains(haystack, needle, what)
  if type(haystack) ~= "string" or not haystack:find(needle, 1, true) then
    error(string.format("%s: %s not found in:\n%s", what or "missing text", vim.inspect(needle), tostring(haystack)), 2)
  end
end

-- The emulator -----------------------------------------------------------------------------------------
local emu = {}
do
  local line
  local job = vim.fn.jobstart({ emulator_bin, "--no-https", "--exit-on-stdin-eof" }, {
    on_stdout = function(_, data)
      for _, l in ipairs(data) do if l:match("^{") and not line then line = l end end
    end,
  })
  if job <= 0 then out("runner: cannot start " .. emulator_bin) os.exit(2) end
  vim.wait(10000, function() return line ~= nil end, 10)
  if not line then out("runner: byok-emulator printed no address") os.exit(2) end
  emu.info = vim.fn.json_decode(line)
  emu.url = emu.info.http_url
  emu.job = job
end

local function curl(args)
  local cmd = { "curl", "-sS", "--max-time", "10" }
  vim.list_extend(cmd, args)
  local text = vim.fn.system(cmd)
  if vim.v.shell_error ~= 0 then error("curl " .. table.concat(args, " ") .. ": " .. text, 3) end
  return text
end

function T.scenario(model, scenario)
  curl({ "-X", "POST", emu.url .. "/_emu/scenario", "-d", vim.fn.json_encode({ model = model, scenario = scenario }) })
end

function T.reset_emulator() curl({ "-X", "POST", emu.url .. "/_emu/reset", "-d", "{}" }) end

-- The emulator's request log (provider requests only), optionally only those whose path ends with `suffix`.
function T.requests(suffix)
  local all = vim.fn.json_decode(curl({ emu.url .. "/_emu/requests" }))
  if not suffix then return all end
  return vim.tbl_filter(function(r) return r.path:sub(-#suffix) == suffix end, all)
end

T.emulator_url = emu.url

-- Isolated config and data -------------------------------------------------------------------------------
local home = vim.fn.tempname()
vim.fn.mkdir(home .. "/config/byok", "p")
vim.fn.mkdir(home .. "/data", "p")
do
  local f = assert(io.open(home .. "/config/byok/config.json", "w"))
  f:write(vim.fn.json_encode({
    default = { provider = "openai", model = "gpt-4o-mini" },
    providers = { openai = { base_url = emu.url .. "/v1" } },
    -- The plugin's handling of multi-line ghost text is under test here; when the engine offers one line
    -- or a block is tested in tests/completion.
    features = { completion = { multiline = "always" } },
    -- An action that asks for the open buffers (tests/neovim/cases/actions.lua).
    actions = { neighbours = { prompt = "{{selection}}\n{{buffers}}", output = "panel" },
                pasted = { prompt = "{{selection}} and {{clipboard}}", output = "panel" } },
  }))
  f:close()
end

-- Child Neovim -----------------------------------------------------------------------------------------
local Child = {}
Child.__index = Child

function T.child(opts)
  opts = opts or {}
  local self = setmetatable({ exited = false }, Child)
  local child_env = {
    XDG_CONFIG_HOME = home .. "/config",
    XDG_DATA_HOME = home .. "/data",
    XDG_STATE_HOME = home .. "/state",
    XDG_CACHE_HOME = home .. "/cache",
    PATH = vim.fn.fnamemodify(byok_bin, ":h") .. ":" .. os.getenv("PATH"),
    OPENAI_API_KEY = opts.no_key and "" or TEST_KEY,
  }
  self.job = vim.fn.jobstart({ "nvim", "--embed", "--headless", "--clean", "-u", "NONE", "-i", "NONE", "-n",
    "--cmd", "set rtp^=" .. plugin_dir, "--cmd", "runtime plugin/byok.lua" }, {
    rpc = true,
    env = child_env,
    on_exit = function() self.exited = true end,
  })
  assert(self.job > 0, "cannot start the child nvim")
  -- Notifications and prompts are recorded instead of shown.
  self:lua([[
    _G.notes = {}
    vim.notify = function(msg, level) table.insert(_G.notes, { msg = tostring(msg), level = level or 2 }) end
    vim.o.columns, vim.o.lines = 160, 50
  ]])
  return self
end

-- Runs `code` in the child; nil comes back as nil (not vim.NIL).
function Child:lua(code, ...)
  local r = vim.rpcrequest(self.job, "nvim_exec_lua", code, { ... })
  if r == vim.NIL then return nil end
  return r
end

function Child:cmd(command) return vim.rpcrequest(self.job, "nvim_command", command) end

-- Keys as a user types them (processed by the child's input loop, not inside this call).
function Child:input(keys)
  vim.rpcrequest(self.job, "nvim_input", keys)
  -- Return once the child has consumed them.
  T.wait_for("the child to take the keys " .. keys, function()
    return vim.rpcrequest(self.job, "nvim_exec_lua", "return vim.fn.getchar(1) == 0", {})
  end, 5000)
end

function Child:lines(buf)
  return self:lua("return vim.api.nvim_buf_get_lines(...,0,-1,false)", buf or 0)
end

function Child:notes() return self:lua("return _G.notes") end

-- The text of every notification so far, one per line.
function Child:notes_text()
  local lines = {}
  for _, n in ipairs(self:notes()) do lines[#lines + 1] = n.msg end
  return table.concat(lines, "\n")
end

function Child:wait_note(needle, timeout_ms)
  return T.wait_for("a notification containing " .. vim.inspect(needle) .. " (got: " .. self:notes_text() .. ")",
    function()
      for _, n in ipairs(self:notes()) do if n.msg:find(needle, 1, true) then return n end end
    end, timeout_ms)
end

-- Lua errors raised in the child's callbacks land in v:errmsg; a test fails on them.
function Child:errmsg() return self:lua("return vim.v.errmsg") end

function Child:close()
  if self.exited then return end
  pcall(vim.rpcnotify, self.job, "nvim_input", "<C-\\><C-n>")  -- out of insert mode first
  pcall(vim.rpcnotify, self.job, "nvim_command", "qa!")
  if not vim.wait(3000, function() return self.exited end, 10) then pcall(vim.fn.jobstop, self.job) end
end

-- Running the cases --------------------------------------------------------------------------------------
local cases = dofile(case_file)
local failed, passed = 0, 0
local started = uv.hrtime()
for _, case in ipairs(cases) do
  T.reset_emulator()
  local child
  local t0 = uv.hrtime()
  local ok, err = xpcall(function()
    child = T.child(case.child)
    case.run(child, T)
    local errmsg = child:errmsg()
    if errmsg ~= "" then error("the child reported an error: " .. errmsg) end
  end, debug.traceback)
  if child then child:close() end
  local ms = (uv.hrtime() - t0) / 1e6
  if ok then
    passed = passed + 1
    out(string.format("ok   %s (%d ms)", case.name, ms))
  else
    failed = failed + 1
    out(string.format("FAIL %s (%d ms)\n%s", case.name, ms, err))
    if child and not child.exited then pcall(function() out("  notifications:\n" .. child:notes_text()) end) end
  end
end
out(string.format("%d passed, %d failed (%d ms)", passed, failed, (uv.hrtime() - started) / 1e6))
vim.fn.jobstop(emu.job)
vim.fn.delete(home, "rf")
os.exit(failed == 0 and 0 or 1)
