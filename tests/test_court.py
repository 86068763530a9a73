"""The court claim and the ombudsman (issue 13, part A): who may sue, what the claim holds and in
which order, that no half-confirmed point number is printed, the court clock and the ladder."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, get_args

import pytest
from click.testing import CliRunner

from complaintgen.case.casefile import load_case
from complaintgen.case.model import Case, Filing, Ombudsman
from complaintgen.cli import main
from complaintgen.errors import CaseError
from complaintgen.law import registry
from complaintgen.law.deadlines import court_clock
from complaintgen.packet.plan import planned_documents
from complaintgen.render.rendering import render_letter
from complaintgen.tracking.deadlines import track
from complaintgen.tracking.followup import plan as followup_plan
from complaintgen.tracking.status import next_step
from tests.conftest import DATE, EXAMPLES, pdf_text

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
NEW = ("court_claim", "ombudsman_complaint")


def case(name: str, **changes: object) -> Case:
    loaded = load_case(EXAMPLES / f"{name}.yaml", today=DATE)
    return loaded.model_copy(update=changes) if changes else loaded


def filed(doc_id: str, loaded: Case, language: str = "ru") -> str:
    text = render_letter(loaded, doc_id, language).plain_text(filed_only=True)
    return text.replace("\u00a0", " ")


def cited_keys(doc_id: str) -> set[str]:
    keys: set[str] = set()
    for language in ("ru", "en"):
        source = (TEMPLATES / language / f"{doc_id}.xml.j2").read_text(encoding="utf-8")
        keys |= set(re.findall(r'cite\("([a-z0-9_]+)"', source))
    return keys


# --- Citations ----------------------------------------------------------------------------------


@pytest.mark.parametrize("doc_id", NEW)
def test_every_citation_has_a_status_and_a_source_or_says_why_not(doc_id: str) -> None:
    citations = registry.citations()
    for key in cited_keys(doc_id):
        entry = citations[key]
        assert entry.status in registry.STATUSES, key
        # A norm printed as verified was read in a source; one without a source is never
        # called verified, and its note says where the half-confirmed fact came from.
        assert entry.source or (entry.status != "verified" and entry.note), key


# The fee's point in the Tax Code and the ombudsman's article 16 are only partly confirmed
# (domain-next.md §1.7, §9): the act is cited, never the point.
HALF_CONFIRMED = ("333.19", "333.36", "пп. 7", "подпункт")
ARTICLE_16 = re.compile(r"16[^,;()]{0,60}(1-ФКЗ|1-FKZ)")


@pytest.mark.parametrize("name", ["court_claim", "court_claim_lawyer"])
@pytest.mark.parametrize("language", ["ru", "en"])
def test_no_half_confirmed_point_is_printed(name: str, language: str) -> None:
    loaded = case(name)
    documents, _ = planned_documents(loaded)
    assert set(NEW) & set(documents)
    for doc_id in set(NEW) & set(documents):
        text = filed(doc_id, loaded, language)
        for number in HALF_CONFIRMED:
            assert number not in text, f"{name}/{doc_id}/{language}: {number}"
        assert not ARTICLE_16.search(text), f"{name}/{doc_id}/{language}: art. 16"


def test_the_fee_is_cited_by_its_act_only() -> None:
    text = filed("court_claim", case("court_claim"))
    assert "Государственная пошлина: 3 000 руб." in text
    fee = case(
        "court_claim",
        court=case("court_claim").court.model_copy(  # type: ignore[union-attr]
            update={"fee_deferral": "денежное довольствие не выплачивается с июня 2025 года"}
        ),
    )
    text = filed("court_claim", fee)
    assert "Налоговый кодекс Российской Федерации (часть вторая)" in text
    assert "отсрочить уплату государственной пошлины" in text
    assert "документ об уплате государственной пошлины" not in text


# --- Who sues -----------------------------------------------------------------------------------


def test_a_relative_is_never_the_claimant() -> None:
    for name in ("smirnova_mother", "mother_no_authority", "conscript_father"):
        loaded = case(name)
        assert loaded.representative is not None and loaded.representative.kind == "relative"
        court = case("court_claim").court
        sm = loaded.serviceman.model_copy(
            update={"birth_date": dt.date(2001, 3, 14), "birth_place": "г. Курск"}
        )
        ready = loaded.model_copy(update={"court": court, "serviceman": sm})
        documents, notes = planned_documents(ready)
        assert "court_claim" not in documents, name
        note = next(n for n in notes if n.startswith("court_claim: не составлен — "))
        assert "ч. 2 ст. 40 КАС РФ" in note and "ombudsman_complaint" in note
        assert "по доверенности" in note
        # Asked for by name, it is one clear problem, not a claim in her name.
        with pytest.raises(CaseError, match="родственник не может подать иск от своего имени"):
            planned_documents(ready.model_copy(update={"documents": ["court_claim"]}))


def test_an_advocate_signs_only_with_the_powers_named() -> None:
    lawyer = case("court_claim_lawyer")
    assert "court_claim" in planned_documents(lawyer)[0]
    text = filed("court_claim", lawyer)
    assert "Представитель административного истца: адвокат" in text
    assert "высшее юридическое образование" in text
    rep = lawyer.representative
    assert rep is not None
    no_court = lawyer.model_copy(
        update={"representative": rep.model_copy(update={"powers": ["appeals"]}), "documents": None}
    )
    assert "court_claim" not in planned_documents(no_court)[0]
    no_interim = lawyer.model_copy(
        update={
            "representative": rep.model_copy(update={"powers": ["appeals", "court"]}),
            "documents": None,
        }
    )
    interim_court = lawyer.court.model_copy(update={"interim_measures": True})  # type: ignore[union-attr]
    documents, notes = planned_documents(no_interim.model_copy(update={"court": interim_court}))
    assert "court_claim" not in documents
    assert any("interim_measures" in n for n in notes)


# --- The claim's parts ---------------------------------------------------------------------------

# КАС ст. 125, 126 and 220, in the order a clerk checks them.
PARTS = (
    "В Курский гарнизонный военный суд",
    "Административный истец: младший сержант Гусев Павел Андреевич",
    "14.03.2001 года рождения, место рождения: г. Курск",
    "место жительства: 305000, г. Курск",
    "тел. +7 900 123-45-67",
    "Административные ответчики:",
    "1) командир войсковой части 12345 полковник П. П. Петров",
    "2) войсковая часть 12345",
    "Государственная пошлина:",
    "АДМИНИСТРАТИВНОЕ ИСКОВОЕ ЗАЯВЛЕНИЕ",
    "о признании незаконным решения (отказа) командира войсковой части 12345",
    "рапорт о направлении на военно-врачебную комиссию (вх. № 1187)",
    "01.07.2026 мне отказано",
    "нарушает моё право на военно-врачебную экспертизу",
    "Ранее поданные по этому вопросу обращения:",
    "жалоба военному прокурору — 06.07.2026",
    "Срок обращения в суд составляет три месяца",
    "Ходатайство о восстановлении пропущенного срока.",
    "Ходатайство о применении мер предварительной защиты.",
    "прошу:",
    "признать незаконным решение (отказ) командира войсковой части 12345 от 01.07.2026",
    "обязать командира войсковой части 12345 в течение 10 дней",
    "сообщить об исполнении решения",
    "истребовать у административного ответчика книгу (журнал) учёта рапортов",
    "восстановить срок обращения в суд",
    "в качестве меры предварительной защиты",
    "Приложения:",
    "копии административного искового заявления и приложенных документов для административных "
    "ответчиков — 2 экз.",
    "документ об уплате государственной пошлины",
    "копия рапорта о направлении на военно-врачебную комиссию от 19.06.2026 и копия ответа от "
    "01.07.2026",
    "копия жалобы военному прокурору от 06.07.2026 и копия ответа от 14.08.2026",
    "Административный истец",
    "«20» ноября 2026 г.",
)


def test_the_claim_holds_every_part_in_order() -> None:
    text = re.sub(r"\s+", " ", filed("court_claim", case("court_claim")))
    at = 0
    for part in PARTS:
        found = text.find(part, at)
        assert found >= 0, f"missing or out of order: {part!r}"
        at = found + len(part)


def test_inaction_is_continuing_and_needs_no_restoration() -> None:
    loaded = case("court_claim")
    silent = [
        f.model_copy(
            update={"answer_on": None, "answer": None, "answer_kind": None, "answered_by": None}
        )
        if f.document == "vvk_report"
        else f
        for f in loaded.filings
    ]
    text = filed("court_claim", loaded.model_copy(update={"filings": silent}))
    assert "о признании незаконным бездействия командира войсковой части 12345" in text
    assert "носит длящийся характер" in text and "ч. 1.1 ст. 219 КАС РФ" in text
    assert "восстановить срок" not in text
    assert "признать незаконным бездействие командира" in text


def test_a_refusal_within_three_months_asks_no_restoration() -> None:
    loaded = case("court_claim", date=dt.date(2026, 9, 1))
    text = filed("court_claim", loaded)
    assert "и не пропущен" in text
    assert "Ходатайство о восстановлении" not in text


def test_interim_measures_send_the_claim_on_paper() -> None:
    loaded = case("court_claim")
    memo = render_letter(loaded, "court_claim", "ru").plain_text()
    assert "подавайте на бумаге" in memo
    calm = loaded.model_copy(
        update={"court": loaded.court.model_copy(update={"interim_measures": False})}  # type: ignore[union-attr]
    )
    text = render_letter(calm, "court_claim", "ru").plain_text()
    assert "мер предварительной защиты" not in text


def test_a_servicewoman_is_agreed_with() -> None:
    loaded = case("court_claim")
    sm = loaded.serviceman.model_copy(
        update={"gender": "female", "name": "Анна", "surname": "Гусева", "patronymic": "Андреевна"}
    )
    text = filed("court_claim", loaded.model_copy(update={"serviceman": sm}))
    assert "я могу быть направлена" in text
    assert "я добивалась" in text
    assert "я подала" in text


# --- The ombudsman --------------------------------------------------------------------------------


def test_an_advocate_names_his_client_as_the_court_does() -> None:
    # «Доверитель» is a word of the advocate's agreement; before the court the serviceman is
    # the claimant, in the shared paragraphs (captivity, health) as in the claim's own.
    text = filed("court_claim", case("court_claim_lawyer"))
    assert "доверител" not in text.lower()
    assert "административный истец попал в плен" in text
    assert "my client" not in filed("court_claim", case("court_claim_lawyer"), "en")


def test_the_ombudsman_is_offered_only_after_an_answer_within_a_year() -> None:
    loaded = case("court_claim", documents=None)
    assert "ombudsman_complaint" in planned_documents(loaded)[0]
    unanswered = [
        f.model_copy(update={"answer_on": None, "answer": None, "answer_kind": None})
        for f in loaded.filings
    ]
    documents, notes = planned_documents(loaded.model_copy(update={"filings": unanswered}))
    assert "ombudsman_complaint" not in documents
    assert any(
        n.startswith("ombudsman_complaint: не составлен") and "ответ или отказ" in n for n in notes
    )
    # The prosecutor answered on 14.08.2026: a year later the complaint is out of time.
    late = loaded.model_copy(update={"date": dt.date(2027, 8, 15)})
    assert "ombudsman_complaint" not in planned_documents(late)[0]
    on_the_day = loaded.model_copy(update={"date": dt.date(2027, 8, 14)})
    assert "ombudsman_complaint" in planned_documents(on_the_day)[0]


def test_the_ombudsman_complaint_attaches_the_answers_and_may_ask_to_sue() -> None:
    loaded = case("court_claim")
    text = re.sub(r"\s+", " ", filed("ombudsman_complaint", loaded))
    assert text.startswith("Уполномоченному по правам человека в Российской Федерации")
    assert "копия ответа от 01.07.2026 на рапорт о направлении" in text
    assert "копия ответа от 14.08.2026 на жалобу военному прокурору от 06.07.2026" in text
    assert "последний ответ получен 14.08.2026" in text
    assert "обратиться в суд с административным исковым заявлением в защиту моих прав" in text
    quiet = loaded.model_copy(update={"ombudsman": Ombudsman(ask_to_sue=False)})
    assert "обратиться в суд" not in filed("ombudsman_complaint", quiet)


def test_a_regional_commissioner_is_addressed_in_the_dative() -> None:
    regional = Ombudsman(title="Уполномоченный по правам человека в Курской области")
    loaded = case("court_claim", ombudsman=regional)
    text = filed("ombudsman_complaint", loaded)
    assert text.startswith("Уполномоченному по правам человека в Курской области")
    english = filed("ombudsman_complaint", loaded, "en")
    assert "Уполномоченный по правам человека в Курской области [in Russian]" in english


def test_a_mother_complains_to_the_ombudsman_in_his_defence() -> None:
    mother = case("smirnova_mother")
    answered = [
        f.model_copy(
            update={"answer_on": dt.date(2026, 9, 1), "answer_kind": "refusal", "answer": "отказ"}
        )
        for f in mother.filings
    ]
    ready = mother.model_copy(update={"filings": answered, "ombudsman": Ombudsman()})
    assert "ombudsman_complaint" in planned_documents(ready)[0]
    text = filed("ombudsman_complaint", ready)
    assert "с принятыми решениями я не согласна" in text
    assert "в защиту прав моего сына" in text


# --- The court clock (КАС ст. 219) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("refused", "ends"),
    [
        # Three months from the day of the refusal, to the same day of the month …
        (dt.date(2026, 5, 13), dt.date(2026, 8, 13)),  # a Thursday
        # … or to the month's last day where it has no such day; Saturday 28 Feb → Monday.
        (dt.date(2025, 11, 30), dt.date(2026, 3, 2)),
        (dt.date(2026, 11, 30), dt.date(2027, 3, 1)),  # Sunday 28 February 2027 → Monday
        (dt.date(2027, 11, 30), dt.date(2028, 2, 29)),  # a leap year: Tuesday 29 February
        (dt.date(2026, 5, 31), dt.date(2026, 8, 31)),  # a Monday
        (dt.date(2026, 7, 1), dt.date(2026, 10, 1)),
    ],
)
def test_the_court_clock_across_month_ends_and_weekends(refused: dt.date, ends: dt.date) -> None:
    clock = court_clock(refused)
    assert clock.ends == ends and clock.citation == "kas_art219"
    assert not clock.passed(ends) and clock.passed(ends + dt.timedelta(days=1))


def test_continuing_inaction_has_no_end() -> None:
    clock = court_clock(None)
    assert clock.ends is None and clock.citation == "kas_art219_part1_1"
    assert not clock.passed(dt.date(2099, 1, 1))
    assert registry.citations()[clock.citation].status == "verified"


def test_the_claim_asks_to_restore_the_period_from_the_day_after_it_ended() -> None:
    # Refused on 1 July 2026: the three months end on Thursday 1 October 2026.
    on_the_day = filed("court_claim", case("court_claim", date=dt.date(2026, 10, 1)))
    assert "и не пропущен" in on_the_day and "восстановить срок" not in on_the_day
    day_after = filed("court_claim", case("court_claim", date=dt.date(2026, 10, 2)))
    assert "Ходатайство о восстановлении пропущенного срока." in day_after
    assert "восстановить срок обращения в суд" in day_after


# --- The ladder, end to end -----------------------------------------------------------------------


def run(*args: object) -> Any:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def bare_report_case(tmp_path: Path) -> Path:
    """examples/court_claim.yaml before anything was filed: no filings, no court section yet."""
    text = (EXAMPLES / "court_claim.yaml").read_text(encoding="utf-8")
    text = text.replace("date: 2026-11-20", "date: 2026-06-19")
    start, end = text.index("filings:"), text.index("options:")
    path = tmp_path / "case.yaml"
    path.write_text(text[:start] + "filings: []\n\n" + text[end:], encoding="utf-8")
    return path


def test_the_ladder_from_a_bare_report_to_the_court_claim(tmp_path: Path) -> None:
    path = bare_report_case(tmp_path)
    run(
        "record",
        path,
        "--document",
        "vvk_report",
        "--sent",
        "2026-06-19",
        "--channel",
        "in_person",
        "--reference",
        "вх. № 1187",
        "--today",
        "2026-06-19",
    )
    waiting = run("status", path, "--today", "2026-07-01")
    assert waiting.exit_code == 0 and "ждать" in waiting.stdout
    assert "court_claim" not in waiting.stdout
    # The commander refuses in writing: the three months run from that day.
    run(
        "record",
        path,
        "--document",
        "vvk_report",
        "--sent",
        "2026-06-19",
        "--answer-on",
        "2026-07-01",
        "--answer",
        "оснований для направления на ВВК не имеется",
        "--answer-kind",
        "refusal",
        "--answered-by",
        "Командир войсковой части 12345",
        "--today",
        "2026-07-02",
    )
    refused = run("status", path, "--today", "2026-07-02")
    # Recorded as a refusal, it needs no --refused: followup takes it up the ladder.
    assert "followup: Командующий войсками Московского военного округа, Военный прокурор" in (
        refused.stdout
    )
    assert "иск в суд до 01.10.2026 (ч. 1 ст. 219 КАС РФ)" in refused.stdout
    assert "court_claim" not in refused.stdout  # the prosecutor has not spoken yet
    letters = run("followup", path, "-o", tmp_path / "out", "--today", "2026-07-02")
    assert letters.exit_code == 0, letters.output
    assert (tmp_path / "out" / "followup_01_vvk_report_garrison_prosecutor.pdf").exists()
    # The complaint to the prosecutor goes out and gets a formal answer.
    run(
        "record",
        path,
        "--document",
        "prosecutor_complaint",
        "--sent",
        "2026-07-06",
        "--channel",
        "post",
        "--tracking",
        "30500012345678",
        "--today",
        "2026-07-06",
    )
    run(
        "record",
        path,
        "--document",
        "prosecutor_complaint",
        "--sent",
        "2026-07-06",
        "--answer-on",
        "2026-08-14",
        "--answer",
        "оснований для мер реагирования не установлено",
        "--answer-kind",
        "merits",
        "--today",
        "2026-08-15",
    )
    ladder = run("status", path, "--today", "2026-08-15", "--ics", tmp_path / "court.ics")
    rows = ladder.stdout.splitlines()[1:3]
    for row in rows:
        assert "далее: court_claim и ombudsman_complaint" in row, row
        assert "иск в суд до 01.10.2026" in row, row
    ics = (tmp_path / "court.ics").read_text(encoding="utf-8")
    assert "DTSTART;VALUE=DATE:20261001" in ics
    notes = run(
        "followup", path, "-o", tmp_path / "out2", "--refused", "2", "--today", "2026-08-15"
    )
    assert "следующий шаг — административное исковое заявление" in notes.output
    # The user adds the court, and build makes the claim from what was recorded.
    court = "court:\n  name: Курский гарнизонный военный суд\n  venue: unit\n\n"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("options:", court + "options:", 1), encoding="utf-8")
    built = run("build", path, "-o", tmp_path / "packet", "--date", "2026-08-20")
    assert built.exit_code == 0, built.output
    (claim,) = (tmp_path / "packet").glob("*_court_claim.pdf")
    text = re.sub(r"\s+", " ", pdf_text(claim)).replace("- ", "-")
    assert "01.07.2026 мне отказано в направлении на военно-врачебную комиссию" in text
    assert "жалоба военному прокурору — 06.07.2026" in text
    assert "ответ получен 14.08.2026" in text
    assert "и не пропущен" in text and "восстановить срок" not in text
    assert list((tmp_path / "packet").glob("*_ombudsman_complaint.pdf"))
    # Once the claim is recorded, the ladder is in court: the court's month, nothing overdue.
    run(
        "record",
        path,
        "--document",
        "court_claim",
        "--sent",
        "2026-08-21",
        "--channel",
        "in_person",
        "--today",
        "2026-08-21",
    )
    in_court = run("status", path, "--today", "2026-12-01", "--ics", tmp_path / "decision.ics")
    assert in_court.exit_code == 0, in_court.stdout
    assert "суд рассматривает дело до 21.09.2026 (ст. 226 КАС РФ)" in in_court.stdout
    assert "дело в суде (№ 3)" in in_court.stdout
    assert "DTSTART;VALUE=DATE:20260921" in (tmp_path / "decision.ics").read_text("utf-8")


def test_a_branch_refusal_leads_to_the_vvk_appeal() -> None:
    loaded = case("vvk_branch_refusal")
    tracked = track(loaded, DATE)
    branch = [item for item in tracked if item.addressee == "vvk_branch" and item.answered]
    assert branch
    assert next_step(loaded, branch[0], tracked).startswith("если отказ: vvk_appeal")
    _, notes = followup_plan(loaded, tracked, (branch[0].number,))
    assert any("vvk_appeal" in note for note in notes)


def test_the_record_answer_kinds_are_the_case_formats() -> None:
    record = main.commands["record"]
    [option] = [p for p in record.params if p.name == "answer_kind"]
    kinds = Filing.model_fields["answer_kind"].annotation
    assert set(option.type.choices) == {  # type: ignore[attr-defined]
        value for arg in get_args(kinds) for value in get_args(arg)
    }


# --- The filing guide -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "court_claim",
            (
                "1. Административное исковое заявление — в Курский гарнизонный военный суд",
                "подайте его на бумаге",
                "всего три",
                "Государственная пошлина: 3 000 руб.",
                "Подписывает сам военнослужащий, с датой подписания.",
                "не позднее следующего рабочего дня (ст. 87 КАС РФ)",
                "в течение одного месяца со дня поступления заявления в суд",
                "в течение одного месяца со дня вступления решения в законную силу (ст. 227",
                "complaintgen record … --document court_claim",
                "с копиями ответов на прежние жалобы",
            ),
        ),
        (
            "court_claim_lawyer",
            (
                "— в Ростовский-на-Дону гарнизонный военный суд",
                "представитель, в доверенности которого прямо названо право подписывать",
                "и заявлять о мерах предварительной защиты (ч. 2 ст. 56 КАС РФ)",
                "В заявлении есть ходатайство об отсрочке",
            ),
        ),
    ],
)
def test_the_filing_guide_explains_the_claim_and_the_ombudsman(
    name: str, expected: tuple[str, ...], tmp_path: Path
) -> None:
    built = run("build", EXAMPLES / f"{name}.yaml", "-o", tmp_path, "--format", "pdf")
    assert built.exit_code == 0, built.output
    guide = re.sub(r"\s+", " ", pdf_text(tmp_path / "00_filing_guide.pdf"))
    guide = guide.replace("\u00a0", " ")
    for words in expected:
        assert words in guide, words
    # The claim's own proof of filing replaces the generic line, never doubled.
    claim = guide[guide.index("Административное исковое заявление —") :]
    claim = claim[: claim.index("2. Жалоба")]
    assert "Сохранить:" in claim and claim.count("Сохранить:") == 1


def test_the_notes_list_the_legal_basis_with_its_status() -> None:
    loaded = case("court_claim")
    letter = render_letter(loaded, "court_claim", "ru")
    memos = [b.text.replace("\u00a0", " ") for b in letter.blocks if b.kind == "memo"]
    (basis,) = [text for text in memos if "Правовые основания" in text]
    assert "ч. 1.1 ст. 219 КАС РФ — сверено с источником" in basis
    assert "Налоговый кодекс Российской Федерации (часть вторая) — подтверждено частично" in basis
    assert "Правовые основания" not in letter.plain_text(filed_only=True)
    english = render_letter(loaded, "ombudsman_complaint", "en").plain_text()
    english = english.replace("\u00a0", " ")
    assert "Federal Constitutional Law No. 1-FKZ on the Commissioner: partly confirmed" in english
