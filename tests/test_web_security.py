"""`complaintgen serve` against what a hostile page, network neighbour or file could do: each
request made by hand over HTTP to a real server in a subprocess."""

from __future__ import annotations

import http.client
import io
import re
import socket
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import NetworkAccessError
from tests.webserver import Served, environment, serving

pytest.importorskip("flask")
pytestmark = pytest.mark.loopback

HOSTILE = '<script>alert("x")</script>&<b>'


class Client:
    """A browser by hand: the cookie of the first URL, the CSRF token of the last page."""

    def __init__(self, served: Served) -> None:
        self.served = served
        self.cookie = ""
        self.csrf = ""

    def request(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        host: str | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.served.port, timeout=30)
        sent = {"Host": host or f"127.0.0.1:{self.served.port}", **(headers or {})}
        if self.cookie:
            sent["Cookie"] = self.cookie
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        got = {k.lower(): v for k, v in response.getheaders()}
        token = re.search(rb'name="csrf-token" content="([^"]+)"', data)
        if token:
            self.csrf = token[1].decode()
        return response.status, got, data

    def login(self) -> None:
        path = self.served.url.removeprefix(self.served.base)
        status, headers, _ = self.request("GET", path)
        assert status == 303
        cookie = headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        self.cookie = cookie.split(";")[0]
        self.request("GET", "/s/applicant")

    def post(self, path: str, fields: dict[str, str], *, csrf: bool = True) -> tuple[int, bytes]:
        form = {**fields, **({"_csrf": self.csrf} if csrf else {})}
        body = urllib.parse.urlencode(form).encode()
        status, _, data = self.request(
            "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        return status, data


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with serving(tmp_path / "case.yaml", tmp_path / "out") as server:
        yield server


@pytest.fixture
def client(served: Served) -> Client:
    web = Client(served)
    web.login()
    return web


def test_without_the_secret_every_request_is_refused(served: Served) -> None:
    anonymous = Client(served)
    for path in ("/", "/s/serviceman", "/preview", "/make", "/packet.zip", "/static/app.js"):
        status, _, body = anonymous.request("GET", path)
        assert status == 403, path
        assert b"complaintgen serve" in body
    status, _, _ = anonymous.request("GET", "/?key=wrong")
    assert status == 403


def test_the_secret_is_exchanged_once(served: Served) -> None:
    first, second = Client(served), Client(served)
    first.login()
    path = served.url.removeprefix(served.base)
    status, _, _ = second.request("GET", path)
    assert status == 403


def test_a_wrong_host_header_is_refused(client: Client) -> None:
    # A page of another site whose name was rebound to 127.0.0.1 sends its own name.
    status, _, _ = client.request("GET", "/s/applicant", host=f"evil.example:{client.served.port}")
    assert status == 400


def test_a_post_without_the_csrf_token_is_refused(client: Client) -> None:
    status, _ = client.post("/s/applicant", {"applicant": "relative"}, csrf=False)
    assert status == 403
    status, _ = client.post(
        "/s/applicant", {"applicant": "relative", "_csrf": "forged"}, csrf=False
    )
    assert status == 403


def test_every_page_forbids_inline_and_foreign_scripts(client: Client) -> None:
    status, headers, body = client.request("GET", "/s/serviceman")
    assert status == 200
    assert headers["content-security-policy"].startswith("default-src 'self'")
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "no-store"
    # No inline script or style, and no resource from elsewhere.
    assert re.findall(rb"<script[^>]*>", body) == [b'<script src="/static/app.js" defer>']
    assert b"<style" not in body and b" style=" not in body
    assert b"http" not in body


def test_a_hostile_string_is_shown_escaped_in_the_form_and_the_preview(
    client: Client, served: Served, tmp_path: Path
) -> None:
    client.post("/s/applicant", {"applicant": "self"})
    status, body = client.post(
        "/s/serviceman",
        {
            "serviceman.surname": HOSTILE,
            "serviceman.name": HOSTILE,
            "serviceman.patronymic": HOSTILE,
            "serviceman.gender": "male",
            "serviceman.rank": "рядовой",
            "serviceman.position": HOSTILE,
            "serviceman.address": HOSTILE,
            "serviceman.phone": HOSTILE,
            "serviceman.personal_number": "АБ-123456",  # checked by its pattern
        },
    )
    assert status == 303, re.sub(rb"<[^>]+>", b"", body)[-1500:].decode()
    page = client.request("GET", "/s/serviceman")[2]
    assert b"<script>alert" not in page
    assert b"&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&amp;&lt;b&gt;" in page
    # Fill the rest so that the рапорт can be previewed with the name in it.
    for section, fields in (
        ("unit", {"unit.number": "54321", "gate.commander": "no"}),
        (
            "captivity",
            {
                "captivity.captured_on": "2024-03-10",
                "captivity.released_on": "2025-05-24",
                "captivity.captured_where": HOSTILE,
            },
        ),
        ("health", {"health.conditions[0].description": HOSTILE, "_count:health.conditions": "1"}),
    ):
        status, body = client.post(f"/s/{section}", fields)
        assert status == 303 or b'class="error' not in body, (section, body[-2000:])
    status, _, letter = client.request("GET", "/preview/vvk_report")
    assert status == 200
    assert b"<script>alert" not in letter and b"<b>" not in letter
    assert b"&lt;script&gt;" in letter
    status, headers, _ = client.request("GET", "/preview/vvk_report")
    assert headers["content-security-policy"].startswith("default-src 'none'")
    assert "script-src" not in headers["content-security-policy"]
    page = client.request("GET", "/s/captivity")[2]
    assert b'<iframe id="letter" title="' in page and b'sandbox="allow-same-origin"' in page


def _upload(client: Client, name: str, data: bytes, title: str = "Выписка") -> tuple[int, bytes]:
    boundary = "----complaintgen"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n{client.csrf}\r\n',
        f'--{boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\n{title}\r\n',
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n",
    ]
    body = "".join(parts).encode() + data + f"\r\n--{boundary}--\r\n".encode()
    status, _, page = client.request(
        "POST", "/upload", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    return status, page


def test_a_wrong_type_of_upload_is_one_clear_message(client: Client, tmp_path: Path) -> None:
    status, page = _upload(client, "../../evil.sh", b"#!/bin/sh\nrm -rf /\n")
    assert status == 400
    assert "это не PDF, JPEG или PNG".encode() in page
    assert not (tmp_path / "attachments").exists()
    assert not list(tmp_path.parent.glob("evil*"))


def test_an_oversized_upload_is_one_clear_message(client: Client, tmp_path: Path) -> None:
    status, page = _upload(client, "big.png", b"\x89PNG\r\n\x1a\n" + b"\0" * (21 * 1024 * 1024))
    assert status == 413
    assert "файл больше 20 МБ".encode() in page
    assert not (tmp_path / "attachments").exists()


def test_a_photo_is_saved_as_a_pdf_page_in_the_case_folder(client: Client, tmp_path: Path) -> None:
    from PIL import Image

    photo = io.BytesIO()
    Image.new("RGB", (300, 400), (200, 200, 200)).save(photo, "JPEG")
    status, page = _upload(client, "../../../photo.jpg", photo.getvalue())
    assert status == 200, page[-1500:]
    saved = tmp_path / "attachments" / "01.pdf"
    assert saved.read_bytes().startswith(b"%PDF-")
    assert oct(saved.stat().st_mode & 0o777) == "0o600"
    assert "file: attachments/01.pdf" in (tmp_path / "case.yaml").read_text(encoding="utf-8")
    # Served back only as a file of the packet, never by a path the request names.
    for path in ("/files/..%2Fcase.yaml", "/files/case.yaml", "/static/../state.py"):
        assert client.request("GET", path)[0] == 404, path


def test_no_answer_is_in_a_url_or_the_servers_output(tmp_path: Path) -> None:
    with serving(tmp_path / "case.yaml", tmp_path / "out") as served:
        web = Client(served)
        web.login()
        web.post("/s/applicant", {"applicant": "self"})
        web.post("/s/serviceman", {"serviceman.surname": "Секретнов"})
    assert "Секретнов" not in served.output
    assert "stopped" in served.output or "остановлено" in served.output


def _address_off_loopback() -> str | None:
    """An address of this machine that is not loopback (as the server's --lan shows it)."""
    found = subprocess.run(
        [
            sys.executable,
            "-c",
            "import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);"
            "s.connect(('10.255.255.255', 1)); print(s.getsockname()[0])",
        ],
        capture_output=True,
        text=True,
    )
    address = found.stdout.strip()
    return address if found.returncode == 0 and not address.startswith("127.") else None


def test_without_lan_the_server_is_not_reachable_off_loopback(served: Served) -> None:
    address = _address_off_loopback()
    if address is None:
        pytest.skip("this machine has no address but loopback")
    # A second Python, unguarded, tries the machine's network address.
    tried = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import socket; socket.create_connection(('{address}', {served.port}), timeout=3)",
        ],
        capture_output=True,
        text=True,
    )
    assert tried.returncode != 0
    assert "ConnectionRefused" in tried.stderr


def test_the_loopback_guard_still_refuses_other_addresses(no_network: list[str]) -> None:
    with pytest.raises(NetworkAccessError):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    with pytest.raises(NetworkAccessError):
        socket.getaddrinfo("example.org", 443)
    assert len(no_network) == 2
    no_network.clear()  # seen; the guard would otherwise fail this test at teardown


def test_the_page_speaks_the_language_asked(tmp_path: Path) -> None:
    with serving(tmp_path / "case.yaml", tmp_path / "out", "--lang", "en") as served:
        web = Client(served)
        web.login()
        page = web.request("GET", "/s/serviceman")[2].decode()
    assert '<html lang="en">' in page
    assert "Save and go on" in page and "Сохранить" not in page
    assert "stopped; the answers are saved in" in served.output


def test_without_the_web_extra_serve_says_how_to_install_it(tmp_path: Path) -> None:
    # Flask made unimportable, as in an installation without the extra.
    code = (
        "import sys; sys.modules['flask'] = None\n"
        "from complaintgen.cli import main\n"
        "main(['serve', 'case.yaml', '--no-browser'])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=environment(),
        cwd=tmp_path,
    )
    assert done.returncode == 1
    assert done.stderr == "для веб-страницы нужны ещё пакеты: pip install 'complaintgen[web]'\n"


@pytest.mark.slow
def test_an_unused_server_stops_by_itself_and_says_so(tmp_path: Path) -> None:
    with serving(tmp_path / "case.yaml", tmp_path / "out", "--idle", "1") as served:
        served.process.wait(timeout=120)  # a minute unused, then within a quarter of it
    assert "остановлено: страницей не пользовались 1 мин." in served.output


def test_an_upload_never_replaces_an_earlier_file(client: Client, tmp_path: Path) -> None:
    earlier = tmp_path / "attachments" / "01.pdf"
    earlier.parent.mkdir()
    earlier.write_bytes(b"%PDF-1.4 the user's own scan")
    status, _ = _upload(client, "scan.pdf", b"%PDF-1.4 a new scan")
    assert status == 200
    assert earlier.read_bytes() == b"%PDF-1.4 the user's own scan"
    assert (tmp_path / "attachments" / "02.pdf").read_bytes() == b"%PDF-1.4 a new scan"
