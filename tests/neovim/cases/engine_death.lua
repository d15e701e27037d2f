-- The engine dies in the middle of a stream: one clear notification (no stack trace), the waiting request
-- ends, and the next command starts a fresh engine that works.
local DEFAULT_REPLY = "Hello from the byok emulator — ünïcødé ✓ 👋."

local function panel_text(child)
  return child:lua([[
    local buf = require("byok.chat").buffer()
    return buf and table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n") or ""
  ]])
end

return {
  {
    name = "engine death mid-stream: a clear notification, then the plugin recovers on the next command",
    run = function(child, T)
      child:lua([[require("byok").setup({})]])
      child:cmd("ByokModel openai:emu-stall")
      child:cmd("ByokChat are you there")
      T.wait_for("the first piece", function() return panel_text(child):find("## Assistant\n\nH", 1, true) end)
      local pid = child:lua("return require('byok.engine').pid()")
      T.truthy(pid, "engine pid")
      vim.loop.kill(pid, 9)
      local note = child:wait_note("the engine stopped unexpectedly")
      T.contains(note.msg, "exit code", "the notice says how it ended")
      T.contains(note.msg, "restarts on the next command", "the notice says what happens next")
      T.truthy(not note.msg:find("stack traceback", 1, true), "no stack trace")
      T.eq(#vim.tbl_filter(function(n) return n.level >= 3 end, child:notes()), 1, "one warning or error notification")
      T.wait_for("the chat to stop waiting", function() return not child:lua("return require('byok.chat').streaming()") end)
      T.contains(panel_text(child), "**error:**", "the panel marks the broken answer")
      -- Recovery.
      child:cmd("ByokModel openai:gpt-4o-mini")
      child:cmd("ByokChat again")
      T.wait_for("an answer from a new engine", function()
        return not child:lua("return require('byok.chat').streaming()") and panel_text(child):find(DEFAULT_REPLY, 1, true)
      end)
      T.truthy(child:lua("return require('byok.engine').pid()") ~= pid, "a new engine process")
      T.contains(panel_text(child), "the engine restarted: a new conversation starts here", "the panel says why")
    end,
  },
  {
    name = "completion keeps working after the engine is killed",
    run = function(child, T)
      T.scenario("gpt-4o-mini", { reply = "rld" })
      child:lua([[require("byok").setup({ completion = { debounce_ms = 20 } })]])
      child:cmd("enew")
      local function ghost()
        return child:lua([[
          local m = vim.api.nvim_buf_get_extmarks(0, vim.api.nvim_create_namespace("byok"), 0, -1, { details = true })[1]
          return m and m[4].virt_text[1][1]
        ]])
      end
      child:input("iwo")
      T.wait_for("ghost text", ghost)
      vim.loop.kill(child:lua("return require('byok.engine').pid()"), 9)
      child:wait_note("the engine stopped unexpectedly")
      child:input("<Esc>ohello wo")
      T.wait_for("ghost text from a new engine", ghost)
    end,
  },
}
