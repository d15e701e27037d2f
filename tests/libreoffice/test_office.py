#!/usr/bin/python3
"""UI tests of the byok LibreOffice extension: a real headless office with byok.oxt installed in a throwaway
profile, the real byok engine bundled in the .oxt, and the provider emulator as the provider.

Usage: test_office.py --oxt byok.oxt --emulator byok-emulator --work DIR CASE
CASE `install` builds the profile template (install + restart) the other cases copy; each case starts its
own emulator and office, so cases run in parallel.
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import office as lo  # noqa: E402
from office import wait_for  # noqa: E402

DEFAULT_REPLY = "Hello from the byok emulator — ünïcødé ✓ 👋."
TEST_KEY = "sk-test-byok-libreoffice-0123456789"


# ---- fixtures ---------------------------------------------------------------------------------------------
class Emulator:
    def __init__(self, binary):
        self.proc = subprocess.Popen([binary, "--no-https", "--exit-on-stdin-eof"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        self.info = json.loads(self.proc.stdout.readline())
        self.url = self.info["http_url"]

    def _post(self, path, body):
        req = urllib.request.Request(self.url + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.read()

    def scenario(self, model="*", **fields):
        self._post("/_emu/scenario", {"model": model, "scenario": fields})

    def reset(self):
        self._post("/_emu/reset", {})

    def requests(self):
        with urllib.request.urlopen(self.url + "/_emu/requests", timeout=10) as r:
            return json.loads(r.read())

    def chat_requests(self):
        return [r for r in self.requests() if r["path"].endswith("/chat/completions")]

    def stop(self):
        self.proc.stdin.close()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


CASE_DIRS = []  # removed when the case passes, kept for a look when it fails


class Case:
    """One test's world: emulator, engine home (XDG dirs), profile copy, office."""

    def __init__(self, args, with_key=True, config_extra=None):
        self.args = args
        os.makedirs(args.work, exist_ok=True)
        self.dir = tempfile.mkdtemp(prefix=f"case-{args.case}-", dir=args.work)
        CASE_DIRS.append(self.dir)
        self.emu = Emulator(args.emulator)
        config_home = os.path.join(self.dir, "config")
        os.makedirs(os.path.join(config_home, "byok"))
        with open(os.path.join(config_home, "byok", "config.json"), "w") as f:
            json.dump({"default": {"provider": "openai", "model": "gpt-4o-mini"},
                       "providers": {"openai": {"base_url": self.emu.url + "/v1"}}, **(config_extra or {})}, f)
        env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
        env.update(XDG_CONFIG_HOME=config_home, XDG_DATA_HOME=os.path.join(self.dir, "data"),
                   HOME=self.dir, PATH="/usr/bin:/bin")  # PATH without any other byok: the bundled one runs
        if with_key:
            env["OPENAI_API_KEY"] = TEST_KEY
        self.profile = lo.copy_profile(os.path.join(args.work, "profile-template"), self.dir)
        self.office = lo.Office(self.profile, env=env).start()

    def close(self):
        try:
            self.office.stop()
        finally:
            self.emu.stop()

    def writer(self, text=""):
        doc = self.office.new_writer(text)
        return doc, self.office.status_recorder(doc)


def body_text(doc):
    return doc.getText().getString()


def dispatch_and_wait(case, doc, status, command, timeout=30, **args):
    before = len(status.states)
    case.office.dispatch(doc, command, **args)
    return status.wait_idle_after(before, timeout)


def paragraphs(doc):
    out = []
    e = doc.getText().createEnumeration()
    while e.hasMoreElements():
        p = e.nextElement()
        if p.supportsService("com.sun.star.text.Paragraph"):
            out.append(p)
    return out


# ---- cases ------------------------------------------------------------------------------------------------
def case_install(args):
    """The .oxt installs into a throwaway profile (over UNO, into the user repository)."""
    shutil.rmtree(os.path.join(args.work, "profile-template"), ignore_errors=True)
    os.makedirs(args.work, exist_ok=True)
    lo.make_profile_template(args.oxt, args.work)


def accessible_children(ctx):
    return [ctx.getAccessibleChild(i).getAccessibleContext() for i in range(ctx.getAccessibleChildCount())]


def menu_bar(office, doc):
    """The document window's real menu bar (with merged add-on menus), through accessibility."""
    from com.sun.star.accessibility.AccessibleRole import MENU_BAR
    root = office.frame_of(doc).getContainerWindow().getAccessibleContext()
    for child in accessible_children(root):
        if child.getAccessibleRole() == MENU_BAR:
            return {m.getAccessibleName(): m for m in accessible_children(child)}
    raise AssertionError("the document window has no menu bar")


def case_menus_and_deck(args):
    """After the restart: the byok menu, Tools ▸ byok…, the toolbar, and the sidebar deck exist; clicking
    byok ▸ Chat Sidebar for real opens the deck with the chat panel."""
    c = Case(args)
    try:
        doc, status = c.writer("Some text.")
        menus = menu_bar(c.office, doc)
        assert "byok" in menus, f"no byok menu in {list(menus)}"
        items = {i.getAccessibleName(): i for i in accessible_children(menus["byok"])}
        for label in ("Rewrite Selection…", "Continue Writing", "Stop", "Chat Sidebar", "Settings…"):
            assert label in items, f"{label!r} missing from the byok menu: {list(items)}"
        tools = [i.getAccessibleName() for i in accessible_children(menus["Tools"])]
        assert "byok…" in tools, f"Tools ▸ byok… missing: {tools}"
        toolbars = [e.ResourceURL for e in c.office.frame_of(doc).LayoutManager.getElements()]
        assert any("org.byok.libreoffice.toolbar" in t for t in toolbars), toolbars
        supplier = c.office.service("com.sun.star.ui.ModuleUIConfigurationManagerSupplier")
        shortcuts = supplier.getUIConfigurationManager("com.sun.star.text.TextDocument").getShortCutManager()
        bound = set()
        for event in shortcuts.getAllKeyEvents():
            try:
                bound.add(shortcuts.getCommandByKeyEvent(event))
            except Exception:
                pass  # keys whose command the office cannot resolve
        for cmd in ("vnd.byok:rewrite", "vnd.byok:continue", "vnd.byok:stop"):
            assert cmd in bound, f"no shortcut for {cmd}"

        decks = doc.getCurrentController().getSidebar().getDecks()
        assert decks.hasByName("ByokDeck"), f"no byok deck in {decks.getElementNames()}"
        items["Chat Sidebar"].doAccessibleAction(0)  # a real menu click
        deck = decks.getByName("ByokDeck")
        wait_for(lambda: deck.isActive(), 10, "byok ▸ Chat Sidebar to open the byok deck")
        panel = wait_for(lambda: deck.getPanels().hasByName("ByokChatPanel") and deck.getPanels().getByName("ByokChatPanel"),
                         10, "the chat panel")
        dialog = wait_for(lambda: panel.getDialog(), 10, "the chat panel window")
        for name in ("Model", "Conversation", "Prompt", "Send", "Stop", "Insert", "Replace", "Compare", "History"):
            assert dialog.getControl(name) is not None, f"control {name} missing from the chat panel"
    finally:
        c.close()


def case_rewrite_tracked(args):
    """Rewrite = tracked change: accept yields exactly the answer, reject restores, one undo step, multi-byte
    text intact, formatting of untouched words kept."""
    c = Case(args)
    try:
        original = "Intro: Hello wörld — ünïcødé 👋 text to rewrite. Outro."
        selected = "Hello wörld — ünïcødé 👋 text to rewrite."
        answer = "Goodbye wörld — ünïcødé 🌍 text, rewritten."
        c.emu.scenario(reply=answer, token_ms=5)
        doc, status = c.writer(original)
        # "wörld" bold: untouched by the rewrite, it must stay bold
        start = original.index(selected)
        bold = c.office.select(doc, original.index("wörld"), len("wörld"))
        bold.CharWeight = 150.0
        c.office.select(doc, start, len(selected.encode("utf-16-le")) // 2 - 1)  # 👋 is one cursor step
        assert doc.getCurrentController().getSelection().getByIndex(0).getString() == selected

        final = dispatch_and_wait(c, doc, status, "vnd.byok:rewrite", Instruction="Make it a goodbye")
        assert final["Kind"] == "info", final
        assert "Track Changes" in final["Message"], final
        assert doc.getRedlines().getCount() > 0, "no tracked change recorded"
        assert doc.RecordChanges is False, "rewrite left change recording switched on"
        sent = json.dumps(c.emu.chat_requests()[-1]["body"], ensure_ascii=False)
        assert "Make it a goodbye" in sent and "ünïcødé 👋" in sent, sent
        assert "Intro:" in sent and "Outro." in sent, f"the text around the selection was not sent: {sent}"

        dispatcher = c.office.service("com.sun.star.frame.DispatchHelper")
        frame = c.office.frame_of(doc)
        dispatcher.executeDispatch(frame, ".uno:AcceptAllTrackedChanges", "", 0, ())
        assert body_text(doc) == original.replace(selected, answer), body_text(doc)
        word = doc.getText().createTextCursor()
        word.gotoStart(False)
        word.goRight(body_text(doc).index("wörld"), False)
        word.goRight(len("wörld"), True)
        assert word.CharWeight == 150.0, "the untouched bold word lost its formatting"

        undo = doc.getUndoManager()
        undo.undo()  # the acceptance
        undo.undo()  # the whole rewrite: one step
        assert body_text(doc) == original, f"undo did not restore in one step: {body_text(doc)!r}"
        assert doc.getRedlines().getCount() == 0
        undo.redo()
        dispatcher.executeDispatch(frame, ".uno:RejectAllTrackedChanges", "", 0, ())
        assert body_text(doc) == original, body_text(doc)
    finally:
        c.close()


def case_actions(args):
    """byok ▸ Actions: a replace action (grammar, from the menu's URL) becomes a tracked change of exactly the
    selection; an explain action answers after the selection as a tracked insertion (reject restores the text);
    an unknown name is reported, nothing changes."""
    c = Case(args)
    try:
        doc, status = c.writer("Intro. Teh cat sat on teh mat. Outro.")
        menus = menu_bar(c.office, doc)
        items = {i.getAccessibleName(): i for i in accessible_children(menus["byok"])}
        for label in ("Run Action…", "Actions"):
            assert label in items, f"{label!r} missing from the byok menu: {list(items)}"
        actions = [i.getAccessibleName() for i in accessible_children(items["Actions"])]
        for label in ("Fix Grammar and Spelling", "Make It Shorter", "Make It Formal", "Explain (as a Comment)"):
            assert label in actions, f"{label!r} missing from byok ▸ Actions: {actions}"

        selected = "Teh cat sat on teh mat."
        c.emu.scenario(reply="The cat sat on the mat.", token_ms=5)
        c.office.select(doc, body_text(doc).index(selected), len(selected))
        final = dispatch_and_wait(c, doc, status, "vnd.byok:action?Name:string=grammar")
        assert final["Kind"] == "info" and "Track Changes" in final["Message"], final
        sent = json.dumps(c.emu.chat_requests()[-1]["body"], ensure_ascii=False)
        assert selected in sent, f"the selection was not sent: {sent}"
        assert "Intro." not in sent, f"text outside the selection was sent: {sent}"
        frame = c.office.frame_of(doc)
        dispatcher = c.office.service("com.sun.star.frame.DispatchHelper")
        dispatcher.executeDispatch(frame, ".uno:AcceptAllTrackedChanges", "", 0, ())
        assert body_text(doc) == "Intro. The cat sat on the mat. Outro.", body_text(doc)

        before = body_text(doc)
        c.emu.scenario(reply="A cat is sitting on a mat.", token_ms=5)
        c.office.select(doc, before.index("The cat"), len("The cat sat on the mat."))
        final = dispatch_and_wait(c, doc, status, "vnd.byok:action", Name="explain")
        assert final["Kind"] == "info" and "after the selection" in final["Message"], final
        assert doc.getRedlines().getCount() > 0, "the explanation is not a tracked insertion"
        assert "byok (explain): A cat is sitting on a mat." in body_text(doc), body_text(doc)
        dispatcher.executeDispatch(frame, ".uno:RejectAllTrackedChanges", "", 0, ())
        assert body_text(doc) == before, f"rejecting the explanation did not restore the text: {body_text(doc)!r}"

        final = dispatch_and_wait(c, doc, status, "vnd.byok:action", Name="nosuchaction")
        assert final["Kind"] == "error" and 'unknown action "nosuchaction"' in final["Message"], final
        assert body_text(doc) == before
    finally:
        c.close()


def case_action_clipboard(args):
    """An action that asks for {{clipboard}} gets what was copied in the office; one that does not ask never
    sends it (the engine attaches the clipboard only where a template names it)."""
    c = Case(args, config_extra={"actions": {"merge": {"description": "Merge the clipboard in",
                                                       "prompt": "Merge [{{clipboard}}] into [{{selection}}]",
                                                       "output": "replace"}}})
    try:
        doc, status = c.writer("Copied words. Target sentence.")
        frame = c.office.frame_of(doc)
        dispatcher = c.office.service("com.sun.star.frame.DispatchHelper")
        c.office.select(doc, 0, len("Copied words."))
        dispatcher.executeDispatch(frame, ".uno:Copy", "", 0, ())

        c.emu.scenario(reply="Merged sentence.", token_ms=5)
        target = "Target sentence."
        c.office.select(doc, body_text(doc).index(target), len(target))
        final = dispatch_and_wait(c, doc, status, "vnd.byok:action", Name="merge")
        assert final["Kind"] == "info", final
        sent = json.dumps(c.emu.chat_requests()[-1]["body"], ensure_ascii=False)
        assert "Merge [Copied words.] into [Target sentence.]" in sent, f"the clipboard was not in the prompt: {sent}"

        c.office.select(doc, 0, len("Copied words."))
        final = dispatch_and_wait(c, doc, status, "vnd.byok:action?Name:string=grammar")
        sent = json.dumps(c.emu.chat_requests()[-1]["body"], ensure_ascii=False)
        assert sent.count("Copied words.") == 1, f"the clipboard went to an action that does not ask for it: {sent}"
    finally:
        c.close()


def case_budget_stop(args):
    """A spent budget stops Rewrite before any byte reaches the provider: the user is told which budget and how
    to raise it, the document is unchanged, the emulator saw no request."""
    c = Case(args, config_extra={"budgets": {"openai": {"daily_usd": 0}}})
    try:
        original = "Please rewrite this sentence."
        doc, status = c.writer(original)
        c.office.select(doc, 0, len(original))
        final = dispatch_and_wait(c, doc, status, "vnd.byok:rewrite", Instruction="Make it shorter")
        assert final["Kind"] == "error", final
        assert "budget" in final["Message"], final
        assert "raise the budget" in final["Message"], final  # the hint on how to get going again
        assert body_text(doc) == original, body_text(doc)
        assert doc.getRedlines().getCount() == 0
        assert c.emu.chat_requests() == [], c.emu.chat_requests()
    finally:
        c.close()


def case_continue_streams(args):
    """Continue writing inserts the streamed text at the cursor progressively; one undo step."""
    c = Case(args)
    try:
        reply = "and then the story went on, word by word, until the very end of this long sentence."
        c.emu.scenario(reply=reply, token_ms=40)
        original = "Once upon a time "
        doc, status = c.writer(original)
        cursor = doc.getCurrentController().getViewCursor()
        cursor.gotoEnd(False)
        before = len(status.states)
        c.office.dispatch(doc, "vnd.byok:continue")
        seen = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            text = body_text(doc)
            if not seen or seen[-1] != text:
                seen.append(text)
            if any(not s.get("Busy") for s in status.states[before:]):
                break
            time.sleep(0.01)
        final = status.wait_idle_after(before)
        assert final["Kind"] == "info", final
        assert body_text(doc) == original + reply, body_text(doc)
        intermediate = [s for s in seen if s != original and s != original + reply]
        assert len(intermediate) >= 3, f"expected several intermediate states, saw {seen}"
        assert all(s.startswith(original) and (original + reply).startswith(s) for s in intermediate), intermediate
        sent = json.dumps(c.emu.chat_requests()[-1]["body"], ensure_ascii=False)
        assert "Once upon a time" in sent, f"the text before the cursor was not sent as context: {sent}"
        doc.getUndoManager().undo()
        assert body_text(doc) == original, f"one undo did not remove the continuation: {body_text(doc)!r}"
    finally:
        c.close()


def case_markdown_formatting(args):
    """A Markdown answer (heading, bold word, bullet list) arrives as Writer formatting, not asterisks."""
    c = Case(args)
    try:
        c.emu.scenario(reply="## Next steps\n\nThis is **important** work.\n\n- first item\n- second item\n", token_ms=5)
        doc, status = c.writer("Notes.")
        doc.getCurrentController().getViewCursor().gotoEnd(False)
        final = dispatch_and_wait(c, doc, status, "vnd.byok:continue")
        assert final["Kind"] == "info", final
        text = body_text(doc)
        assert "**" not in text and "##" not in text and "- first" not in text, text
        paras = {p.getString(): p for p in paragraphs(doc)}
        assert "Next steps" in paras, list(paras)
        assert paras["Next steps"].ParaStyleName.startswith("Heading"), paras["Next steps"].ParaStyleName
        for item in ("first item", "second item"):
            assert item in paras, list(paras)
            assert paras[item].NumberingStyleName, f"{item!r} is not in a list"
            assert paras[item].NumberingIsNumber, f"{item!r} has no bullet"
        body = paras["This is important work."]
        portions = body.createEnumeration()
        weights = {}
        while portions.hasMoreElements():
            portion = portions.nextElement()
            weights[portion.getString()] = portion.CharWeight
        assert weights.get("important") == 150.0, weights
        assert weights.get("This is ") == 100.0, weights
        doc.getUndoManager().undo()
        assert body_text(doc) == "Notes.", body_text(doc)
    finally:
        c.close()


def press(control):
    """Clicks a button for real, through accessibility."""
    ctx = control.getPeer().getAccessibleContext()
    ctx.doAccessibleAction(0)


def open_chat_panel(c, doc):
    c.office.dispatch(doc, "vnd.byok:chat")
    deck = doc.getCurrentController().getSidebar().getDecks().getByName("ByokDeck")
    panel = wait_for(lambda: deck.getPanels().hasByName("ByokChatPanel") and deck.getPanels().getByName("ByokChatPanel"),
                     10, "the chat panel")
    return wait_for(lambda: panel.getDialog(), 10, "the chat panel window")


def case_chat_panel(args):
    """Send streams an answer into the panel; switching model keeps the conversation (emulator log)."""
    c = Case(args)
    try:
        c.emu.scenario(reply="Paris is the capital of France, and it is a lovely city to visit.", token_ms=30)
        doc, status = c.writer("A document.")
        panel = open_chat_panel(c, doc)
        conversation = panel.getControl("Conversation").getModel()
        panel.getControl("Prompt").getModel().Text = "What is the capital of France?"
        press(panel.getControl("Send"))
        seen = set()
        def answered():
            seen.add(conversation.Text)
            return "lovely city to visit." in conversation.Text and not status.last.get("Busy")
        wait_for(answered, 30, "the answer in the chat panel", interval=0.01)
        assert "You: What is the capital of France?" in conversation.Text, conversation.Text
        assert len([s for s in seen if "Paris" in s]) >= 2, f"the answer did not stream: {seen}"
        first = c.emu.chat_requests()[-1]["body"]

        c.emu.scenario(reply="It has about two million inhabitants.", token_ms=5)
        panel.getControl("Model").getModel().Text = "openai:gpt-4o"
        panel.getControl("Prompt").getModel().Text = "How many people live there?"
        before = len(status.states)
        press(panel.getControl("Send"))
        status.wait_idle_after(before)
        assert "two million inhabitants." in conversation.Text, conversation.Text
        second = c.emu.chat_requests()[-1]["body"]
        assert first["model"] == "gpt-4o-mini", first["model"]
        assert second["model"] == "gpt-4o", second["model"]
        texts = [m["content"] if isinstance(m["content"], str) else json.dumps(m["content"]) for m in second["messages"]]
        joined = "\n".join(texts)
        assert "What is the capital of France?" in joined and "lovely city to visit." in joined, texts
        assert "How many people live there?" in texts[-1], texts

        # Insert at cursor puts the last answer into the document.
        doc.getCurrentController().getViewCursor().gotoEnd(False)
        press(panel.getControl("Insert"))
        wait_for(lambda: "two million inhabitants." in body_text(doc), 10, "the inserted answer")
    finally:
        c.close()


def case_compare_and_history(args):
    """Compare two models side by side, pick the second answer and insert it; reopen a past conversation."""
    c = Case(args)
    try:
        c.emu.scenario(model="gpt-4o-mini", reply="Answer from the small model.", token_ms=10)
        c.emu.scenario(model="gpt-4o", reply="Answer from the **big** model.", token_ms=10)
        doc, status = c.writer("Start. ")
        panel = open_chat_panel(c, doc)
        conversation = panel.getControl("Conversation").getModel()
        panel.getControl("Model").getModel().Text = "openai:gpt-4o-mini"
        panel.getControl("CompareModel2").getModel().Text = "openai:gpt-4o"
        panel.getControl("Prompt").getModel().Text = "Which model are you?"
        before = len(status.states)
        press(panel.getControl("Compare"))
        status.wait_idle_after(before)
        assert "small model." in conversation.Text and "big** model." in conversation.Text, conversation.Text
        models = sorted(r["body"]["model"] for r in c.emu.chat_requests())
        assert models == ["gpt-4o", "gpt-4o-mini"], models
        answers = panel.getControl("Answer").getModel()
        assert len(answers.StringItemList) == 2, answers.StringItemList
        big = next(i for i, label in enumerate(answers.StringItemList) if label.endswith("gpt-4o"))
        answers.SelectedItems = (big,)
        doc.getCurrentController().getViewCursor().gotoEnd(False)
        press(panel.getControl("Insert"))
        wait_for(lambda: "Answer from the big model." in body_text(doc), 10, "the chosen answer in the document")
        assert "**" not in body_text(doc), body_text(doc)

        # A chat turn lands in the engine's history; New chat clears the view; Open brings it back.
        panel.getControl("Prompt").getModel().Text = "Remember the word kumquat."
        before = len(status.states)
        press(panel.getControl("Send"))
        status.wait_idle_after(before)
        assert "You: Remember the word kumquat." in conversation.Text, conversation.Text
        history = panel.getControl("History").getModel()
        wait_for(lambda: len(history.StringItemList) >= 1, 10, "the conversation in the history list")
        press(panel.getControl("NewChat"))
        wait_for(lambda: "kumquat" not in conversation.Text, 5, "New chat to clear the view")
        index = next(i for i, t in enumerate(history.StringItemList) if "kumquat" in t)
        history.SelectedItems = (index,)
        press(panel.getControl("OpenHistory"))
        wait_for(lambda: "kumquat" in conversation.Text, 10, "the reopened conversation")
        panel.getControl("Prompt").getModel().Text = "Which word?"
        before = len(status.states)
        press(panel.getControl("Send"))
        status.wait_idle_after(before)
        assert "You: Which word?" in conversation.Text, conversation.Text
        last = c.emu.chat_requests()[-1]["body"]["messages"]
        assert any("kumquat" in json.dumps(m) for m in last[:-1]), "the reopened conversation lost its history"
    finally:
        c.close()


def case_calc_fill(args):
    """Calc: Fill Cells applies the prompt row by row; each row's input reaches the model and its answer
    lands in that row's cell."""
    c = Case(args)
    try:
        c.emu.scenario(echo=True, token_ms=2)
        # A visible Calc window crashes this headless office build (7.4, -nogui); a hidden one has a full view.
        doc = c.office.desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0, (lo.prop("Hidden", True),))
        status = c.office.status_recorder(doc)
        sheet = doc.getSheets().getByIndex(0)
        fruits = ["apple", "banana", "cherry 🍒"]
        for row, fruit in enumerate(fruits):
            sheet.getCellByPosition(0, row).setString(fruit)
        doc.getCurrentController().select(sheet.getCellRangeByName("A1:B3"))
        final = dispatch_and_wait(c, doc, status, "vnd.byok:fill", Prompt="Name the colour of the fruit.")
        assert final["Kind"] == "info" and "done" in final["Message"], final
        for row, fruit in enumerate(fruits):
            got = sheet.getCellByPosition(1, row).getString()
            assert got.startswith("echo: ") and got.endswith("Row input: " + fruit), (row, got)
        assert len(c.emu.chat_requests()) == 3
    finally:
        c.close()


def case_stall_stop(args):
    """A stalled provider does not freeze the office (UNO calls return promptly) and Stop cancels."""
    c = Case(args)
    try:
        c.emu.scenario(kind="stall")
        original = "Waiting for "
        doc, status = c.writer(original)
        doc.getCurrentController().getViewCursor().gotoEnd(False)
        before = len(status.states)
        c.office.dispatch(doc, "vnd.byok:continue")
        wait_for(lambda: body_text(doc) != original, 20, "the first streamed piece")
        slowest = 0.0
        end = time.monotonic() + 2.0
        while time.monotonic() < end:  # the provider is silent now; the office must keep answering
            t0 = time.monotonic()
            doc.getText().getString()
            c.office.desktop.getCurrentFrame()
            slowest = max(slowest, time.monotonic() - t0)
            time.sleep(0.05)
        assert slowest < 0.5, f"a UNO call took {slowest:.3f}s during the stall"
        assert status.last.get("Busy"), status.last
        partial = body_text(doc)
        t0 = time.monotonic()
        c.office.dispatch(doc, "vnd.byok:stop")
        final = status.wait_idle_after(before, 5)
        assert time.monotonic() - t0 < 2, "Stop took too long"
        assert "stopped" in final["Message"], final
        assert body_text(doc) == partial, "Stop should keep what arrived"
        wait_for(lambda: c.emu.chat_requests() and c.emu.chat_requests()[-1].get("client_closed_early"), 5,
                 "the engine to close the upstream request")
        doc.getUndoManager().undo()
        assert body_text(doc) == original, body_text(doc)
    finally:
        c.close()


def case_engine_killed(args):
    """Engine killed mid-stream: a clear message; the next command starts a new engine and works."""
    c = Case(args)
    try:
        c.emu.scenario(kind="stall", times=1)
        doc, status = c.writer("Text ")
        doc.getCurrentController().getViewCursor().gotoEnd(False)
        before = len(status.states)
        c.office.dispatch(doc, "vnd.byok:continue")
        wait_for(lambda: body_text(doc) != "Text ", 20, "the first streamed piece")
        pid = wait_for(lambda: status.last.get("EnginePid"), 5, "the engine pid")
        os.kill(pid, signal.SIGKILL)
        final = status.wait_idle_after(before, 10)
        assert final["Kind"] == "error", final
        assert "byok engine stopped" in final["Message"] and "restarted" in final["Message"], final
        c.emu.scenario(reply="Recovered.", token_ms=5)
        doc.getCurrentController().getViewCursor().gotoEnd(False)
        final = dispatch_and_wait(c, doc, status, "vnd.byok:continue")
        assert final["Kind"] == "info", final
        assert body_text(doc).endswith("Recovered."), body_text(doc)
        assert status.last["EnginePid"] not in (0, pid), status.last
    finally:
        c.close()


def case_no_key_then_settings(args):
    """No key: a clear message. A key set through the settings command reaches the engine (vault) and is
    never written to the office profile."""
    c = Case(args, with_key=False)
    secret = "sk-never-in-the-profile-7f3e9a1c"
    try:
        doc, status = c.writer("Please rewrite me.")
        c.office.select(doc, 0, len("Please rewrite me."))
        final = dispatch_and_wait(c, doc, status, "vnd.byok:rewrite", Instruction="shorter")
        assert final["Kind"] == "error", final
        assert "key" in final["Message"].lower() and "openai" in final["Message"].lower(), final
        assert body_text(doc) == "Please rewrite me.", "a failed rewrite changed the document"

        final = dispatch_and_wait(c, doc, status, "vnd.byok:settings", Provider="openai", Model="gpt-4o-mini", Key=secret)
        assert final["Kind"] == "info" and "…9a1c" in final["Message"], final
        final = dispatch_and_wait(c, doc, status, "vnd.byok:rewrite", Instruction="shorter")
        assert final["Kind"] == "info", final
        auth = [v for k, v in c.emu.chat_requests()[-1]["headers"] if k.lower() == "authorization"]
        assert auth == [f"Bearer {secret}"], "the engine did not use the key set in the settings"
    finally:
        c.close()
    hits = []
    for root, _, files in os.walk(c.profile):
        for f in files:
            path = os.path.join(root, f)
            try:
                with open(path, "rb") as fh:
                    if secret.encode() in fh.read():
                        hits.append(path)
            except OSError:
                pass
    assert not hits, f"the key was written to the office profile: {hits}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--oxt", required=True)
    parser.add_argument("--emulator", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("case")
    args = parser.parse_args()
    fn = globals().get("case_" + args.case)
    if fn is None:
        parser.error(f"unknown case {args.case}")
    t0 = time.monotonic()
    fn(args)
    for d in CASE_DIRS:
        shutil.rmtree(d, ignore_errors=True)
    print(f"{args.case}: ok ({time.monotonic() - t0:.1f}s)")


if __name__ == "__main__":
    main()
