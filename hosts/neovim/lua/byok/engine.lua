-- The long-lived engine process (`byok nvim`, msgpack-rpc over stdio) and the plumbing to talk to it.
--
-- Started lazily on first use; stopped on VimLeavePre. Long methods never block Neovim: they go out as the
-- notification `byok/request` {method, params, token} and their outcome comes back as
-- on_notify("byok/reply", {token, result | error}); streamed pieces (byok/chatDelta, byok/rewriteDelta)
-- come to on_notify too and are routed to the request that asked for them by its token.
-- If the engine dies, every waiting request gets an error, the user gets one notification, and the next
-- request starts a fresh engine.
local M = {}

M.PROTOCOL_VERSION = "1.0"

local state = {
  chan = nil,           -- job/channel id of the running engine
  info = nil,           -- byok/setup's result {engineVersion, protocolVersion, namespace}
  next_token = 0,
  pending = {},         -- token -> {method, on_reply, on_stream}
  stderr = {},          -- last lines the engine wrote to stderr (for the death notice)
  stopping = false,
  generation = 0,       -- counts engine starts; what the engine remembers (conversations) is per generation
  listeners = {},       -- functions called when the set of pending requests changes (status line)
}

local function notify(msg, level) vim.notify("byok: " .. msg, level or vim.log.levels.ERROR) end

local function changed()
  for _, fn in ipairs(state.listeners) do pcall(fn) end
end

-- Calls every waiting request's callback with `err`; used when the engine goes away.
local function fail_pending(err)
  local pending = state.pending
  state.pending = {}
  for _, p in pairs(pending) do
    if p.on_reply then pcall(p.on_reply, nil, err) end
  end
  changed()
end

local function on_exit(job, code)
  if job ~= state.chan then return end
  state.chan, state.info = nil, nil
  local was_stopping = state.stopping
  state.stopping = false
  local last = {}
  for i = math.max(1, #state.stderr - 2), #state.stderr do last[#last + 1] = state.stderr[i] end
  local reason = table.concat(last, " | ")
  local waiting = vim.tbl_count(state.pending)
  fail_pending({ code = M.ENGINE_GONE, message = "the byok engine exited (code " .. code .. ")" })
  if not was_stopping then
    notify(string.format("the engine stopped unexpectedly (exit code %d%s)%s; it restarts on the next command",
      code, reason ~= "" and (": " .. reason) or "",
      waiting > 0 and string.format(", %d request(s) failed", waiting) or ""), vim.log.levels.WARN)
  end
end

local function on_stderr(_, data)
  for _, line in ipairs(data or {}) do
    if line ~= "" then
      state.stderr[#state.stderr + 1] = line
      if #state.stderr > 20 then table.remove(state.stderr, 1) end
    end
  end
end

-- Starts the engine unless it runs. Returns the channel, or nil and a message saying what is wrong.
function M.start()
  if state.chan then return state.chan end
  local config = require("byok.config")
  local opts = config.get()
  if vim.fn.executable(opts.cmd) ~= 1 then
    return nil, "engine `" .. opts.cmd .. "` not found: install byok or set setup({cmd = \"/path/to/byok\"})"
  end
  state.stderr = {}
  local ok, job = pcall(vim.fn.jobstart, { opts.cmd, "nvim" }, { rpc = true, on_exit = on_exit, on_stderr = on_stderr })
  if not ok or job <= 0 then
    return nil, "could not start `" .. opts.cmd .. " nvim`: " .. tostring(ok and job or job)
  end
  state.chan = job
  state.generation = state.generation + 1
  local settings = config.engine_settings(opts)
  settings.notify = "require('byok.engine').on_notify"
  settings.autoComplete = false
  local setup_ok, info = pcall(vim.rpcrequest, job, "byok/setup", settings)
  if not setup_ok then
    local why = tostring(info):gsub("^.-Vim:", "")
    if #state.stderr > 0 then why = why .. " (" .. state.stderr[#state.stderr] .. ")" end
    state.stopping = true
    pcall(vim.fn.jobstop, job)
    state.chan = nil
    return nil, "the engine refused its settings: " .. why
  end
  state.info = info
  if info.protocolVersion ~= M.PROTOCOL_VERSION then
    notify(string.format("engine speaks protocol %s, this plugin %s: update one of them",
      tostring(info.protocolVersion), M.PROTOCOL_VERSION), vim.log.levels.WARN)
  end
  return job
end

-- Re-sends the settings to a running engine (setup() called again).
function M.reconfigure()
  if not state.chan then return true end
  local settings = require("byok.config").engine_settings(require("byok.config").get())
  local ok, err = pcall(vim.rpcrequest, state.chan, "byok/setup", settings)
  return ok, err
end

function M.running() return state.chan ~= nil end
function M.generation() return state.generation end
function M.info() return state.info end
function M.pid() return state.chan and vim.fn.jobpid(state.chan) or nil end

function M.stop()
  if not state.chan then return end
  state.stopping = true
  pcall(vim.fn.jobstop, state.chan)
end

-- Sends `method` as a byok/request. on_reply(result, err) runs once; on_stream(method, params) for each
-- streamed notification of this request. Returns the token (for cancel), or nil when the engine could not
-- start (on_reply has then been called with the error).
function M.request(method, params, on_reply, on_stream)
  local chan, why = M.start()
  if not chan then
    if on_reply then on_reply(nil, { code = -32098, message = why }) else notify(why) end
    return nil
  end
  state.next_token = state.next_token + 1
  local token = state.next_token
  state.pending[token] = { method = method, on_reply = on_reply, on_stream = on_stream }
  if params == nil or vim.tbl_isempty(params) then params = vim.empty_dict() end
  vim.rpcnotify(chan, "byok/request", { method = method, params = params, token = token })
  changed()
  return token
end

-- A quick request whose answer is wanted now (model lists for completion of a command line, health).
-- Waits at most `timeout_ms` while Neovim keeps processing events; returns result, err.
function M.request_sync(method, params, timeout_ms)
  local done, result, err = false, nil, nil
  local token = M.request(method, params, function(r, e) done, result, err = true, r, e end)
  if not token and not done then return nil, { message = "engine unavailable" } end
  if not vim.wait(timeout_ms or 10000, function() return done end, 10) then
    M.cancel(token)
    return nil, { message = method .. ": no answer within " .. (timeout_ms or 10000) .. " ms" }
  end
  return result, err
end

function M.cancel(token)
  if token and state.chan and state.pending[token] then
    vim.rpcnotify(state.chan, "byok/cancel", { token = token })
  end
end

function M.notify_engine(method, params)
  if state.chan then vim.rpcnotify(state.chan, method, params) end
end

function M.busy() return next(state.pending) ~= nil end

function M.streaming()
  for _, p in pairs(state.pending) do
    if p.on_stream then return true end
  end
  return false
end

function M.on_change(fn) state.listeners[#state.listeners + 1] = fn end

-- The token of the byok/request a notification belongs to: the client token we put in the params, or the
-- request id the engine gave the invoked method ({token = N}).
local function token_of(params)
  if type(params) ~= "table" then return nil end
  if params.token ~= nil then return params.token end
  if type(params.requestId) == "table" then return params.requestId.token end
  return nil
end

-- Called by the engine through nvim_exec_lua for every notification (see byok/setup's `notify`).
function M.on_notify(method, params)
  local ok, err = pcall(function()
    if method == "byok/reply" then
      local p = state.pending[params.token]
      if not p then return end
      state.pending[params.token] = nil
      changed()
      if p.on_reply then p.on_reply(params.result, params.error) end
    elseif method == "byok/chatDelta" or method == "byok/rewriteDelta" or method == "byok/context" then
      local p = state.pending[token_of(params)]
      if p and p.on_stream then p.on_stream(method, params) end
    elseif method == "byok/error" then
      notify(tostring(params.message), vim.log.levels.WARN)
    elseif method == "byok/protocolError" then
      notify("protocol error from the engine: " .. tostring(params.message))
    end
  end)
  if not ok then notify("while handling " .. tostring(method) .. ": " .. tostring(err)) end
end

-- "provider: 401 invalid key" from an error object of a byok/reply.
function M.describe_error(err)
  if type(err) ~= "table" then return tostring(err) end
  return tostring(err.message or vim.inspect(err))
end

function M.is_cancelled(err) return type(err) == "table" and err.code == -32800 end

-- The engine exited while the request waited (on_exit has already told the user).
M.ENGINE_GONE = -32099
function M.is_engine_gone(err) return type(err) == "table" and err.code == M.ENGINE_GONE end

return M
