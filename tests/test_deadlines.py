"""Deadlines after filing: calendar arithmetic, the rules data, `status` and its reminders."""

from __future__ import annotations

import datetime as dt
import re
import stat
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml
from click.testing import CliRunner

from complaintgen.case.casefile import case_from_data
from complaintgen.case.model import DOCUMENT_IDS, Channel
from complaintgen.cli import main
from complaintgen.law import deadlines as law_deadlines
from complaintgen.law import registry
from complaintgen.law.deadlines import add_months, load_rules, next_working_day, rules
from complaintgen.law.registry import RegistryError
from complaintgen.tracking import calendar
from complaintgen.tracking.deadlines import track
from complaintgen.tracking.status import passed_notes
from tests.conftest import EXAMPLES

D = dt.date
MOTHER = EXAMPLES / "smirnova_mother.yaml"


def case_with(filings: list[dict[str, Any]], example: str = "smirnov.yaml", **changes: Any):
    """The example case with these filings (and top-level changes), validated as load_case would."""
    data = yaml.safe_load((EXAMPLES / example).read_text(encoding="utf-8"))
    data["filings"] = filings
    data.update(changes)
    return case_from_data(data, date=D(2027, 6, 1), today=D(2027, 6, 1))


def filing(document: str, sent: str, channel: str = "in_person", **more: Any) -> dict[str, Any]:
    return {"document": document, "sent_on": D.fromisoformat(sent), "channel": channel, **more}


def run(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args])


# --- Calendar arithmetic ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (D(2025, 1, 31), 1, D(2025, 2, 28)),  # no 31 February: the month's last day
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
        (D(2025, 3, 31), 1, D(2025, 4, 30)),
        (D(2025, 11, 30), 3, D(2026, 2, 28)),  # across the year
        (D(2025, 12, 15), 1, D(2026, 1, 15)),
        (D(2025, 8, 29), 6, D(2026, 2, 28)),
        (D(2025, 5, 10), 0, D(2025, 5, 10)),
    ],
)
def test_add_months_at_month_ends(start: dt.date, months: int, end: dt.date) -> None:
    assert add_months(start, months) == end


def test_weekend_moves_to_monday_and_weekdays_stay() -> None:
    assert next_working_day(D(2026, 12, 5)) == D(2026, 12, 7)  # Saturday → Monday
    assert next_working_day(D(2026, 12, 6)) == D(2026, 12, 7)  # Sunday → Monday
    for day in range(7, 12):  # Monday to Friday
        assert next_working_day(D(2026, 12, day)) == D(2026, 12, day)


def test_thirty_calendar_days_from_the_day_after_the_event() -> None:
    answer = rules()["answer"]
    assert answer.days == 30 and answer.months is None
    assert answer.last_day(D(2026, 3, 1)) == D(2026, 3, 31)
    # 30 days from 30 January end on 1 March 2026, a Sunday: the period ends on Monday 2 March.
    assert answer.ends(D(2026, 1, 30)) == D(2026, 3, 2)


def test_due_date_on_a_saturday_moves_to_monday() -> None:
    # Online on Monday 2 November 2026: received that day, registered by Thursday 5 November,
    # answer by 5 December, a Saturday, so by Monday 7 December.
    (item,) = track(case_with([filing("vvk_report", "2026-11-02", "online")]), D(2026, 12, 1))
    assert item.received_on == D(2026, 11, 2) and not item.received_estimated
    assert item.registered_by == D(2026, 11, 5)
    assert D(2026, 12, 5).weekday() == 5
    assert item.due == D(2026, 12, 7)
    assert item.days_left == 6 and not item.overdue


def test_registration_ending_on_a_sunday_moves_the_answer_too() -> None:
    # In person on Thursday 19 June 2025: registration by Sunday 22 → Monday 23 June; answer by
    # 23 July (the smirnov example's рапорт).
    (item,) = track(case_with([filing("vvk_report", "2025-06-19")]), D(2026, 11, 20))
    assert item.registered_by == D(2025, 6, 23)
    assert item.due == D(2025, 7, 23)
    assert item.overdue and item.days_left == -485


def test_extension_lengthens_the_period_not_the_moved_end() -> None:
    # Registered 5 November; 30 + 30 days end on 4 January 2027 (a Monday). Adding 30 days to
    # the moved end (7 December) would give 6 January: two days too late.
    (item,) = track(case_with([filing("vvk_report", "2026-11-02", "online")]), D(2026, 12, 1))
    assert item.due_if_extended == D(2027, 1, 4)


def test_extended_end_on_a_weekend_moves_to_monday() -> None:
    # Online on Saturday 7 November 2026: registered by Tuesday 10 November, due 10 December;
    # 60 days from registration is Saturday 9 January 2027, so the extended end is Monday 11.
    (item,) = track(case_with([filing("vvk_report", "2026-11-07", "online")]), D(2026, 12, 1))
    assert item.registered_by == D(2026, 11, 10)
    assert item.due == D(2026, 12, 10)
    assert D(2027, 1, 9).weekday() == 5
    assert item.due_if_extended == D(2027, 1, 11)


def test_post_without_receipt_is_estimated_and_with_receipt_is_exact() -> None:
    estimate = rules()["delivery_post"]
    assert estimate.status == "unverified" and estimate.citation is None
    sent = "2026-11-02"
    (guess,) = track(case_with([filing("vvk_report", sent, "post")]), D(2026, 11, 20))
    assert guess.received_estimated
    assert guess.received_on == D(2026, 11, 2) + dt.timedelta(days=estimate.days or 0)
    exact_filing = filing("vvk_report", sent, "post", delivered_on=D(2026, 11, 12))
    (exact,) = track(case_with([exact_filing]), D(2026, 11, 20))
    assert not exact.received_estimated
    assert exact.received_on == D(2026, 11, 12)
    assert exact.registered_by == D(2026, 11, 16)  # 15 November is a Sunday
    assert exact.due == D(2026, 12, 16)


def test_prosecutor_gets_thirty_days_under_its_own_citation() -> None:
    (item,) = track(case_with([filing("prosecutor_complaint", "2026-11-02")]), D(2026, 11, 20))
    assert item.addressee == "garrison_prosecutor"
    assert item.answer_rule is not None
    assert item.answer_rule.key == "prosecutor_answer"
    assert item.answer_rule.days == 30
    assert item.answer_rule.status == "unverified"
    assert "15" in item.answer_rule.note  # the shorter period is named and not applied
    assert item.due == D(2026, 12, 7)


def test_court_clock_runs_from_a_refusal_and_ends_on_a_working_day() -> None:
    # A refusal on Sunday 30 November 2025: 3 months end on 28 February 2026, a Saturday.
    answered = filing("vvk_report", "2025-11-03", answer_on=D(2025, 11, 30), answer="отказано")
    (item,) = track(case_with([answered]), D(2026, 1, 10))
    assert item.court_by == D(2026, 3, 2)
    assert rules()["court_claim"].citation == "kas_art219"
    # No answer is continuing inaction: a claim against it has no deadline (КАС ст. 219 ч. 1.1).
    (unanswered,) = track(case_with([filing("vvk_report", "2026-11-02", "online")]), D(2027, 1, 1))
    assert unanswered.overdue and unanswered.inaction
    assert unanswered.court_by is None and not unanswered.court_passed


def test_summary_for_international_bodies_has_no_deadline() -> None:
    (item,) = track(case_with([filing("case_summary", "2026-11-02", "online")]), D(2027, 1, 1))
    assert item.addressee is None and item.due is None
    assert not item.overdue and not item.needs_action


# --- The ladder ---------------------------------------------------------------------------------


def test_an_unanswered_report_goes_to_the_higher_command_and_the_prosecutor() -> None:
    (item,) = track(case_with([filing("vvk_report", "2025-06-19")]), D(2026, 11, 20))
    assert item.addressee == "unit_commander"
    assert item.next_bodies == ("higher_commander", "garrison_prosecutor")
    assert item.pending_bodies == item.next_bodies and item.needs_action


def test_prosecutor_complaints_filed_again_climb_the_ladder() -> None:
    items = track(
        case_with(
            [
                filing("prosecutor_complaint", "2026-01-12"),
                # Re-sent before the first was due: the same garrison prosecutor.
                filing("prosecutor_complaint", "2026-01-20"),
                # After the first two were overdue: the district prosecutor, who answers.
                filing("prosecutor_complaint", "2026-03-02", answer_on=D(2026, 3, 20)),
                # After the district's answer: the Главный военный прокурор.
                filing("prosecutor_complaint", "2026-04-01"),
                filing("prosecutor_complaint", "2026-05-18"),
            ]
        ),
        D(2026, 6, 1),
    )
    assert [item.addressee for item in items] == [
        "garrison_prosecutor",
        "garrison_prosecutor",
        "district_prosecutor",
        "chief_military_prosecutor",
        "chief_military_prosecutor",  # the top: nowhere further to climb
    ]
    assert items[0].escalated == {"district_prosecutor": 3}
    assert not items[0].needs_action  # overdue, but already taken further
    assert items[4].next_bodies == ()  # next is court


def test_a_later_filing_to_the_next_body_counts_as_escalation() -> None:
    items = track(
        case_from_data(yaml.safe_load(MOTHER.read_text(encoding="utf-8")), today=D(2026, 11, 20)),
        D(2026, 11, 20),
    )
    report, complaint = items
    assert report.escalated == {"garrison_prosecutor": 2}
    assert report.pending_bodies == ("higher_commander",)
    assert complaint.answered and not complaint.needs_action


# --- The rules file -----------------------------------------------------------------------------


def test_every_rule_cites_a_registry_entry_or_says_it_is_an_estimate() -> None:
    table = rules()
    for rule in table.periods.values():
        assert rule.status in registry.STATUSES
        assert (rule.days is None) != (rule.months is None)
        if rule.citation is not None:
            assert rule.citation in registry.citations(), rule.key
        elif rule.status != "unverified":
            assert rule.note, rule.key
    assert registry.citations()["gk_art193"].status == "unverified"
    gk = registry.citations()["gk_art193"]
    assert gk.checked is None and gk.source == ()


def _rules_text(**rule_changes: Any) -> str:
    data = yaml.safe_load(
        (Path(law_deadlines.__file__).parent / "data" / "deadlines.yaml").read_text(
            encoding="utf-8"
        )
    )
    data["rules"]["answer"].update(rule_changes)
    return yaml.safe_dump(data, allow_unicode=True)


def test_the_shipped_file_loads_and_a_broken_one_is_refused() -> None:
    assert load_rules(_rules_text()).periods["answer"].days == 30
    with pytest.raises(RegistryError, match=r"rules\.answer\.citation: no citation 'fz59_art99'"):
        load_rules(_rules_text(citation="fz59_art99"))
    with pytest.raises(RegistryError, match="exactly one of days and months"):
        load_rules(_rules_text(months=1))
    with pytest.raises(RegistryError, match=r"rules\.answer\.from"):
        load_rules(_rules_text(**{"from": "tomorrow"}))
    with pytest.raises(RegistryError, match="counts this period from registered"):
        load_rules(_rules_text(**{"from": "sent"}))


# --- status -------------------------------------------------------------------------------------


# Past the prosecutor the next step is the court, whose claim is his own (a relative cannot sue,
# КАС ст. 40 ч. 2); the unanswered рапорт is continuing inaction, with no court deadline.
SAMPLE_ROWS = [
    "1  vvk_report            Командир войсковой части 54321            2025-07-21  2025-09-01*  "
    "просрочено на 445 дней  followup: Командир войсковой части 10101; далее: иск в суд подаёт "
    "сам военнослужащий или адвокат по его доверенности, но не родственник от своего имени "
    "(ч. 2 ст. 40 КАС РФ); иск в суд — в любое время, пока длится бездействие "
    "(ч. 1.1 ст. 219 КАС РФ)",
    "2  prosecutor_complaint  Военный прокурор Белгородского гарнизона  2025-09-01  2025-10-06   "
    "ответ 2025-09-30        если отказ или только переслали: followup --refused 2 "
    "(district_prosecutor: добавьте addressees.district_prosecutor.title); далее: иск в суд "
    "подаёт сам военнослужащий или адвокат по его доверенности, но не родственник от своего "
    "имени (ч. 2 ст. 40 КАС РФ); иск в суд — в любое время, пока длится бездействие "
    "(ч. 1.1 ст. 219 КАС РФ)",
]


def test_status_table_of_the_mother_example_and_exit_code_3() -> None:
    result = run("status", MOTHER, "--today", "2026-11-20")
    assert result.exit_code == 3, result.output
    lines = result.stdout.splitlines()
    # A Russian case: its table speaks Russian.
    header = ["№", "документ", "адресат", "подан", "срок", "осталось", "что", "дальше"]
    assert lines[0].split() == header
    assert lines[1:3] == SAMPLE_ROWS
    assert "праздничные дни не учтены" in result.stdout
    assert "принята за 7 дней" in result.stdout  # the * on the first due date


def test_status_exit_0_when_nothing_is_overdue(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    text = (EXAMPLES / "smirnov.yaml").read_text(encoding="utf-8")
    case.write_text(text.replace("sent_on: 2025-06-19", "sent_on: 2026-11-20"), encoding="utf-8")
    result = run("status", case, "--today", "2026-11-25")
    assert result.exit_code == 0, result.output
    # Handed in on Friday 20 November: registered by Monday 23, answered by 23 December.
    assert "2026-12-23" in result.stdout and "осталось 28 дней" in result.stdout
    on_the_day = run("status", case, "--today", "2026-12-23")
    assert on_the_day.exit_code == 0 and "срок сегодня" in on_the_day.stdout
    assert run("status", case, "--today", "2026-12-24").exit_code == 3


def test_status_exit_1_on_a_bad_case_file(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    text = MOTHER.read_text(encoding="utf-8")
    case.write_text(text.replace("channel: online", "channel: pigeon"), encoding="utf-8")
    result = run("status", case, "--today", "2026-11-20")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "filings[1].channel" in result.stderr
    assert "Traceback" not in result.stderr
    # A date that does not exist is one line too (PyYAML fails outside its own errors there).
    case.write_text(text.replace("sent_on: 2025-09-01", "sent_on: 2025-13-01"), encoding="utf-8")
    result = run("status", case, "--today", "2026-11-20")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1, result.output
    assert "filings[1].sent_on: «2025-13-01» — такой даты нет" in result.stderr


def test_status_with_a_future_filing_refers_to_today(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    text = MOTHER.read_text(encoding="utf-8")
    case.write_text(text.replace("sent_on: 2025-09-01", "sent_on: 2026-12-01"), encoding="utf-8")
    result = run("status", case, "--today", "2026-11-20")
    assert result.exit_code == 1 and "2026-12-01" in result.stderr


# --- Calendar reminders -------------------------------------------------------------------------


def _unfold(text: str) -> list[str]:
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    raw = text.split("\r\n")[:-1]
    for line in raw:
        assert len(line.encode("utf-8")) <= 75, line
    lines: list[str] = []
    for line in raw:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def _events(lines: list[str]) -> list[dict[str, str]]:
    events, current, depth = [], None, []
    for line in lines:
        name, _, value = line.partition(":")
        if name == "BEGIN":
            depth.append(value)
            if value == "VEVENT":
                current = {}
        elif name == "END":
            assert depth.pop() == value
            if value == "VEVENT":
                events.append(current)
        elif current is not None and depth[-1] == "VEVENT":
            current[name] = value
    assert depth == []
    return events


def test_ics_parses_with_dates_and_stable_uids(tmp_path: Path) -> None:
    ics = tmp_path / "deadlines.ics"
    result = run("status", MOTHER, "--today", "2026-11-20", "--ics", ics)
    assert result.exit_code == 3
    assert stat.S_IMODE(ics.stat().st_mode) == 0o600
    text = ics.read_bytes().decode("utf-8")
    lines = _unfold(text)
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"] and lines[-1] == "END:VCALENDAR"
    assert any(line.startswith("PRODID:") for line in lines)
    events = _events(lines)
    # The рапорт: its answer (due 1 September 2025) and no court period while it goes
    # unanswered (КАС ст. 219 ч. 1.1); the answered complaint: the court period only.
    starts = sorted(event["DTSTART;VALUE=DATE"] for event in events)
    assert starts == ["20250901", "20251230"]
    for event in events:
        assert re.fullmatch(r"[0-9a-f]{24}-(answer|court)@complaintgen", event["UID"])
        assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"])
        start = dt.datetime.strptime(event["DTSTART;VALUE=DATE"], "%Y%m%d").date()
        end = dt.datetime.strptime(event["DTEND;VALUE=DATE"], "%Y%m%d").date()
        assert end == start + dt.timedelta(days=1)
        assert "Кравец" not in event["SUMMARY"] + event["DESCRIPTION"]  # no names in calendars
    assert len({event["UID"] for event in events}) == len(events)
    # The same filings give the same UIDs on another day: a re-import updates, never doubles.
    again = tmp_path / "again.ics"
    run("status", MOTHER, "--today", "2026-12-01", "--ics", again)
    assert {e["UID"] for e in _events(_unfold(again.read_bytes().decode("utf-8")))} == {
        e["UID"] for e in events
    }


def test_ics_is_not_overwritten_without_force(tmp_path: Path) -> None:
    ics = tmp_path / "deadlines.ics"
    ics.write_text("mine", encoding="utf-8")
    result = run("status", MOTHER, "--today", "2026-11-20", "--ics", ics)
    assert result.exit_code == 1 and "--force" in result.stderr
    assert ics.read_text(encoding="utf-8") == "mine"
    assert run("status", MOTHER, "--today", "2026-11-20", "--ics", ics, "--force").exit_code == 3
    assert ics.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")


def test_ics_escapes_and_folds_text() -> None:
    assert calendar._escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = calendar._fold("SUMMARY:" + "Ж" * 80)
    parts = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert "".join(part.removeprefix(" ") for part in parts) == "SUMMARY:" + "Ж" * 80


# --- One list of channels, one strict loader --------------------------------------------------


def test_every_filing_channel_has_its_delivery_rule() -> None:
    channels = get_args(Channel)
    assert channels == law_deadlines.CHANNELS
    for channel in channels:
        assert law_deadlines.COUNTED_FROM[f"delivery_{channel}"] == "sent"
        assert rules()[f"delivery_{channel}"].start == "sent"


def test_a_rule_written_twice_is_refused_not_silently_replaced() -> None:
    # Plain YAML keeps the second `answer:`; the data file must stop with the line instead.
    text = _rules_text().replace("rules:\n", "rules:\n  answer:\n    days: 1\n", 1)
    with pytest.raises(RegistryError, match=r"line \d+: not valid YAML: found the key 'answer'"):
        load_rules(text)


def test_documents_and_medical_variants_follow_the_case_format() -> None:
    table = rules()
    assert tuple(table.documents) == DOCUMENT_IDS
    assert set(table.medical_variants) == set(law_deadlines.MEDICAL_VARIANTS)
    assert law_deadlines.MEDICAL_VARIANTS == ("vvk_branch", "district_medical", "civilian")
    data = yaml.safe_load(_rules_text())
    del data["documents"]["ministry_appeal"]
    data["medical_variants"]["hospital"] = "regional_health"
    with pytest.raises(RegistryError) as error:
        load_rules(yaml.safe_dump(data, allow_unicode=True))
    assert "documents.ministry_appeal: missing" in str(error.value)
    assert "medical_variants.hospital: not a value of addressees.medical.variant" in str(
        error.value
    )


def test_every_document_has_words_in_both_languages() -> None:
    for language in ("ru", "en"):
        assert [calendar.document_words(doc, language) for doc in DOCUMENT_IDS]


# --- Court deadlines already passed -------------------------------------------------------------


def test_a_passed_court_deadline_is_said_plainly_in_russian_with_what_can_be_done() -> None:
    # Refused in writing on 1 July 2025: the three months ended on 1 October 2025.
    refused = filing(
        "vvk_report",
        "2025-06-19",
        answer_on=D(2025, 7, 1),
        answer="отказано",
        answer_kind="refusal",
    )
    overdue = filing("prosecutor_complaint", "2025-07-10")
    case = case_with([refused, overdue])
    notes = passed_notes(case, D(2026, 11, 20))
    assert notes[0] == (
        "№ 1, рапорт (обращение) о направлении на ВВК от 19.06.2025: срок для административного "
        "иска в суд (три месяца со дня письменного отказа, ч. 1 ст. 219 КАС РФ) истёк 01.10.2025."
    )
    assert "суд может восстановить пропущенный срок" in notes[1]
    assert "ч. 7 ст. 219 КАС РФ" in notes[1] and "ст. 95 КАС РФ" in notes[1]
    assert "ч. 6 ст. 219 КАС РФ" in notes[2]  # the prosecutor never answered: a good reason
    assert len(notes) == 3
    assert passed_notes(case, D(2025, 10, 1)) == []  # the last day itself has not passed


def test_an_unanswered_report_is_continuing_inaction_without_a_court_deadline() -> None:
    case = case_with([filing("vvk_report", "2025-06-19")])
    assert passed_notes(case, D(2026, 11, 20)) == []


def test_a_passed_court_deadline_in_an_english_case_is_in_english() -> None:
    answered = filing("vvk_report", "2025-06-19", answer_on=D(2025, 7, 1), answer="refused")
    case = case_with([answered], language="en")
    notes = passed_notes(case, D(2026, 11, 20))
    assert notes[0] == (
        "#1 report requesting a medical board sent 2025-06-19: if the answer refused, the three "
        "months for a court claim (Art. 219(1) of the Code of Administrative Procedure) ended "
        "on 2025-10-01; that deadline has passed."
    )
    assert "the court may restore a missed period for a good reason" in notes[1]
    assert "Art. 219(7)" in notes[1]
    assert len(notes) == 2  # answered: no complaint left unconsidered
    assert not any(re.search("[а-яё]", note) for note in notes)


def test_status_says_the_court_deadline_has_passed() -> None:
    result = run("status", MOTHER, "--today", "2026-11-20")
    assert "истёк 30.12.2025" in result.stdout  # the prosecutor's answer, in case it refused
    assert "суд может восстановить пропущенный срок" in result.stdout
    # Before the first court deadline, nothing is said about it.
    assert "истёк" not in run("status", MOTHER, "--today", "2025-11-20").stdout


# A part or a point of an article, as a citation's text gives it.
_PART_OR_POINT = re.compile(r"\b(?:ч\.|част[ьи]|п\.|пункт)\s*\d|\b(?:Art\.|Article) \d+\(\d")


def test_a_deadline_cites_no_part_of_an_article_the_registry_is_not_sure_of() -> None:
    """status and build print each period's citation: a half-confirmed part is not printed."""
    for name, rule in rules().periods.items():
        if rule.citation is None:
            continue
        citation = registry.citations()[rule.citation]
        if citation.status == "verified":
            continue
        for language in ("ru", "en"):
            for short in (False, True):
                text = citation.text(language, short)
                assert not _PART_OR_POINT.search(text), f"{name}: {rule.citation}: {text}"


def test_status_says_the_registration_days_by_the_article_alone(tmp_path: Path) -> None:
    for language, article, part in (
        ("ru", "ст. 8 Федерального закона № 59-ФЗ", "ч. 2 ст. 8"),
        ("en", "Art. 8 of Federal Law No. 59-FZ", "Art. 8(2)"),
    ):
        text = (EXAMPLES / "smirnov.yaml").read_text(encoding="utf-8")
        path = tmp_path / f"{language}.yaml"
        path.write_text(text.replace("language: ru", f"language: {language}", 1), "utf-8")
        result = CliRunner().invoke(main, ["status", str(path), "--today", "2025-06-20"])
        said = result.output
        assert article in said and part not in said, said
