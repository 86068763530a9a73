"""`complaintgen serve` in a real browser: Debian's chromium driven by Playwright on a phone-sized
screen fills a serviceman's case and a mother's case, corrects a typo, goes back to an earlier
section, attaches a photo, makes the packet and downloads it; the case file it saved passes
`validate`, and `build` makes the same documents from it.

Screenshots of each page go to $COMPLAINTGEN_SCREENSHOTS (when set), to be looked at; the run's
time, pages and requests are written beside them (`measure.txt`).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import pdf_text
from tests.webserver import command, environment, serving

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}
SHOTS = os.environ.get("COMPLAINTGEN_SCREENSHOTS")

pytestmark = [
    pytest.mark.loopback,
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="needs chromium (scripts/system-deps test)"
    ),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


class Run:
    """One person's visit: the page, what it requested, its screenshots."""

    def __init__(self, page: Any, name: str) -> None:
        self.page = page
        self.name = name
        self.requests = 0
        self.pages = 0
        self.shots = 0
        page.on("request", self._request)

    def _request(self, request: Any) -> None:
        self.requests += 1
        if request.resource_type == "document" and request.frame == self.page.main_frame:
            self.pages += 1

    def shot(self, what: str) -> None:
        if SHOTS:
            self.shots += 1
            path = Path(SHOTS) / f"{self.name}_{self.shots:02d}_{what}.png"
            path.parent.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(path), full_page=True)

    def next(self, what: str) -> None:
        self.shot(what)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Сохранить и дальше").click()

    def fill(self, label: str, value: str) -> None:
        field = self.page.get_by_label(label, exact=True)
        field.wait_for(timeout=8000)
        field.fill(value)
        field.press("Tab")

    def settle(self) -> None:
        """Waits until the answer to the latest check is on the page.

        `networkidle` alone is no wait: once a page has reached it, it returns at once, and a
        check still on its way (or not yet sent) leaves the old marks on a loaded machine.
        """
        self.page.wait_for_load_state("networkidle")
        self.page.wait_for_function(
            "() => !document.querySelector('#fields[aria-busy=\"true\"]')", timeout=15000
        )


def slow_line(page: Any) -> None:
    """The browser's own network throttling: 400 ms more on every request, as on a poor line."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 400, "downloadThroughput": -1, "uploadThroughput": -1},
    )


def png(width: int = 600, height: int = 800) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (230, 230, 210)).save(out, "PNG")
    return out.getvalue()


def serviceman_section(run: Run, *, typo: bool) -> None:
    page = run.page
    run.fill("Фамилия", "Смирнов")
    run.fill("Имя", "Алексей")
    run.fill("Отчество", "Петрович")
    page.get_by_label("мужской").check()
    if typo:
        run.fill("Воинское звание", "млашдий сержант")
        error = page.locator(".field.invalid .error").first
        error.wait_for()
        assert "младший сержант" in error.inner_text()
        run.shot("typo")
        run.fill("Дата рождения (ГГГГ-ММ-ДД)", "15.08.1990")
        page.get_by_role("button", name="Подставить 1990-08-15").wait_for()
        page.get_by_role("button", name="Подставить 1990-08-15").click()
        run.settle()
        assert page.get_by_label("Дата рождения (ГГГГ-ММ-ДД)").input_value() == "1990-08-15"
    run.fill("Воинское звание", "младший сержант")
    run.settle()
    run.fill("Должность (именительный падеж, например «стрелок»)", "стрелок")
    run.fill("Почтовый адрес для ответов, с индексом", "123456, г. Тверь, ул. Мира, д. 1, кв. 2")
    run.settle()
    invalid = page.locator(".field.invalid")
    assert not invalid.count(), invalid.all_inner_texts()
    # The declined forms of `new`, shown and correctable.
    assert page.get_by_text("от младшего сержанта Смирнова Алексея Петровича").count()
    run.next("serviceman")


def common_sections(run: Run) -> None:
    page = run.page
    run.fill("Номер войсковой части (4–6 цифр)", "54321")
    run.fill("Звание командира части", "подполковник")
    run.fill("Фамилия командира", "Петров")
    run.fill("Инициалы командира (например П. П.)", "П. П.")
    run.settle()
    run.next("unit")
    run.fill("Дата пленения (ГГГГ-ММ-ДД)", "2024-03-10")
    run.fill("Дата освобождения (ГГГГ-ММ-ДД)", "2025-05-24")
    run.settle()
    run.next("captivity")
    page.locator('[name="health.conditions[0].description"]').fill(
        "осколочное ранение левого бедра"
    )
    run.next("health")
    run.next("after_return")


def finish(run: Run, tmp: Path, case: Path, out: Path) -> None:
    """The last sections, the packet, the ZIP; then the file checked against `build`."""
    page = run.page
    run.next("addressees")
    # A photo from the phone's camera.
    page.get_by_label("Название документа (например «Выписка из госпиталя»)").fill(
        "Выписка из госпиталя"
    )
    page.locator("#upload-file").set_input_files(
        {"name": "photo.png", "mimeType": "image/png", "buffer": png()}
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Прикрепить").click()
    page.get_by_text("Прикреплено: Выписка из госпиталя").wait_for()
    assert page.locator('[name="attachments[0].title"]').input_value() == "Выписка из госпиталя"
    run.next("attachments")
    run.next("filings")
    run.shot("options")
    with page.expect_navigation():
        page.get_by_role("button", name="Сохранить и дальше").click()
    assert page.url.endswith("/make")
    run.shot("make")
    with page.expect_navigation():
        page.locator("#make").click()
    page.get_by_text("Документы готовы").wait_for()
    run.shot("made")
    with page.expect_download() as waited:
        page.locator("#zip").click()
    zipped = tmp / "packet.zip"
    waited.value.save_as(zipped)
    with zipfile.ZipFile(zipped) as archive:
        names = set(archive.namelist())
        assert names == {p.name for p in out.iterdir() if p.is_file()}
        for name in names:
            assert archive.read(name) == (out / name).read_bytes(), name

    validated = subprocess.run(
        command("validate", str(case)), capture_output=True, text=True, env=environment()
    )
    assert validated.returncode == 0, validated.stderr
    built = tmp / "built"
    made = subprocess.run(
        command("build", str(case), "-o", str(built)),
        capture_output=True,
        text=True,
        env=environment(),
        cwd=case.parent,
    )
    assert made.returncode == 0, made.stderr
    assert sorted(p.name for p in built.iterdir()) == sorted(names)
    for name in names:
        assert (built / name).read_bytes() == (out / name).read_bytes(), name
    # The photo is a page of the combined PDF, and counted in the letters.
    packet = pdf_text(out / "00_packet.pdf")
    assert "Выписка из госпиталя" in packet
    assert "на 1 л." in packet


def measured(run: Run, started: float) -> dict[str, Any]:
    seconds = round(time.monotonic() - started, 1)
    figures = {"case": run.name, "seconds": seconds, "pages": run.pages, "requests": run.requests}
    if SHOTS:
        with (Path(SHOTS) / "measure.txt").open("a", encoding="utf-8") as log:
            log.write(json.dumps(figures, ensure_ascii=False) + "\n")
    return figures


def test_a_serviceman_fills_his_case_on_a_phone(browser: Any, tmp_path: Path) -> None:
    case, out = tmp_path / "smirnov.yaml", tmp_path / "out"
    started = time.monotonic()
    with serving(case, out) as served:
        page = browser.new_page(viewport=PHONE)
        # His phone is on a slow line: every check answers late, and the marks he reads must be
        # those of the latest answer (the typo's mark gone once it is corrected).
        slow_line(page)
        run = Run(page, "serviceman")
        page.goto(served.url)
        assert page.url == f"{served.base}/s/applicant"  # the secret is off the address at once
        run.next("applicant")
        serviceman_section(run, typo=True)
        common_sections(run)
        run.next("representative")  # he files himself: nothing is asked
        # Back to an earlier section: the captivity, to add where.
        with page.expect_navigation():
            page.get_by_role("link", name="Плен и обмен").click()
        assert page.get_by_label("Дата пленения (ГГГГ-ММ-ДД)").input_value() == "2024-03-10"
        run.fill("Где (область, населённый пункт)", "Курская область")
        # The letter beside the form takes the answer in when the field is left, unsaved yet.
        page.frame_locator("#letter").get_by_text("Курская область", exact=False).first.wait_for()
        assert "Курская" not in case.read_text(encoding="utf-8")
        # The commander as typed, whatever order the checks of his fields came back in.
        assert page.frame_locator("#letter").get_by_text("Петрову П. П.").count()
        run.next("captivity_again")
        assert page.url.endswith("/s/health")
        with page.expect_navigation():
            page.get_by_role("link", name="Адресаты жалоб").click()
        # The letter beside the form: the рапорт as the PDF writer makes it.
        letter = page.frame_locator("#letter")
        letter.get_by_text("Курская область", exact=False).first.wait_for()
        assert letter.get_by_text("Смирнов", exact=False).count()
        if SHOTS:  # the form and the letter side by side, as on a laptop
            page.set_viewport_size({"width": 1366, "height": 900})
            page.wait_for_timeout(300)
            page.screenshot(path=str(Path(SHOTS) / "laptop_preview.png"))
            page.set_viewport_size(PHONE)
        finish(run, tmp_path, case, out)
        figures = measured(run, started)
        page.close()
    assert "Курская область" in case.read_text(encoding="utf-8")
    assert oct(case.stat().st_mode & 0o777) == "0o600"
    assert figures["pages"] >= 11


def test_a_mother_fills_her_sons_case_on_a_phone(browser: Any, tmp_path: Path) -> None:
    case, out = tmp_path / "smirnova.yaml", tmp_path / "out"
    started = time.monotonic()
    with serving(case, out) as served:
        page = browser.new_page(viewport=PHONE)
        run = Run(page, "mother")
        page.goto(served.url)
        page.get_by_label("родственник").check()
        run.next("applicant")
        serviceman_section(run, typo=False)
        common_sections(run)
        page.get_by_label("Кем вы ему приходитесь").select_option("mother")
        run.fill("Ваша фамилия", "Смирнова")
        run.fill("Ваше имя", "Ольга")
        run.fill("Ваше отчество", "Ивановна")
        page.get_by_label("женский").check()
        run.settle()
        run.fill("Ваш почтовый адрес для ответов, с индексом", "123456, г. Тверь, ул. Мира, д. 1")
        run.settle()
        assert page.get_by_text("от Смирновой Ольги Ивановны").count()
        run.next("representative")
        finish(run, tmp_path, case, out)
        measured(run, started)
        page.close()
    assert "mother" in case.read_text(encoding="utf-8")
