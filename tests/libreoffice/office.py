"""Drives a real headless LibreOffice over UNO for the byok extension tests (run with /usr/bin/python3).

An Office owns a throwaway profile, the soffice process and the UNO connection. Installing an extension
needs a restart before its native code runs in the office process itself (docs/libreoffice.md), so
install_extension() is done once per profile template and every test starts from a copy of it.
"""
import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid

import uno  # noqa: F401  (sets up the pyuno bridge)
import unohelper
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.frame import XStatusListener
from com.sun.star.task import XInteractionHandler, XInteractionApprove
from com.sun.star.ucb import XCommandEnvironment, XProgressHandler

SOFFICE = os.environ.get("BYOK_SOFFICE", "/usr/lib/libreoffice/program/soffice")


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def wait_for(predicate, timeout, what, interval=0.05):
    """Polls predicate() until it returns something truthy; raises AssertionError naming `what` on timeout."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what} (last value: {last!r})")


class StatusRecorder(unohelper.Base, XStatusListener):
    """Listens to vnd.byok:status: every state the extension publishes, as dicts."""

    def __init__(self):
        self.states = []

    def statusChanged(self, event):  # noqa: N802 (UNO name)
        state = {p.Name: p.Value for p in (event.State or ())}
        self.states.append(state)

    def disposing(self, source):
        pass

    @property
    def last(self):
        return self.states[-1] if self.states else {}

    def wait_idle_after(self, count, timeout=30):
        """Waits for a state with Busy false published after the first `count` states."""
        def done():
            for s in self.states[count:]:
                if not s.get("Busy"):
                    return s
            return None
        return wait_for(done, timeout, "byok to become idle")


class _ApproveEverything(unohelper.Base, XInteractionHandler):
    """Answers the extension manager's questions the way a user clicking OK would; remembers them."""

    def __init__(self):
        self.requests = []

    def handle(self, request):
        try:
            r = request.getRequest()
            self.requests.append(f"{type(r).__name__}: {getattr(r, 'Message', r)}")
        except Exception as e:  # some requests carry types pyuno cannot convert
            self.requests.append(f"(unreadable request: {e})")
        for c in request.getContinuations():
            if c.queryInterface(uno.getTypeByName("com.sun.star.task.XInteractionApprove")):
                c.select()
                return


class _NoProgress(unohelper.Base, XProgressHandler):
    def push(self, status):
        pass

    def update(self, status):
        pass

    def pop(self):
        pass


class _CommandEnv(unohelper.Base, XCommandEnvironment):
    def __init__(self):
        self.handler = _ApproveEverything()

    def getInteractionHandler(self):  # noqa: N802 (UNO name)
        return self.handler

    def getProgressHandler(self):  # noqa: N802
        return _NoProgress()


class Office:
    def __init__(self, profile_dir, env=None, log_path=None):
        self.profile_dir = profile_dir
        self.env = dict(os.environ if env is None else env)
        self.pipe = "byoktest" + uuid.uuid4().hex[:12]
        self.proc = None
        self.ctx = None
        self.desktop = None
        self.log_path = log_path or os.path.join(profile_dir, "soffice.log")

    # ---- process ------------------------------------------------------------------------------------------
    def start(self, timeout=60):
        os.makedirs(self.profile_dir, exist_ok=True)
        url = uno.systemPathToFileUrl(self.profile_dir)
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [SOFFICE, "--headless", "--invisible", "--norestore", "--nodefault", "--nolockcheck", "--nologo",
             f"-env:UserInstallation={url}", f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext"],
            env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.ctx = resolver.resolve(f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext")
                break
            except NoConnectException:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"soffice exited with {self.proc.returncode}; see {self.log_path}")
                if time.monotonic() > deadline:
                    raise RuntimeError("soffice did not accept a UNO connection in time")
                time.sleep(0.1)
        self.desktop = self.service("com.sun.star.frame.Desktop")
        return self

    def service(self, name, *args):
        if args:
            return self.ctx.ServiceManager.createInstanceWithArgumentsAndContext(name, args, self.ctx)
        return self.ctx.ServiceManager.createInstanceWithContext(name, self.ctx)

    def stop(self, timeout=20):
        if self.proc is None:
            return
        try:
            if self.desktop is not None:
                self.desktop.terminate()
        except Exception:
            pass  # the bridge goes away while terminating
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.proc = None
        self.ctx = self.desktop = None

    def soffice_pids(self):
        return [self.proc.pid] if self.proc else []

    # ---- extension ----------------------------------------------------------------------------------------
    def install_extension(self, oxt_path):
        manager = self.ctx.getValueByName("/singletons/com.sun.star.deployment.ExtensionManager")
        abort = manager.createAbortChannel()
        env = _CommandEnv()
        try:
            manager.addExtension(uno.systemPathToFileUrl(os.path.abspath(oxt_path)), (), "user", abort, env)
        except Exception as e:
            raise AssertionError(f"installing {oxt_path} failed: {e}; the office asked: {env.handler.requests!r}") from None
        ids = [e[0].getIdentifier().Value for e in manager.getAllExtensions(None, None) if e and e[0]]
        if "org.byok.libreoffice" not in ids:
            raise AssertionError(f"the extension did not install; extensions present: {ids}")

    # ---- documents ----------------------------------------------------------------------------------------
    def new_writer(self, text=""):
        doc = self.desktop.loadComponentFromURL("private:factory/swriter", "_blank", 0, ())
        if text:
            doc.getText().setString(text)
        return doc

    def frame_of(self, doc):
        return doc.getCurrentController().getFrame()

    def dispatch(self, doc, command, **args):
        helper = self.service("com.sun.star.frame.DispatchHelper")
        return helper.executeDispatch(self.frame_of(doc), command, "", 0, tuple(prop(k, v) for k, v in args.items()))

    def status_recorder(self, doc):
        recorder = StatusRecorder()
        url = uno.createUnoStruct("com.sun.star.util.URL")
        url.Complete = "vnd.byok:status"
        transformer = self.service("com.sun.star.util.URLTransformer")
        _, url = transformer.parseStrict(url)
        dispatch = self.frame_of(doc).queryDispatch(url, "", 0)
        if dispatch is None:
            raise AssertionError("no dispatch for vnd.byok:status: the extension's protocol handler is not registered")
        dispatch.addStatusListener(recorder, url)
        return recorder

    def select(self, doc, start, length):
        """Selects `length` characters from character `start` of the body text."""
        text = doc.getText()
        cursor = text.createTextCursor()
        cursor.gotoStart(False)
        cursor.goRight(start, False)
        cursor.goRight(length, True)
        doc.getCurrentController().select(cursor)
        return cursor

    def set_config(self, group, name, value):
        provider = self.service("com.sun.star.configuration.ConfigurationProvider")
        access = provider.createInstanceWithArguments(
            "com.sun.star.configuration.ConfigurationUpdateAccess",
            (prop("nodepath", f"/org.byok.libreoffice.Settings/{group}"),))
        access.setPropertyValue(name, value)
        access.commitChanges()


def make_profile_template(oxt_path, workdir, env=None):
    """A profile with the extension installed (install + restart), returned as a directory to copy."""
    template = os.path.join(workdir, "profile-template")
    os.makedirs(template, exist_ok=True)
    office = Office(template, env=env).start()
    try:
        office.install_extension(oxt_path)
    finally:
        office.stop()
    return template


def copy_profile(template, workdir):
    target = tempfile.mkdtemp(prefix="profile-", dir=workdir)
    shutil.rmtree(target)
    shutil.copytree(template, target, symlinks=True)
    return target
