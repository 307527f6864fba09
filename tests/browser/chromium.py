"""A minimal headless-Chromium driver over the DevTools protocol, with no dependencies.

Chromium is started with ``--remote-debugging-pipe``: it reads protocol commands from file
descriptor 3 and writes replies and events to descriptor 4, as NUL-terminated JSON. That needs
neither a websocket client nor a port, and it sees every console message, uncaught exception
and browser log entry (failed loads, Content-Security-Policy violations) of the page, so the
page under test is checked exactly as it ships, without an injected harness.

Also runnable: ``python tests/browser/chromium.py PAGE.html OUT.png [--size 1440x900]
[--focus CSS]`` saves a screenshot of a page (docs/screenshot.png is made this way).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import fcntl
import json
import os
import selectors
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--disable-dev-shm-usage",  # containers often have a small /dev/shm
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)


def find_chromium() -> str | None:
    """The Chromium executable: $POLICYTEXT_CHROMIUM, then `chromium` on PATH, or None."""
    exe = os.environ.get("POLICYTEXT_CHROMIUM")
    if exe:
        return exe
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


class BrowserError(RuntimeError):
    """Chromium failed to start, answered with an error, or timed out."""


@dataclass
class PageReport:
    """What a loaded page said and fetched: problems (console errors and warnings, exceptions,
    log entries of level warning or error), other messages, and the URL of every request."""

    problems: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


class Chromium:
    """One headless Chromium process with a fresh profile, driving a single page."""

    def __init__(self, executable: str, *, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self.profile = tempfile.TemporaryDirectory(prefix="policytext-chromium-")
        self.log = open(Path(self.profile.name) / "stderr.log", "wb")  # noqa: SIM115
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        # Copies of the child's ends on free descriptors >= 10, so that moving them onto 3 and 4
        # in the child cannot clobber one with the other. The originals stay open until the
        # child has started, so the low descriptors Popen uses for itself are not 3 or 4.
        high_r = fcntl.fcntl(to_child_r, fcntl.F_DUPFD_CLOEXEC, 10)
        high_w = fcntl.fcntl(from_child_w, fcntl.F_DUPFD_CLOEXEC, 10)

        def wire() -> None:  # runs in the child before exec; dup2 clears close-on-exec
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        try:
            self.proc = subprocess.Popen(
                [executable, *FLAGS, f"--user-data-dir={self.profile.name}", "about:blank"],
                stdin=subprocess.DEVNULL,
                stdout=self.log,
                stderr=self.log,
                pass_fds=(3, 4),
                preexec_fn=wire,
            )
        finally:
            for fd in (to_child_r, from_child_w, high_r, high_w):
                os.close(fd)
        self.out = to_child_w
        self.inp = from_child_r
        os.set_blocking(self.inp, False)
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.inp, selectors.EVENT_READ)
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session: str | None = None
        try:
            target = self.call("Target.createTarget", url="about:blank", session=False)
            attached = self.call(
                "Target.attachToTarget", targetId=target["targetId"], flatten=True, session=False
            )
            self.session = attached["sessionId"]
            for domain in ("Page", "Runtime", "Log", "Network"):
                self.call(f"{domain}.enable")
        except BaseException:
            self.close()
            raise

    # --- protocol ---------------------------------------------------------------------------

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError(f"chromium did not answer in {self.timeout} s{self._tail()}")
            if not self.selector.select(left):
                continue
            chunk = os.read(self.inp, 1 << 20)
            if not chunk:
                raise BrowserError(f"chromium closed the pipe{self._tail()}")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def _tail(self) -> str:
        self.log.flush()
        text = (Path(self.profile.name) / "stderr.log").read_text("utf-8", "replace")
        return ": " + text.strip()[-800:] if text.strip() else ""

    def call(self, method: str, *, session: bool = True, **params: Any) -> dict[str, Any]:
        """Send one command and return its result; events that arrive meanwhile are kept."""
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if session and self.session:
            message["sessionId"] = self.session
        data = json.dumps(message).encode() + b"\0"
        try:
            while data:
                data = data[os.write(self.out, data) :]
        except BrokenPipeError:
            raise BrowserError(
                f"chromium is not running (exit code {self.proc.poll()}){self._tail()}"
            ) from None
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            if "method" in reply:
                self.events.append(reply)

    def wait_for(self, method: str) -> dict[str, Any]:
        """Wait for the next event `method` (also among events already received)."""
        deadline = time.monotonic() + self.timeout
        while True:
            for i, event in enumerate(self.events):
                if event["method"] == method:
                    del self.events[i]
                    return event
            reply = self._read(deadline)
            if "method" in reply:
                self.events.append(reply)

    # --- page -------------------------------------------------------------------------------

    def open(self, path: Path, width: int = 1280, height: int = 900) -> PageReport:
        """Load a local file at a window size; return what the page reported while loading."""
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=width < 700,
        )
        self.events.clear()
        self.call("Page.navigate", url=path.resolve().as_uri())
        self.wait_for("Page.loadEventFired")
        self.evaluate("new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)))")
        return self.report()

    def report(self) -> PageReport:
        """Console messages, exceptions and log entries received so far (and forget them)."""
        rep = PageReport()
        for event in self.events:
            method, params = event["method"], event.get("params", {})
            if method == "Network.requestWillBeSent":
                rep.requests.append(params.get("request", {}).get("url", ""))
            elif method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                text = details.get("exception", {}).get("description") or details.get("text")
                rep.problems.append(f"exception: {text}")
            elif method == "Runtime.consoleAPICalled":
                args = " ".join(
                    str(a.get("value", a.get("description", ""))) for a in params.get("args", [])
                )
                line = f"console.{params.get('type')}: {args}"
                kind = params.get("type")
                (rep.problems if kind in ("error", "assert", "warning") else rep.messages).append(
                    line
                )
            elif method == "Log.entryAdded":
                entry = params.get("entry", {})
                line = f"log {entry.get('level')} ({entry.get('source')}): {entry.get('text')}"
                serious = entry.get("level") in ("error", "warning")
                (rep.problems if serious else rep.messages).append(line)
        self.events.clear()
        return rep

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises are awaited)."""
        result = self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression[:60]}...: {result['exceptionDetails']}")
        return result.get("result", {}).get("value")

    def screenshot(self, out: Path, *, full_page: bool = False) -> Path:
        """Save a PNG of the viewport (or of the whole page)."""
        shot = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=full_page)
        out.write_bytes(base64.b64decode(shot["data"]))
        return out

    def close(self) -> None:
        """Close the browser and remove its profile."""
        with contextlib.suppress(BrowserError, OSError):
            self.call("Browser.close", session=False)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.selector.close()
        for fd in (self.out, self.inp):
            with contextlib.suppress(OSError):
                os.close(fd)
        self.log.close()
        self.profile.cleanup()

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def main(argv: list[str]) -> int:
    """Screenshot a local page; print what the page reported; exit 1 on any problem."""
    ap = argparse.ArgumentParser(description="Screenshot a local HTML page in headless Chromium.")
    ap.add_argument("page", type=Path)
    ap.add_argument("out", type=Path, help="PNG to write")
    ap.add_argument("--size", default="1440x900", help="window WIDTHxHEIGHT (default 1440x900)")
    ap.add_argument("--focus", metavar="CSS", help="focus the first element matching CSS first")
    args = ap.parse_args(argv)
    exe = find_chromium()
    if exe is None:
        print("chromium not found: apt-get install chromium", file=sys.stderr)
        return 1
    width, height = (int(x) for x in args.size.lower().split("x"))
    with Chromium(exe) as browser:
        report = browser.open(args.page, width, height)
        if args.focus:
            selector = json.dumps(args.focus)
            browser.evaluate(f"document.querySelector({selector}).focus({{preventScroll: true}})")
        browser.screenshot(args.out)
        report.problems += browser.report().problems
    for line in report.problems:
        print(line, file=sys.stderr)
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
