-- :help byok documents every command, option, highlight group and mapping.
return {
  {
    name = ":help byok has a tag for every command, option, highlight group and mapping",
    run = function(child, T)
      local dir = vim.fn.tempname()
      vim.fn.mkdir(dir .. "/doc", "p")
      local plugin_doc = os.getenv("BYOK_PLUGIN_DIR") .. "/doc/byok.txt"
      vim.fn.writefile(vim.fn.readfile(plugin_doc), dir .. "/doc/byok.txt")
      child:cmd("set rtp^=" .. dir)
      child:cmd("helptags " .. dir .. "/doc")
      child:cmd("help byok")
      T.eq(child:lua("return vim.fn.expand('%:t')"), "byok.txt", "help file")
      local commands = child:lua([[
        local out = {}
        for name in pairs(vim.api.nvim_get_commands({})) do if name:match("^Byok") then out[#out + 1] = name end end
        table.sort(out)
        return out
      ]])
      T.truthy(#commands >= 9, "commands found: " .. table.concat(commands, " "))
      for _, name in ipairs(commands) do
        T.truthy(pcall(child.cmd, child, "help :" .. name), ":help :" .. name)
      end
      for _, tag in ipairs({ "hl-ByokGhost", "byok.setup()", "byok-options", "byok-mappings", "byok-statusline",
        "byok-health", "byok.completion.accept()" }) do
        T.truthy(pcall(child.cmd, child, "help " .. tag), ":help " .. tag)
      end
      local text = table.concat(vim.fn.readfile(plugin_doc), "\n")
      local function walk(t, prefix)
        for k, v in pairs(t) do
          local name = prefix .. k
          if type(v) == "table" and k ~= "filetypes" and k ~= "keymaps" then walk(v, name .. ".")
          else T.contains(text, name, "option documented") end
        end
      end
      walk(child:lua("return require('byok.config').defaults"), "")
      for _, k in ipairs({ "accept", "accept_word", "accept_line", "dismiss", "next", "prev" }) do
        T.contains(text, "  " .. k .. " ", "mapping documented")
      end
      vim.fn.delete(dir, "rf")
    end,
  },
}
