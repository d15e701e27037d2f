-- The chat panel gets the whole streamed answer; :ByokModel mid-conversation sends the earlier turns to the
-- new model; :ByokCompare fills one split per model at the same time.
local DEFAULT_REPLY = "Hello from the byok emulator — ünïcødé ✓ 👋."

local function panel_text(child)
  return child:lua([[
    local buf = require("byok.chat").buffer()
    return buf and table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n") or ""
  ]])
end

local function streaming(child) return child:lua("return require('byok.chat').streaming()") end

return {
  {
    name = "the chat panel receives the full streamed answer",
    run = function(child, T)
      T.scenario("gpt-4o-mini", { token_ms = 10 })
      child:lua([[require("byok").setup({ chat = { position = "right", width = 50 } })]])
      child:cmd("ByokChat hello there")
      T.eq(child:lua("return #vim.api.nvim_list_wins()"), 2, "windows: the editor and the panel")
      T.eq(child:lua("return vim.bo[require('byok.chat').buffer()].filetype"), "markdown", "panel filetype")
      T.eq(child:lua("return vim.api.nvim_win_get_width(vim.fn.bufwinid(require('byok.chat').buffer()))"), 50,
        "panel width")
      -- Typing elsewhere while the answer streams.
      child:input("ityping")
      T.wait_for("the answer", function() return not streaming(child) and panel_text(child):find("openai:gpt-4o-mini", 1, true) end)
      T.contains(panel_text(child), "## You\n\nhello there\n\n## Assistant\n\n" .. DEFAULT_REPLY, "panel")
      T.eq(child:lines(), { "typing" }, "the buffer typed into meanwhile")
      T.truthy(child:lua("return require('byok').status()"):find("^byok "), "status line")
    end,
  },
  {
    name = "a model switch mid-conversation sends the previous turns to the new model",
    run = function(child, T)
      child:lua([[require("byok").setup({})]])
      child:cmd("ByokChat first question")
      T.wait_for("the first answer", function() return not streaming(child) and panel_text(child):find(DEFAULT_REPLY, 1, true) end)
      child:cmd("ByokModel openai:emu-echo")
      child:cmd("ByokChat second question")
      T.wait_for("the echo", function() return panel_text(child):find("echo: second question", 1, true) end)
      local reqs = T.requests("/chat/completions")
      T.eq(#reqs, 2, "requests")
      T.eq(reqs[1].body.model, "gpt-4o-mini", "first model")
      T.eq(reqs[2].body.model, "emu-echo", "second model")
      local roles, texts = {}, {}
      for _, m in ipairs(reqs[2].body.messages) do
        if m.role ~= "system" then
          roles[#roles + 1] = m.role
          texts[#texts + 1] = type(m.content) == "string" and m.content or vim.inspect(m.content)
        end
      end
      T.eq(roles, { "user", "assistant", "user" }, "turns sent to the new model")
      T.eq(texts, { "first question", DEFAULT_REPLY, "second question" }, "their text")
      T.truthy(child:lua("return require('byok').status()"):find("emu-echo", 1, true), "status shows the model")
    end,
  },
  {
    name = ":'<,'>ByokChat and :ByokChat % add the selection or the file as context",
    run = function(child, T)
      child:lua([[require("byok").setup({})]])
      child:lua("vim.api.nvim_buf_set_lines(0, 0, -1, true, {'alpha', 'beta ✓', 'gamma'})")
      child:cmd("2,2ByokChat explain")
      T.wait_for("the answer", function() return not streaming(child) and panel_text(child):find(DEFAULT_REPLY, 1, true) end)
      child:cmd("ByokChat % summarize")
      T.wait_for("two answers", function()
        local _, n = panel_text(child):gsub(DEFAULT_REPLY:gsub("%p", "%%%0"), "")
        return not streaming(child) and n == 2
      end)
      local reqs = T.requests("/chat/completions")
      local last1 = reqs[1].body.messages[#reqs[1].body.messages].content
      T.contains(last1, "beta ✓\n```\n\nexplain", "selection context")
      T.truthy(not last1:find("alpha", 1, true), "only the selection")
      local last2 = reqs[2].body.messages[#reqs[2].body.messages].content
      T.contains(last2, "alpha\nbeta ✓\ngamma\n```\n\nsummarize", "file context")
    end,
  },
  {
    name = ":ByokCompare fills two splits concurrently",
    run = function(child, T)
      T.scenario("cmp-a", { reply = "alpha one two three four five six seven", token_ms = 40 })
      T.scenario("cmp-b", { reply = "beta uno dos tres cuatro cinco seis siete", token_ms = 40 })
      child:lua([[require("byok").setup({})]])
      child:cmd("ByokCompare openai:cmp-a openai:cmp-b say something")
      T.eq(child:lua("return #vim.api.nvim_tabpage_list_wins(0)"), 2, "splits in the compare tab")
      local bufs = child:lua([[
        local out = {}
        for _, s in ipairs(require("byok.compare").splits()) do out[#out + 1] = s.buf end
        return out
      ]])
      local function text(i) return table.concat(child:lines(bufs[i]), "\n") end
      -- Both splits show part of their answer while neither is complete.
      T.wait_for("both splits streaming at once", function()
        local a, b = text(1), text(2)
        return a:find("alpha", 1, true) and b:find("beta", 1, true)
          and not a:find("seven", 1, true) and not b:find("siete", 1, true)
      end)
      T.wait_for("both answers", function()
        return text(1):find("first token", 1, true) and text(2):find("first token", 1, true)
      end)
      T.contains(text(1), "# openai:cmp-a\n\nalpha one two three four five six seven", "split 1")
      T.contains(text(2), "# openai:cmp-b\n\nbeta uno dos tres cuatro cinco seis siete", "split 2")
      local reqs = T.requests("/chat/completions")
      T.eq(#reqs, 2, "requests")
      -- In one snapshot: request i started age_ms ago and lasted duration_ms.
      local s1, s2 = -reqs[1].age_ms, -reqs[2].age_ms
      local e1, e2 = s1 + reqs[1].duration_ms, s2 + reqs[2].duration_ms
      T.truthy(s1 < e2 and s2 < e1, "the two upstream requests overlapped in time")
    end,
  },
  {
    name = ":ByokHistory reopens a conversation and the next prompt continues it",
    run = function(child, T)
      child:lua([[require("byok").setup({})]])
      child:cmd("ByokChat remember me")
      T.wait_for("the answer", function() return not streaming(child) and panel_text(child):find(DEFAULT_REPLY, 1, true) end)
      child:lua([[require("byok.chat").new()]])
      child:lua([[vim.ui.select = function(items, opts, on_choice) _G.picked_from = opts.prompt on_choice(items[1]) end]])
      child:cmd("ByokHistory")
      T.wait_for("the old conversation in the panel", function() return panel_text(child):find("remember me", 1, true) end)
      T.contains(child:lua("return _G.picked_from"), "store", "the list says its scope")
      child:cmd("ByokChat and now")
      T.wait_for("the answer", function()
        local _, n = panel_text(child):gsub("## Assistant", "")
        return not streaming(child) and n == 2 and panel_text(child):find("_openai:gpt", 1, true)
      end)
      local reqs = T.requests("/chat/completions")
      T.eq(#reqs[2].body.messages, 3, "the continued conversation sends the earlier turns")
    end,
  },
  {
    name = ":ByokKeys set takes the key from inputsecret(); list shows its last four; requests use it",
    run = function(child, T)
      child:lua([[require("byok").setup({})]])
      child:lua([[vim.fn.inputsecret = function() return "sk-session-key-abcd9876" end]])
      child:cmd("ByokKeys set openai")
      child:wait_note("key for openai set (…9876, vault)")
      child:cmd("ByokKeys list")
      local note = child:wait_note("byok keys:")
      T.contains(note.msg, "…9876", "last four")
      T.truthy(not note.msg:find("sk-session-key", 1, true), "the key is not shown")
      child:cmd("ByokChat hi")
      T.wait_for("the answer", function() return not streaming(child) and panel_text(child):find(DEFAULT_REPLY, 1, true) end)
      local auth
      for _, h in ipairs(T.requests("/chat/completions")[1].headers) do
        if h[1] == "Authorization" then auth = h[2] end
      end
      T.eq(auth, "Bearer sk-session-key-abcd9876", "the request used the session key")
      child:cmd("ByokUsage")
      local usage = child:wait_note("byok usage")
      T.contains(usage.msg, "openai:gpt-4o-mini", "usage per model")
      T.contains(usage.msg, "today", "usage today")
      T.contains(usage.msg, "this month", "usage this month")
      T.contains(usage.msg, "(ledger)", "from the shared ledger")
      -- The status line shows today's cost from the same ledger.
      T.wait_for("today's cost in the status line", function()
        return child:lua("return require('byok').status()"):match("%$%d+%.%d%d%d%d") ~= nil
      end)
    end,
  },
}
