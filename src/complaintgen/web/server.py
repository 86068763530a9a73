"""Running the web page: the address, the QR code for a phone, the idle stop.

The server is waitress (a production WSGI server with no dependency of its own) on the loopback
address; with `--lan` on every address of the machine, so that a phone on the same Wi-Fi can
open it. It logs no request: a URL or a form could carry what the person typed.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import signal
import socket
import threading
import time
import webbrowser
from collections.abc import Callable
from pathlib import Path

import segno
from waitress.server import create_server

from complaintgen import messages
from complaintgen.interview import steps
from complaintgen.web.app import create_app, words
from complaintgen.web.state import State

LOOPBACK = "127.0.0.1"


def run(
    case: Path,
    *,
    output: Path,
    language: str,
    lan: bool,
    port: int,
    browser: bool,
    idle_minutes: int,
    say: Callable[[str], None],
    today: dt.date | None = None,
) -> str:
    case = case.absolute()
    if case.exists():
        data, done = steps.load(case)
    else:
        if not case.parent.is_dir():
            raise_no_folder(case, language)
        data, done = {"schema_version": 1}, set()
    state = State(case, output.absolute(), language, data, done)
    logging.getLogger("waitress").setLevel(logging.ERROR)
    host = "0.0.0.0" if lan else LOOPBACK
    server = create_server(_placeholder, host=host, port=port, ident="complaintgen", threads=4)
    bound = int(getattr(server, "effective_port", port))
    names = {LOOPBACK, "localhost"}
    shown_host = LOOPBACK
    if lan:
        shown_host = _lan_address() or LOOPBACK
        names.add(shown_host)
    hosts = {f"{name}:{bound}" for name in names}
    server.application = create_app(state, hosts, today=today)
    url = f"http://{shown_host}:{bound}/?key={state.secret}"
    idle = _watch(state, idle_minutes)
    try:  # Ctrl-C from the first line printed on stops it the same way
        if lan:
            say(words(language)["lan_warning"].format(url=url))
            picture = io.StringIO()
            segno.make(url, error="m").terminal(out=picture, compact=True)
            say(picture.getvalue())
        else:
            say(words(language)["local"].format(url=url))
        say(words(language)["stop"])
        if browser and not lan:
            webbrowser.open(url)
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    if idle.is_set():
        return messages.render("web.idle", language, minutes=idle_minutes)
    return messages.render("web.stopped", language, path=case)


def _placeholder(environ: object, start_response: object) -> list[bytes]:
    raise RuntimeError("the application is set before the server runs")


def raise_no_folder(case: Path, language: str) -> None:
    from complaintgen.errors import ComplaintgenError
    from complaintgen.interview.texts import load

    no_folder = load(language).texts["no_folder"]
    raise ComplaintgenError(no_folder.format(path=case, folder=case.parent))


def _watch(state: State, minutes: int) -> threading.Event:
    """Stop the server (as Ctrl-C does) after `minutes` with no request; the event says so."""
    idle = threading.Event()

    def watch() -> None:
        while True:
            time.sleep(min(30.0, minutes * 60 / 4))
            if time.monotonic() - state.last_seen > minutes * 60:
                idle.set()
                os.kill(os.getpid(), signal.SIGINT)
                return

    threading.Thread(target=watch, daemon=True, name="idle").start()
    return idle


def _lan_address() -> str | None:
    """The machine's address on its local network: the one a UDP socket would send from (no
    packet is sent: connecting a UDP socket only picks the route)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            address: str = probe.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") else address
