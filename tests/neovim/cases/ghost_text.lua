-- Inline completion: the engine's suggestion shows as ghost text, typing it keeps the rest without a new
-- request, accepting inserts exactly it, moving away / leaving insert mode clears it, <Tab> falls back.
local SUGGESTION_1 = "rld(ünï, \"✓\")"
local SUGGESTION_2 = "  print('👋 done')"  -- indented: the engine ends a block at a line indented less
local SUGGESTION = SUGGESTION_1 .. "\n" .. SUGGESTION_2

local function setup(child, T)
  T.scenario("gpt-4o-mini", { reply = SUGGESTION })
  child:lua([[require("byok").setup({ completion = { debounce_ms = 30 } })]])
  child:cmd("enew")
  child:cmd("setfiletype c")  -- (python's ftplugin probes for a Python provider: slow)
end

-- The ghost extmark in the "byok" namespace as {row, col, first line, other lines}, or nil.
local function ghost(child)
  return child:lua([[
    local ns = vim.api.nvim_create_namespace("byok")
    local marks = vim.api.nvim_buf_get_extmarks(0, ns, 0, -1, { details = true })
    if #marks == 0 then return nil end
    local m = marks[#marks]
    local rest = {}
    for _, l in ipairs(m[4].virt_lines or {}) do rest[#rest + 1] = l[1][1] end
    return { row = m[2], col = m[3], text = m[4].virt_text[1][1], hl = m[4].virt_text[1][2], rest = rest, count = #marks }
  ]])
end

local function chat_requests(T) return #T.requests() end

return {
  {
    name = "a pause in insert mode shows the emulator's suggestion as ghost text",
    run = function(child, T)
      setup(child, T)
      child:input("ihello wo")
      local g = T.wait_for("ghost text", function() return ghost(child) end)
      T.eq(g, { row = 0, col = 8, text = SUGGESTION_1, hl = "ByokGhost", rest = { SUGGESTION_2 }, count = 1 },
        "the extmark carries the suggestion")
      T.eq(child:lua("return vim.api.nvim_get_hl_by_name('ByokGhost', true)"),
        child:lua("return vim.api.nvim_get_hl_by_name('Comment', true)"), "ByokGhost links to Comment")
      -- gpt-4o-mini has no FIM endpoint, so the engine asks it through chat with the cursor marked.
      local reqs = T.requests()
      T.eq(#reqs, 1, "requests")
      T.eq(reqs[1].path, "/v1/chat/completions", "endpoint")
      T.eq(reqs[1].body.messages[#reqs[1].body.messages].content:match("hello wo<CURSOR>") ~= nil, true,
        "the request carries the text before the cursor")
    end,
  },
  {
    name = "typing the suggestion's next characters keeps the rest visible without a new request",
    run = function(child, T)
      setup(child, T)
      child:input("ihello wo")
      T.wait_for("ghost text", function() return ghost(child) end)
      T.sleep(200)
      local before = chat_requests(T)
      child:input("rl")
      local g = T.wait_for("the rest of the suggestion", function()
        local g = ghost(child)
        return g and g.col == 10 and g
      end)
      T.eq(g.text, "d(ünï, \"✓\")", "ghost after typing 'rl'")
      T.eq(g.rest, { SUGGESTION_2 }, "the other lines stay")
      child:input("d(ü")  -- a multi-byte character of the suggestion
      g = T.wait_for("the rest after 'd(ü'", function()
        local g = ghost(child)
        return g and g.col == #"hello world(ü" and g
      end)
      T.eq(g.text, "nï, \"✓\")", "ghost after typing 'd(ü'")
      T.sleep(300)  -- ten times the debounce: a request would have gone out by now
      T.eq(chat_requests(T), before, "requests to the emulator after typing along the suggestion")
    end,
  },
  {
    name = "accept (<Tab>) inserts exactly the suggestion",
    run = function(child, T)
      setup(child, T)
      child:input("ihello wo")
      T.wait_for("ghost text", function() return ghost(child) end)
      child:input("<Tab>")
      T.eq(child:lines(), { "hello wo" .. SUGGESTION_1, SUGGESTION_2 }, "buffer after accepting")
      T.eq(child:lua("return vim.api.nvim_win_get_cursor(0)"), { 2, #SUGGESTION_2 }, "cursor after the insertion")
      T.eq(child:lua("return vim.fn.mode()"), "i", "still in insert mode")
    end,
  },
  {
    name = "accept word and accept line take the suggestion piece by piece",
    run = function(child, T)
      setup(child, T)
      child:input("ihello wo")
      T.wait_for("ghost text", function() return ghost(child) end)
      child:input("<M-Right>")
      T.eq(child:lines(), { "hello world" }, "after accept word")
      local g = T.wait_for("the rest after accept word", function()
        local g = ghost(child)
        return g and g.col == 11 and g
      end)
      T.eq(g.text, "(ünï, \"✓\")", "ghost after accept word")
      child:input("<M-Down>")
      T.eq(child:lines(), { "hello wo" .. SUGGESTION_1 }, "after accept line")
    end,
  },
  {
    name = "moving the cursor away, leaving insert mode and switching buffers clear it",
    run = function(child, T)
      setup(child, T)
      child:input("ihello wo")
      T.wait_for("ghost text", function() return ghost(child) end)
      child:input("<Left>")
      T.wait_for("the ghost to go after <Left>", function() return ghost(child) == nil end)
      child:input("<End>x")
      T.wait_for("ghost text again", function() return ghost(child) end)
      child:input("<Esc>")
      T.wait_for("the ghost to go after <Esc>", function() return ghost(child) == nil end)
      child:input("a")
      child:input("y")
      T.wait_for("ghost text again", function() return ghost(child) end)
      local buf = child:lua("return vim.api.nvim_get_current_buf()")
      child:cmd("set hidden")
      child:input("<Cmd>enew<CR>")  -- still in insert mode: only the buffer switch clears it
      T.eq(child:lua([[return #vim.api.nvim_buf_get_extmarks(..., vim.api.nvim_create_namespace("byok"), 0, -1, {})]], buf),
        0, "ghost marks left in the first buffer")
    end,
  },
  {
    name = "<Tab> inserts a tab when no suggestion is visible; :ByokToggleCompletion stops requests",
    run = function(child, T)
      setup(child, T)
      child:cmd("ByokToggleCompletion")
      child:cmd("set noexpandtab")
      child:input("i<Tab>x")
      T.sleep(200)
      T.eq(child:lines(), { "\tx" }, "buffer")
      T.eq(chat_requests(T), 0, "requests with completion off")
      T.eq(ghost(child), nil, "ghost")
    end,
  },
  {
    name = "completion.filetypes turns completion off for a filetype",
    run = function(child, T)
      child:lua([[require("byok").setup({ completion = { debounce_ms = 10, filetypes = { c = false } } })]])
      child:cmd("enew")
      child:cmd("setfiletype c")
      child:input("ihello wo")
      T.sleep(200)
      T.eq(chat_requests(T), 0, "requests in a disabled filetype")
      child:input("<Esc>")
      child:cmd("setfiletype lua")
      child:input("ax")
      T.wait_for("ghost text in an enabled filetype", function() return ghost(child) end)
    end,
  },
}
