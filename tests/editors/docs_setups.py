#!/usr/bin/python3
"""The Helix, Zed and Sublime Text setups of docs/editors.md, checked as far as this machine allows.

Those editors are not packaged for Debian, so they cannot run here. What can be checked is everything on
byok's side of each setup: the snippet parses in the editor's format (TOML for Helix, JSON for Zed and
Sublime's LSP package), names the keys the editor documents for a language server (command and args,
initialization options, the per-language server list), and starts `byok lsp` with exactly those
initialization options: the real engine must accept them, answer `initialize`, and offer its code action
on a selection, as the editor would ask. A typo in a snippet's byok settings, or a setting the engine
renamed, fails here.
"""
import json
import os
import re
import shlex
import subprocess
import sys
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BYOK = os.environ["BYOK_BIN"]


def section_code(markdown, heading, lang):
    """The first ```lang block under the `## heading…` section."""
    m = re.search(r"^## " + re.escape(heading) + r".*?$(.*?)(?=^## )", markdown, re.S | re.M)
    assert m, f"docs/editors.md has no section '{heading}'"
    block = re.search(r"```" + lang + r"\n(.*?)```", m.group(1), re.S)
    assert block, f"section '{heading}' has no {lang} block"
    return block.group(1)


class Lsp:
    """A minimal LSP client over the engine's stdio (Content-Length framing)."""

    def __init__(self, argv):
        env = dict(os.environ, XDG_CONFIG_HOME="/nonexistent-byok-docs-test", OPENAI_API_KEY="")
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self.next_id = 1

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def read(self):
        length = None
        while True:
            line = self.p.stdout.readline()
            assert line, "the engine closed its output"
            if line in (b"\r\n", b"\n"):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.p.stdout.read(length))

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        while True:
            m = self.read()
            if m.get("id") == rid and "method" not in m:
                return m

    def close(self):
        self.request("shutdown", None)
        self.send({"jsonrpc": "2.0", "method": "exit"})
        assert self.p.wait(timeout=10) == 0


def check_engine(name, argv, init_options):
    assert argv[1:] == ["lsp"] and os.path.basename(argv[0]) == "byok", f"{name}: the command must be `byok lsp`, got {argv}"
    lsp = Lsp([BYOK] + argv[1:])
    r = lsp.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {},
                                   "initializationOptions": init_options})
    assert "result" in r, f"{name}: the engine refused the documented initialization options: {r.get('error')}"
    lsp.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    uri = "file:///tmp/byok-docs-setup.py"
    lsp.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
              "params": {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": "x = 1\n"}}})
    actions = lsp.request("textDocument/codeAction", {
        "textDocument": {"uri": uri},
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 5}},
        "context": {"diagnostics": []}})
    titles = [a["title"] for a in actions.get("result") or []]
    assert "byok: Rewrite selection…" in titles, f"{name}: code actions offered: {titles}"
    lsp.close()
    print(f"ok   {name}: `{shlex.join(argv)}` starts with the documented options and offers its code action")


def main():
    with open(os.path.join(ROOT, "docs", "editors.md"), encoding="utf-8") as f:
        md = f.read()

    # Helix: [language-server.byok] {command, args, config (= initializationOptions)}; a [[language]] lists it.
    helix = tomllib.loads(section_code(md, "Helix", "toml"))
    server = helix["language-server"]["byok"]
    assert set(server) <= {"command", "args", "config", "environment", "timeout"}, f"helix: unknown keys {set(server)}"
    assert any("byok" in lang.get("language-servers", []) for lang in helix["language"]), "helix: no language uses byok"
    check_engine("Helix", [server["command"]] + server["args"], server.get("config", {}))

    # Zed: lsp.byok.initialization_options; languages.<L>.language_servers lists it (the command comes from
    # the extension's language_server_command, which the docs say returns `byok lsp`).
    zed = json.loads(section_code(md, "Zed", "json"))
    assert any("byok" in lang.get("language_servers", []) for lang in zed["languages"].values()), "zed: no language uses byok"
    assert "`byok lsp`" in md.split("## Zed", 1)[1].split("## ", 1)[0], "zed: the docs must say the extension runs `byok lsp`"
    check_engine("Zed", ["byok", "lsp"], zed["lsp"]["byok"]["initialization_options"])

    # Sublime Text's LSP package: clients.byok {enabled, command, selector, initializationOptions}.
    sublime = json.loads(section_code(md, "Sublime Text", "json"))
    client = sublime["clients"]["byok"]
    assert client["enabled"] is True and isinstance(client["selector"], str), "sublime: enabled/selector"
    check_engine("Sublime Text", client["command"], client["initializationOptions"])

    # A setup the engine would refuse must fail this test (it is not vacuous).
    try:
        check_engine("a bad setup", ["byok", "lsp"], {"chat": {"modle": "x"}})
    except AssertionError as e:
        assert "refused" in str(e), e
        print("ok   a misspelt setting in a setup is caught")
    else:
        sys.exit("a misspelt initialization option was accepted")


if __name__ == "__main__":
    main()
