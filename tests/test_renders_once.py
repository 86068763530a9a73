"""A packet lays out each distinct page once: the Ф.107 inventories of a language share one
WeasyPrint render, the cover and the index another, and what they give is, page for page, what a
render of each on its own gives. Layouts are counted (`HTML.render`), never timed."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import weasyprint

from complaintgen.case.casefile import load_case
from complaintgen.packet import build
from complaintgen.packet.attachments import resolve_attachments
from complaintgen.packet.inventory import inventory_letter
from complaintgen.packet.partials import Partials
from complaintgen.packet.pdfpages import count_pdf_pages
from complaintgen.packet.plan import COMBINED_NAME, INVENTORY, is_filed
from complaintgen.writers.files import letter_bytes
from tests.conftest import DATE, EXAMPLES, pdf_text

SMIRNOV = EXAMPLES / "smirnov.yaml"


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> tuple[object, object, dict[str, bytes], list[int]]:
    """The reference packet made in one process (a second one would hide its layouts from the
    count), with the number of WeasyPrint layouts it took."""
    render = weasyprint.HTML.render
    layouts = [0]

    def counted(self: weasyprint.HTML, *args: object, **kwargs: object) -> object:
        layouts[0] += 1
        return render(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "render", counted)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    case = load_case(SMIRNOV, today=DATE)
    packet = build.make_packet(case)
    files = build.packet_files(case, packet)
    return case, packet, files, layouts


def test_inventories_and_front_matter_take_one_layout_each(built):
    _case, packet, _files, layouts = built
    letters = len(packet.letters) + len(packet.readings)
    filed = sum(1 for letter in packet.letters if is_filed(letter))
    assert filed > 1  # else one render of all inventories proves nothing
    # Each letter's PDF; the acceptance box alone, once (one language), drawn onto three of the
    # copies, while the two whose text reaches the foot of their last page are laid out anew
    # (tests/test_filing.py checks both ways agree); then one layout for all inventories, one
    # for the cover and the index, one for the combined file's page labels, one for the guide,
    # one for the read-me.
    assert filed == 5
    assert layouts[0] == letters + 1 + 2 + 5


def _page_texts(data: bytes, folder: Path, name: str) -> list[str]:
    path = folder / name
    path.write_bytes(data)
    return [page.strip() for page in pdf_text(path).split("\f") if page.strip()]


def test_inventories_equal_a_render_of_their_own(built, tmp_path):
    case, packet, files, _layouts = built
    partials = Partials(case)
    attachments = resolve_attachments(case)
    for letter in filter(is_filed, packet.letters):
        name = packet.file_name(letter, f"{INVENTORY}.pdf")
        sheets = count_pdf_pages(files[packet.file_name(letter, "pdf")], name)
        alone = letter_bytes(
            inventory_letter(partials, letter, sheets, attachments), "pdf", date=case.date
        )
        own = _page_texts(alone, tmp_path, "alone.pdf")
        assert _page_texts(files[name], tmp_path, name) == own + own, name
        # Not only the words: the first page looks the same to the pixel (fonts, sizes, rules).
        assert _first_page_png(files[name], tmp_path) == _first_page_png(alone, tmp_path), name


def _first_page_png(data: bytes, folder: Path) -> bytes:
    source = folder / "page.pdf"
    source.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-l", "1", "-singlefile", source, folder / "page"],
        check=True,
    )
    return (folder / "page.png").read_bytes()


def test_combined_front_matter_equals_a_render_of_its_own(built, tmp_path):
    """The cover and the index, laid out together, open the combined file as they did alone: the
    cover on page 1, the index after it, and the first letter right after the index."""
    _case, packet, files, _layouts = built
    pages = _page_texts(files[COMBINED_NAME], tmp_path, COMBINED_NAME)
    first_letter = _page_texts(files[packet.file_name(packet.letters[0], "pdf")], tmp_path, "1.pdf")
    # The index ends where the first letter starts; its text has the first letter's row.
    start = next(n for n, text in enumerate(pages) if text.startswith(first_letter[0][:40]))
    assert start >= 2
    assert packet.letters[0].title.split()[0] in " ".join(pages[1:start])
    assert not any(first_letter[0][:40] in text for text in pages[:start])


def _packet(case: object) -> dict[str, bytes]:
    return build.packet_files(case, build.make_packet(case))  # type: ignore[arg-type]


def test_letters_shared_between_two_processes_give_the_same_packet(monkeypatch):
    """On two cores the letters are laid out by two processes taking turns from one queue; the
    files are byte for byte those one process makes."""
    case = load_case(SMIRNOV, today=DATE)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert build._Elsewhere.can_fork()
    shared = _packet(case)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert shared == _packet(case)


def test_a_letter_the_other_process_took_and_lost_is_laid_out_here(monkeypatch):
    """The forked process takes a letter from the queue and dies before it sends it: the packet
    is still whole, that letter laid out by the process that stayed."""
    case = load_case(SMIRNOV, today=DATE)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    alone = _packet(case)
    parent = os.getpid()
    make = build._other_files

    def dies_with_a_letter(*args: object):
        letters = iter(args[-1])
        if os.getpid() != parent:
            next(letters)  # taken from the queue, never sent
            os._exit(1)
        yield from make(*args)

    monkeypatch.setattr(build, "_other_files", dies_with_a_letter)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert _packet(case) == alone
