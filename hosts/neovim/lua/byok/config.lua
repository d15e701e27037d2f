-- Options of require("byok").setup(): defaults, validation and the merged result.
--
-- Every option is described once in `schema`; validation walks the user's table against it so that an
-- unknown or mistyped option gets one message naming it ("completion.debounce_ms: expected a number
-- >= 0, got string "fast""). A bad value is dropped (its default stays) instead of breaking the plugin.
local M = {}

-- Schema nodes: { type = "string"|"number"|"boolean"|"table", optional, check = fn(v) -> err?, fields }.
local function str(extra) return vim.tbl_extend("force", { type = "string", optional = true }, extra or {}) end

local function nonempty(v) if v == "" then return "must not be empty" end end

local function url(v)
  if not (v:match("^https?://[^/]")) then return "must start with http:// or https://, got " .. string.format("%q", v) end
end

local function keymap(v)
  if v == false then return nil end
  if type(v) ~= "string" or v == "" then return "expected a key (string) or false, got " .. vim.inspect(v) end
end

local function feature_fields(extra)
  local f = { provider = str({ check = nonempty }), model = str({ check = nonempty }) }
  for k, v in pairs(extra or {}) do f[k] = v end
  return f
end

local schema = {
  type = "table",
  fields = {
    cmd = { type = "string", check = nonempty },
    provider = str({ check = nonempty }),
    model = str({ check = nonempty }),
    base_url = str({ check = url }),
    completion = {
      type = "table",
      fields = feature_fields({
        enabled = { type = "boolean" },
        debounce_ms = { type = "number", check = function(v)
          if v < 0 or v ~= math.floor(v) then return "expected a whole number >= 0, got " .. v end
        end },
        filetypes = { type = "table", check = function(v)
          for ft, on in pairs(v) do
            if type(ft) ~= "string" then return "keys must be filetype names (strings), got " .. vim.inspect(ft) end
            if type(on) ~= "boolean" then
              return "[" .. string.format("%q", ft) .. "] must be true or false, got " .. vim.inspect(on)
            end
          end
        end },
        keymaps = {
          type = "table",
          fields = {
            accept = { type = "any", check = keymap },
            accept_word = { type = "any", check = keymap },
            accept_line = { type = "any", check = keymap },
            dismiss = { type = "any", check = keymap },
            next = { type = "any", check = keymap },
            prev = { type = "any", check = keymap },
          },
        },
      }),
    },
    chat = {
      type = "table",
      fields = feature_fields({
        position = { type = "string", check = function(v)
          if v ~= "left" and v ~= "right" then return 'expected "left" or "right", got ' .. string.format("%q", v) end
        end },
        width = { type = "number", check = function(v)
          if not ((v > 0 and v < 1) or (v >= 10 and v == math.floor(v))) then
            return "expected columns (a whole number >= 10) or a fraction of the screen (0 < width < 1), got " .. v
          end
        end },
      }),
    },
    rewrite = {
      type = "table",
      fields = feature_fields({ preview = { type = "boolean" } }),
    },
  },
}

M.defaults = {
  cmd = "byok",
  completion = {
    enabled = true,
    debounce_ms = 150,
    filetypes = { ["*"] = true, gitcommit = false, gitrebase = false, help = false },
    keymaps = {
      accept = "<Tab>",
      accept_word = "<M-Right>",
      accept_line = "<M-Down>",
      dismiss = "<C-]>",
      next = "<M-]>",
      prev = "<M-[>",
    },
  },
  chat = { position = "right", width = 0.4 },
  rewrite = { preview = false },
}

local current = vim.deepcopy(M.defaults)
local current_errors = {}

local function sorted_keys(t)
  local keys = vim.tbl_keys(t)
  table.sort(keys)
  return keys
end

local function describe(v)
  if type(v) == "string" then return "string " .. string.format("%q", v) end
  if type(v) == "table" then return "table " .. vim.inspect(v, { newline = " ", indent = "" }) end
  return type(v) .. " " .. tostring(v)
end

-- Validates `value` against `node`; appends "path: problem" to `errors`; returns the cleaned value (nil if bad).
local function check(node, value, path, errors)
  if node.type ~= "any" and type(value) ~= node.type then
    errors[#errors + 1] = path .. ": expected " .. (node.type == "table" and "a table" or "a " .. node.type)
      .. ", got " .. describe(value)
    return nil
  end
  if node.check then
    local problem = node.check(value)
    if problem then
      errors[#errors + 1] = path .. ": " .. problem
      return nil
    end
  end
  if not node.fields then return value end
  local out = {}
  for k, v in pairs(value) do
    local child = node.fields[k]
    local child_path = (path == "" and "" or path .. ".") .. tostring(k)
    if not child then
      errors[#errors + 1] = child_path .. ": unknown option (known: " .. table.concat(sorted_keys(node.fields), ", ") .. ")"
    else
      local clean = check(child, v, child_path, errors)
      if clean ~= nil then out[k] = clean end
    end
  end
  return out
end

-- Validates `opts` (nil = no options). Returns the merged options and a list of problems (empty when fine).
function M.resolve(opts)
  local errors = {}
  if opts ~= nil and type(opts) ~= "table" then
    return vim.deepcopy(M.defaults), { "setup(): expected a table of options, got " .. describe(opts) }
  end
  local clean = check(schema, opts or {}, "", errors)
  return vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), clean or {}), errors
end

function M.set(opts, errors)
  current = opts
  current_errors = errors or {}
end
function M.last_errors() return current_errors end
function M.get() return current end

-- The settings object `byok/setup` takes (protocol/README.md, "Settings"): camelCase, no empty tables
-- (msgpack would encode them as arrays).
function M.engine_settings(opts)
  local s = { provider = opts.provider, model = opts.model, baseUrl = opts.base_url }
  for _, feature in ipairs({ "completion", "chat", "rewrite" }) do
    local f = opts[feature] or {}
    if f.provider or f.model then s[feature] = { provider = f.provider, model = f.model } end
  end
  return s
end

return M
