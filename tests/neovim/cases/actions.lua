-- :Byok {action}: a named action runs on the lines through byok/runAction; "replace" actions replace them
-- (one undo restores), panel actions open a window, an unknown name says which ones exist.
local ORIGINAL = { "# notes", "teh cat sat", "on teh mat", "# end ✓" }

local function prepare(child, T, reply)
  T.scenario("gpt-4o-mini", { reply = reply })
  child:lua([[require("byok").setup({})]])
  child:lua("vim.api.nvim_buf_set_lines(0, 0, -1, true, ...)", ORIGINAL)
  child:cmd("set undolevels=100")
end

local function running(child) return child:lua("return require('byok.actions').running()") end

return {
  {
    name = "a replace action (grammar) replaces exactly the lines; one undo restores them",
    run = function(child, T)
      prepare(child, T, "the cat sat\non the mat ✓")
      child:cmd("2,3Byok grammar")
      T.wait_for("the action to finish", function() return not running(child) end)
      T.eq(child:lines(), { "# notes", "the cat sat", "on the mat ✓", "# end ✓" }, "buffer after the action")
      local body = T.requests("/chat/completions")[1].body
      local prompt = body.messages[#body.messages].content
      T.contains(prompt, "teh cat sat\non teh mat", "the request carries the selected lines")
      T.eq(prompt:find("# end", 1, true), nil, "and nothing outside them")
      child:cmd("normal! u")
      T.eq(child:lines(), ORIGINAL, "buffer after one undo")
    end,
  },
  {
    name = "a panel action (explain) shows the answer in a byok://action window; the buffer is untouched",
    run = function(child, T)
      prepare(child, T, "It is a **note** about a cat.")
      child:cmd("2Byok explain")
      local ok = pcall(T.wait_for, "the action window", function()
        return child:lua("return vim.api.nvim_buf_get_name(0)"):match("byok://action/explain") ~= nil
      end)
      T.truthy(ok, "the action window opened; notes: " .. child:notes_text() .. "; buffer "
        .. child:lua("return vim.api.nvim_buf_get_name(0)"))
      T.eq(child:lua("return vim.api.nvim_buf_get_lines(0, 0, -1, false)"), { "It is a **note** about a cat." },
        "the answer in the window")
      child:cmd("wincmd p")
      T.eq(child:lines(), ORIGINAL, "the buffer is unchanged")
    end,
  },
  {
    name = ":Byok with an unknown action names the known ones; :Byok lists them",
    run = function(child, T)
      prepare(child, T, "unused")
      child:cmd("Byok nosuchthing")
      child:wait_note('unknown action "nosuchthing" (known: ')
      child:cmd("Byok")
      child:wait_note("grammar")
      T.eq(#T.requests("/chat/completions"), 0, "nothing was sent")
      T.eq(child:lua("return require('byok.actions').complete('gr', 'Byok gr')"), { "grammar" }, "completion")
    end,
  },
}
