-- :'<,'>ByokRewrite streams the answer over exactly the selected lines; one undo restores them; a cancel
-- mid-stream closes the upstream request and leaves the buffer as it was.
local ORIGINAL = { "# head ✓", "def f(x):", "    return x", "# tail 👋" }
local REWRITTEN = { "def f(x: int) -> int:", "    return x  # ünïcødé ✓ 👋" }

local function prepare(child, T, scenario)
  T.scenario("gpt-4o-mini", scenario)
  child:lua([[require("byok").setup({})]])
  child:lua("vim.api.nvim_buf_set_lines(0, 0, -1, true, ...)", ORIGINAL)
  child:cmd("set undolevels=100")
  -- Count the writes that reach the buffer (each streamed state of the rewrite is one).
  child:lua([[
    _G.writes = 0
    vim.api.nvim_buf_attach(0, false, { on_lines = function() _G.writes = _G.writes + 1 end })
  ]])
end

local function running(child) return child:lua("return require('byok.rewrite').running()") end

return {
  {
    name = "rewrite replaces exactly the selected lines, multi-byte text intact; one undo restores",
    run = function(child, T)
      prepare(child, T, { reply = table.concat(REWRITTEN, "\n"), token_ms = 15 })
      child:cmd("2,3ByokRewrite add type hints")
      T.wait_for("the rewrite to finish", function() return not running(child) end)
      T.eq(child:lines(), { ORIGINAL[1], REWRITTEN[1], REWRITTEN[2], ORIGINAL[4] }, "buffer after the rewrite")
      T.truthy(child:lua("return _G.writes") > 2, "the text streamed into the buffer in several writes")
      local body = T.requests("/chat/completions")[1].body
      local prompt = body.messages[#body.messages].content
      T.contains(prompt, "<selection>\ndef f(x):\n    return x", "the request carries the selection")
      T.contains(prompt, "Instruction: add type hints", "the request carries the instruction")
      child:cmd("normal! u")
      T.eq(child:lines(), ORIGINAL, "buffer after one undo")
      child:cmd("redo")
      T.eq(child:lines(), { ORIGINAL[1], REWRITTEN[1], REWRITTEN[2], ORIGINAL[4] }, "buffer after redo")
      T.eq(child:lua("return #_G.notes"), 0, "notifications")
    end,
  },
  {
    name = "cancel mid-stream (:ByokStop) closes the upstream request and leaves a consistent buffer",
    run = function(child, T)
      prepare(child, T, { kind = "stall", reply = "def g(y):\n    pass" })
      child:cmd("2,3ByokRewrite rename")
      T.wait_for("the first piece in the buffer", function() return child:lua("return _G.writes") > 0 end)
      T.truthy(running(child), "the rewrite still runs")
      child:cmd("ByokStop")
      T.wait_for("the rewrite to stop", function() return not running(child) end)
      T.eq(child:lines(), ORIGINAL, "buffer after the cancel")
      child:wait_note("rewrite cancelled")
      local req = T.wait_for("the emulator to see the client go", function()
        local r = T.requests("/chat/completions")[1]
        return r and r.ended and r
      end)
      T.truthy(req.client_closed_early, "the upstream connection was closed before the stream ended")
      child:cmd("normal! u")
      T.eq(child:lines(), ORIGINAL, "buffer after an undo")
    end,
  },
  {
    name = "a provider error puts the lines back and says what failed",
    run = function(child, T)
      prepare(child, T, { kind = "mid_stream_error", reply = "def g(y):\n    pass" })
      child:cmd("2,3ByokRewrite rename")
      child:wait_note("rewrite failed")
      T.eq(child:lines(), ORIGINAL, "buffer after the failure")
    end,
  },
  {
    name = "ByokRewrite! with two models opens a compare view; <CR> picks one as a single change",
    run = function(child, T)
      prepare(child, T, { reply = "unused" })
      T.scenario("model-a", { reply = "A1\nA2 ✓", token_ms = 10 })
      T.scenario("model-b", { reply = "B1 👋", token_ms = 10 })
      local origin = child:lua("return vim.api.nvim_get_current_buf()")
      child:cmd("2,3ByokRewrite! openai:model-a openai:model-b shorten")
      T.eq(child:lua("return #vim.api.nvim_tabpage_list_wins(0)"), 2, "one split per model")
      local splits = child:lua([[
        local out = {}
        for _, s in ipairs(require("byok.compare").splits()) do out[#out + 1] = s.buf end
        return out
      ]])
      T.wait_for("both candidates", function()
        return vim.deep_equal(child:lines(splits[1]), { "A1", "A2 ✓" }) and vim.deep_equal(child:lines(splits[2]), { "B1 👋" })
      end)
      child:wait_note("<CR> in a split")
      child:lua("vim.api.nvim_set_current_win(vim.fn.win_getid(2))")
      child:input("<CR>")
      T.wait_for("the pick to apply", function()
        return vim.deep_equal(child:lines(origin), { ORIGINAL[1], "B1 👋", ORIGINAL[4] })
      end)
      child:lua("vim.api.nvim_set_current_buf(...)", origin)
      child:cmd("normal! u")
      T.eq(child:lines(origin), ORIGINAL, "after one undo")
    end,
  },
  {
    name = "preview mode streams into a diff split; <CR> applies the rewrite as one change",
    run = function(child, T)
      prepare(child, T, { reply = table.concat(REWRITTEN, "\n"), token_ms = 5 })
      child:lua([[require("byok").setup({ rewrite = { preview = true } })]])
      local origin = child:lua("return vim.api.nvim_get_current_buf()")
      child:cmd("2,3ByokRewrite add type hints")
      T.eq(child:lua("return #vim.api.nvim_list_wins()"), 2, "windows: the file and the preview")
      T.truthy(child:lua("return vim.wo.diff"), "the preview is a diff")
      child:wait_note("rewrite ready")
      T.eq(child:lines(origin), ORIGINAL, "the file is untouched before accepting")
      T.eq(child:lines(), { ORIGINAL[1], REWRITTEN[1], REWRITTEN[2], ORIGINAL[4] }, "preview")
      child:input("<CR>")
      T.wait_for("the preview to close", function() return child:lua("return #vim.api.nvim_list_wins()") == 1 end)
      T.eq(child:lines(origin), { ORIGINAL[1], REWRITTEN[1], REWRITTEN[2], ORIGINAL[4] }, "file after accepting")
      child:cmd("normal! u")
      T.eq(child:lines(origin), ORIGINAL, "after one undo")
    end,
  },
  {
    name = "preview mode: q rejects and leaves the file as it was",
    run = function(child, T)
      prepare(child, T, { reply = "x = 1", token_ms = 5 })
      child:lua([[require("byok").setup({ rewrite = { preview = true } })]])
      local origin = child:lua("return vim.api.nvim_get_current_buf()")
      child:cmd("2,3ByokRewrite shorten")
      child:wait_note("rewrite ready")
      child:input("q")
      T.wait_for("the preview to close", function() return child:lua("return #vim.api.nvim_list_wins()") == 1 end)
      T.eq(child:lines(origin), ORIGINAL, "file after rejecting")
      T.eq(child:lua("return vim.wo.diff"), false, "diff mode off again")
    end,
  },
}
