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
    name = ":Byok with an unknown action names the known ones; :Byok picks one; a missing input is asked for",
    run = function(child, T)
      prepare(child, T, "unused")
      child:cmd("Byok nosuchthing")
      child:wait_note('unknown action "nosuchthing" (known: ')
      T.eq(#T.requests("/chat/completions"), 0, "nothing was sent")
      T.eq(child:lua("return require('byok.actions').complete('gr', 'Byok gr')"), { "grammar" }, "completion")
      -- The picker (vim.ui.select) offers every action with its description; choosing one runs it.
      child:lua([[
        vim.ui.select = function(items, opts, on_choice)
          _G.picked_from = {}
          for _, a in ipairs(items) do table.insert(_G.picked_from, opts.format_item(a)) end
          for _, a in ipairs(items) do if a.name == "explain" then return on_choice(a) end end
        end
        vim.ui.input = function(opts, on_confirm) _G.input_prompt = opts.prompt; on_confirm("German") end
      ]])
      child:cmd("2Byok")
      T.wait_for("the explain window", function()
        return child:lua("return vim.api.nvim_buf_get_name(0)"):match("byok://action/explain") ~= nil
      end)
      local offered = table.concat(child:lua("return _G.picked_from"), "\n")
      T.contains(offered, "grammar", "the picker lists grammar")
      T.contains(offered, "Explain what the selected code does", "with descriptions")
      child:cmd("wincmd p")
      T.reset_emulator()
      T.scenario("gpt-4o-mini", { reply = "die Katze" })
      child:cmd("2Byok translate")
      T.wait_for("the translation", function() return #T.requests("/chat/completions") == 1 end)
      T.eq(child:lua("return _G.input_prompt"), "byok translate: ", "the input was asked for")
      local body = T.requests("/chat/completions")[1].body
      T.contains(body.messages[#body.messages].content, "into German", "and sent")
    end,
  },
  {
    name = "fix sends the diagnostics on its lines, buffers go to an action that asks for them (not a .env), context is shown first",
    run = function(child, T)
      prepare(child, T, "```\nthe cat sat\non the mat ✓\n```")
      child:lua([[
        local ns = vim.api.nvim_create_namespace("byok_test")
        vim.diagnostic.set(ns, 0, {
          { lnum = 1, col = 0, end_lnum = 1, end_col = 3, severity = vim.diagnostic.severity.ERROR,
            message = "misspelt: teh", source = "spell" },
          { lnum = 3, col = 0, severity = vim.diagnostic.severity.WARN, message = "outside the lines" },
        })
      ]])
      child:cmd("2,3Byok fix")
      T.wait_for("the action to finish", function() return not running(child) end)
      T.eq(child:lines(), { "# notes", "the cat sat", "on the mat ✓", "# end ✓" }, "buffer after fix")
      local prompt = T.requests("/chat/completions")[1].body.messages
      prompt = prompt[#prompt].content
      T.contains(prompt, "Diagnostics reported for untitled:2-3:\nuntitled:2:1: error: misspelt: teh [spell]",
        "the diagnostic on the lines is in the prompt")
      T.eq(prompt:find("outside the lines", 1, true), nil, "not the one outside them")
      child:wait_note("byok: fix: context: selection (~")
      T.contains(child:notes_text(), "diagnostics untitled:2-3 (1) (~", "the context was shown with its size")

      -- Two more buffers are open: a helper (sent) and a .env (left out, and the user is told).
      T.reset_emulator()
      T.scenario("gpt-4o-mini", { reply = "They are related." })
      local dir = vim.fn.tempname()
      child:lua([[
        local dir = ...
        for name, text in pairs({ ["helper.py"] = "def helper():\n    return 42", [".env"] = "DB_PASSWORD=hunter2" }) do
          local b = vim.fn.bufadd(dir .. "/" .. name)
          vim.fn.bufload(b)
          vim.bo[b].buflisted = true
          vim.api.nvim_buf_set_lines(b, 0, -1, false, vim.split(text, "\n"))
        end
      ]], dir)
      child:cmd("2Byok neighbours")
      T.wait_for("the action to finish", function() return not running(child) end)
      local body = T.requests("/chat/completions")[1].body
      local sent = body.messages[#body.messages].content
      T.contains(sent, "--- " .. dir .. "/helper.py ---\ndef helper():\n    return 42\n", "the helper buffer is sent")
      T.eq(sent:find("hunter2", 1, true), nil, "the .env buffer is not")
      child:wait_note("left out open buffer " .. dir .. "/.env: looks like a secret file (.env)")

      -- The clipboard (here the unnamed register: headless Neovim has no clipboard provider) goes only to an
      -- action that asks for it.
      T.reset_emulator()
      T.scenario("gpt-4o-mini", { reply = "Merged." })
      child:lua([[vim.fn.setreg('"', "yanked words")]])
      T.wait_for("the answer window", function()
        return child:lua("return vim.api.nvim_buf_get_name(0)"):match("byok://action/neighbours") ~= nil
      end)
      child:cmd("wincmd p")  -- back from the answer window to the text
      child:cmd("2Byok pasted")
      T.wait_for("the action to finish", function() return not running(child) end)
      T.truthy(#T.requests("/chat/completions") == 1, "the pasted action was sent; notes: " .. child:notes_text())
      local pasted = T.requests("/chat/completions")[1].body.messages
      T.contains(pasted[#pasted].content, "the cat sat and yanked words", "the clipboard is in the prompt")
      T.eq(sent:find("yanked", 1, true), nil, "and was not sent to the earlier action")
    end,
  },
}
