-- Every invalid option gets its own message naming it; nothing crashes and the plugin stays usable.
local CASES = {
  { [[{ completion = { debounce_ms = "fast" } }]], 'completion.debounce_ms: expected a number, got string "fast"' },
  { [[{ completion = { debounce_ms = -5 } }]], "completion.debounce_ms: expected a whole number >= 0, got -5" },
  { [[{ completion = { debounce = 10 } }]], "completion.debounce: unknown option (known: debounce_ms, enabled, filetypes, keymaps, model, provider)" },
  { [[{ completion = { enabled = "yes" } }]], 'completion.enabled: expected a boolean, got string "yes"' },
  { [[{ completion = { filetypes = { python = "yes" } } }]], 'completion.filetypes: ["python"] must be true or false' },
  { [[{ completion = { keymaps = { accept = 1 } } }]], "completion.keymaps.accept: expected a key (string) or false, got 1" },
  { [[{ completion = { keymaps = { acept = "<Tab>" } } }]], "completion.keymaps.acept: unknown option (known: accept, accept_line" },
  { [[{ chat = { position = "top" } }]], 'chat.position: expected "left" or "right", got "top"' },
  { [[{ chat = { width = -3 } }]], "chat.width: expected columns (a whole number >= 10) or a fraction" },
  { [[{ chat = "wide" }]], 'chat: expected a table, got string "wide"' },
  { [[{ rewrite = { preview = "yes" } }]], 'rewrite.preview: expected a boolean, got string "yes"' },
  { [[{ rewrite = { model = "" } }]], "rewrite.model: must not be empty" },
  { [[{ cmd = 42 }]], "cmd: expected a string, got number 42" },
  { [[{ base_url = "localhost:8080" }]], 'base_url: must start with http:// or https://, got "localhost:8080"' },
  { [[{ modle = "gpt-4o" }]], "modle: unknown option (known: base_url, chat, cmd, completion, model, provider, rewrite)" },
  { [["gpt-4o"]], 'setup(): expected a table of options, got string "gpt-4o"' },
}

local tests = {}
for _, c in ipairs(CASES) do
  tests[#tests + 1] = {
    name = "bad option " .. c[1] .. " is reported",
    run = function(child, T)
      local ok = child:lua("return require('byok').setup(" .. c[1] .. ")")
      T.eq(ok, false, "setup() result")
      local notes = child:notes()
      T.eq(#notes, 1, "notifications (one message)")
      T.contains(notes[1].msg, c[2], "message")
      T.eq(notes[1].level, 4, "level ERROR")
      T.truthy(type(child:lua("return require('byok').status()")) == "string", "the plugin still answers")
    end,
  }
end

tests[#tests + 1] = {
  name = "several bad options: one message, one line each; good options still apply; commands work",
  run = function(child, T)
    local ok = child:lua([[return require('byok').setup({ chat = { width = 0, position = "left" }, bogus = 1,
      completion = { debounce_ms = 40 } })]])
    T.eq(ok, false, "setup() result")
    local notes = child:notes()
    T.eq(#notes, 1, "notifications")
    T.contains(notes[1].msg, "byok: invalid options:\n", "heading")
    T.contains(notes[1].msg, "\n  bogus: unknown option", "line for bogus")
    T.contains(notes[1].msg, "\n  chat.width: expected columns", "line for chat.width")
    T.eq(child:lua("return require('byok.config').get().chat.position"), "left", "valid chat.position applied")
    T.eq(child:lua("return require('byok.config').get().chat.width"), 0.4, "bad chat.width keeps its default")
    T.eq(child:lua("return require('byok.config').get().completion.debounce_ms"), 40, "valid debounce applied")
    child:cmd("ByokChat hi")
    T.wait_for("an answer", function() return not child:lua("return require('byok.chat').streaming()") end)
    T.contains(child:lua("return table.concat(vim.api.nvim_buf_get_lines(require('byok.chat').buffer(), 0, -1, false), '\\n')"),
      "Hello from the byok emulator", "chat works")
  end,
}

tests[#tests + 1] = {
  name = "an engine that cannot be found gives a clear message when a command runs",
  run = function(child, T)
    T.eq(child:lua([[return require('byok').setup({ cmd = "/nonexistent/byok" })]]), true, "setup() result")
    child:cmd("ByokChat hi")
    local note = child:wait_note("engine `/nonexistent/byok` not found")
    T.contains(note.msg, 'setup({cmd = "/path/to/byok"})', "the fix")
  end,
}

return tests
