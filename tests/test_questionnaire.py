"""The questionnaire: answers in, a case file that `validate` accepts and `build` turns into
documents out; wrong answers asked again with the reason; drafts resumed; one section edited.

Each script below is what a person would type, one answer per question, "" being Enter.
"""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from complaintgen import messages
from complaintgen.case import casewriter
from complaintgen.case.casefile import load_case, read_yaml
from complaintgen.case.model import DOCUMENT_IDS
from complaintgen.cli import main
from complaintgen.datafile import RegistryError
from complaintgen.errors import ComplaintgenError
from complaintgen.interview import specs, texts
from complaintgen.interview.answers import yes_no
from complaintgen.interview.questionnaire import new_case
from tests.conftest import DATE, EXAMPLES

# --- scripts ---------------------------------------------------------------------------------

# The serviceman files himself and gives only what is required: the shortest path.
SELF_MINIMAL = [
    "",  # who files: Enter = the serviceman himself
    "Смирнов",
    "Алексей",
    "Викторович",
    "",  # gender: Enter = male, guessed from the patronymic
    "",  # birth date
    "младший сержант",
    "",  # «от младшего сержанта Смирнова Алексея Викторовича — верно?» Enter = yes
    "",  # service type
    "",  # личный номер
    "",  # position
    "305000, г. Курск, ул. Садовая, д. 12, кв. 7",
    "",  # phone
    "",  # e-mail
    "12345",  # unit
    "",  # garrison
    "н",  # commander known? no
    "",  # higher command
    "",  # where he is now
    "2024-08-15",
    "",  # where captured
    "2025-05-24",
    "",  # exchange
    "",  # category: Enter = unknown
    "",  # handover place
    "",  # examined in captivity: Enter = don't know
    "",  # after release
    "осколочное ранение левого бедра",
    "",  # since
    "",  # origin: Enter = unknown
    "",  # another? Enter = no
    "",  # treatment
    "",  # earlier ВВК? Enter = no
    "",  # disability
    "",  # events after the return? Enter = no
    "",  # prosecutor
    "",  # medical authority: Enter = none
    "",  # attachments? Enter = no
    "",  # filed already? Enter = no
    "",  # change the layout? Enter = no
]

# The mother files, with the facts of the bundled example `smirnova_mother.yaml`.
RELATIVE = [
    "2",  # a relative
    "Кравец",
    "Денис",
    "Олегович",
    "",
    "2003-09-02",
    "гвардии рядовой",  # one answer sets `guards: true`
    "",
    "контракт",  # not a label: asked again
    "1",
    "Э-100100",
    "стрелок 2 мотострелкового отделения",
    "",  # «стрелка 2 мотострелкового отделения — верно?»
    "",  # his address: optional when someone else files
    "",
    "",
    "в/ч 54321",
    "Белгород",
    "",  # commander known? Enter = yes
    "подполковник",
    "Черных",
    "А.С.",  # initials: stored as «А. С.»
    "",  # gender: Enter = male
    "",  # «командиру войсковой части 54321 подполковнику Черных А. С. — верно?»
    "Командир войсковой части 10101",
    "",  # «Командиру войсковой части 10101 — верно?»
    "",  # its address
    "2",  # in hospital
    "2024-12-03",
    "Донецкая Народная Республика",
    "2025-06-09",
    "обмен тяжелораненых и тяжелобольных военнопленных",
    "1",  # seriously wounded or sick
    "Республика Беларусь",
    "да",
    "",
    "минно-взрывная травма, ампутация двух пальцев правой кисти",
    "2024-12-03",
    "1",  # combat
    "д",  # another
    "посттравматическое стрессовое расстройство",
    "2025-03-01",
    "2",  # captivity
    "",  # no more
    "с 10.06.2025 по 01.07.2025 в военном госпитале; выписан без направления на ВВК",
    "",  # earlier ВВК: no
    "",
    "д",  # events
    "2025-07-02",
    "после выписки из госпиталя направлен в войсковую часть 54321",
    "",  # no more
    "1",  # mother
    "Кравец",
    "Любовь",
    "Андреевна",
    "",  # gender guessed: female
    "",  # «от Кравец Любови Андреевны — верно?»
    "308000, г. Белгород, ул. Победы, д. 5, кв. 12",
    "+7 910 000-11-22",
    "",
    "доверенность от 20.07.2025",
    "",  # no written consent of the serviceman recorded
    "Военный прокурор Белгородского гарнизона",
    "",  # forms
    "",  # address
    "",  # district prosecutor
    "б",  # the district military medical directorate
    "Начальник военно-медицинского управления Московского военного округа",
    "",  # forms
    "",  # address
    "д",  # attachments
    "копия выписного эпикриза военного госпиталя от 01.07.2025",
    "",  # file
    "3",
    "",  # copies: Enter = 1
    "",  # original? Enter = no
    "",  # no more
    "",  # filed already: no
    "",  # layout: no
]

# An advocate files and answers everything, with two entries in every list: the longest path.
LAWYER_EVERYTHING = [
    "3",  # an advocate
    "Белых",
    "Анна",
    "Сергеевна",
    "",  # female, from the patronymic
    "1996-01-25",
    "старший лейтенант медицинской службы",
    "",
    "1",  # contract
    "АБ-200200",
    "врач-специалист медицинского пункта",
    "",
    "344000, г. Ростов-на-Дону, ул. Мира, д. 3",
    "+7 900 000-00-01",
    "belykh@mail.ru",
    "77777",
    "Ростов-на-Дону",
    "д",
    "гвардии полковник",
    "Лебедь",
    "Н. И.",
    "",
    "",
    "Командующий войсками Южного военного округа",
    "",
    "344000, г. Ростов-на-Дону, пр. Будённовский, д. 43",
    "1",  # in the unit
    "2023-02-10",
    "Запорожская область",
    "2025-10-02",
    "обмен военнопленными по соглашению сторон",
    "2",  # long captivity
    "Республика Беларусь",
    "нет",
    "с 02.10.2025 по 25.10.2025 в изоляции в Московской области",
    "хроническая пневмония",
    "2024-01-01",
    "2",
    "д",
    "последствия закрытой черепно-мозговой травмы",
    "2023-02-10",
    "1",
    "",
    "обследование проведено не в полном объёме",
    "д",  # earlier ВВК
    "2025-11-10",
    "ВВК военного госпиталя (г. Ростов-на-Дону)",
    "б",  # the Latin look-alike is not a number or label: the model reads it as «Б»
    "свидетельство о болезни № 1234",
    "III группа с 01.12.2025",  # disability
    "д",
    "2025-11-20",
    "получено предписание о направлении в зону боевых действий",
    "д",
    "2025-11-21",
    "устно просил направить на ВВК, получил отказ",
    "",
    "Орлов",
    "Игорь",
    "Сергеевич",
    "",
    "",
    "344000, г. Ростов-на-Дону, пр. Будённовский, д. 1, офис 10",
    "+7 863 000-00-00",
    "orlov@advokat.ru",
    "соглашение об оказании юридической помощи от 01.11.2025",
    "61/1234",
    "045",
    "Адвокатская палата Ростовской области",
    "да",  # the serviceman's written consent
    "Военный прокурор Ростовского гарнизона",
    "",
    "344000, г. Ростов-на-Дону, ул. Пушкинская, д. 1",
    "Военный прокурор Южного военного округа",
    "",
    "344000, г. Ростов-на-Дону, ул. Шаумяна, д. 2",
    "в",  # civilian health ministry
    "Министр здравоохранения Ростовской области",
    "",
    "344029, г. Ростов-на-Дону, ул. 1-й Конной Армии, д. 33",
    "д",
    "копия свидетельства о болезни № 1234",
    "",
    "2",
    "2",
    "",
    "д",
    "ордер адвоката № 045",
    "",
    "1",
    "",
    "да",  # the original
    "",
    "д",
    "1",  # the рапорт
    "2025-11-12",
    "2",  # by post
    "вх. № 5512",
    "RA123456789RU",
    "2025-11-15",  # delivered
    "2025-12-10",
    "в повторном освидетельствовании отказано",
    "1",  # a refusal
    "Командир войсковой части 12345",
    "д",
    "3",  # complaint to the prosecutor
    "2025-12-15",
    "1",  # in person
    "вх. № 77",
    "",
    "2026-01-20",
    "проводится проверка",
    "3",  # a reply on the merits
    "",
    "",
    "д",  # layout
    "",  # documents in Russian
    "2026-11-20",
    "2",  # numeric dates
    "нет",  # summary with names
    "",  # summary in English
]


class Script:
    """A person typing the answers of a script; the end of the script is the end of input."""

    def __init__(self, answers: list[str]) -> None:
        self.answers = list(answers)
        self.prompts: list[str] = []
        self.said: list[str] = []

    def ask(self, prompt: str, default: str) -> str:
        self.prompts.append(prompt)
        if not self.answers:
            raise EOFError
        answer = self.answers.pop(0)
        return answer or default  # Enter keeps the default, as on a terminal

    def say(self, text: str) -> None:
        self.said.append(text)

    @property
    def output(self) -> str:
        return "\n".join(self.said + self.prompts)


def typed(answers: list[str]) -> str:
    return "".join(f"{answer}\n" for answer in answers)


def run(*args: str | Path, input: str | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def interview(tmp_path: Path, answers: list[str], **options) -> tuple[Path, Script, bool]:
    path = tmp_path / "case.yaml"
    script = Script(answers)
    build = new_case(path, script, language="ru", today=DATE, **options)
    return path, script, build


# --- whole paths -----------------------------------------------------------------------------


def test_shortest_path_gives_a_valid_case(tmp_path: Path) -> None:
    path, script, build = interview(tmp_path, [*SELF_MINIMAL, "н"])
    case = load_case(path, today=DATE)
    assert case.files_himself
    assert case.serviceman.address == "305000, г. Курск, ул. Садовая, д. 12, кв. 7"
    assert case.captivity.released_on == dt.date(2025, 5, 24)
    assert build is False  # the last answer declined the build
    assert not script.answers
    # The note on the issue quotes this count: every question, the offer to build included.
    assert len(script.prompts) == 41
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert casewriter.load_draft(path)[1] is None  # finished: no progress mark


def test_longest_path_gives_every_field(tmp_path: Path) -> None:
    path, script, build = interview(tmp_path, [*LAWYER_EVERYTHING, ""])
    assert build is True
    assert not script.answers
    assert len(script.prompts) == 122  # consent, and the kind and author of each of the two answers
    case = load_case(path, today=DATE)
    rep = case.representative
    assert rep is not None and rep.kind == "lawyer" and rep.order_number == "045"
    assert case.serviceman.rank_service == "медицинской службы"
    assert case.unit.commander is not None and case.unit.commander.guards
    assert [str(c.description) for c in case.health.conditions] == [
        "хроническая пневмония",
        "последствия закрытой черепно-мозговой травмы",
    ]
    assert case.health.previous_vvk is not None and case.health.previous_vvk.category == "Б"
    assert case.after_return is not None and len(case.after_return.events) == 2
    assert [a.original for a in case.attachments] == [False, True]
    assert case.filings[0].delivered_on == dt.date(2025, 11, 15)
    assert case.filings[1].document == "prosecutor_complaint"
    assert case.addressees is not None and case.addressees.medical is not None
    assert case.addressees.medical.variant == "civilian"
    assert case.addressees.district_prosecutor is not None
    assert case.date == DATE and case.options.date_style == "numeric"
    assert case.options.summary_anonymised is False


@pytest.mark.parametrize(
    ("answers", "kind"),
    [(SELF_MINIMAL, None), (RELATIVE, "relative"), (LAWYER_EVERYTHING, "lawyer")],
    ids=["self", "relative", "lawyer"],
)
def test_each_applicant_through_the_cli_validates_and_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answers: list[str], kind: str | None
) -> None:
    monkeypatch.chdir(tmp_path)  # `build` writes beside the current folder, as `build` does
    # The last answer takes the offer to make the documents right away.
    result = run("new", "case.yaml", input=typed([*answers, ""]))
    assert result.exit_code == 0, result.output + result.stderr
    assert "Что дальше" in result.stdout  # the end of build, not its list of files
    assert (tmp_path / "case" / "01_vvk_report.docx").stat().st_size > 1000
    assert (tmp_path / "case" / "01_vvk_report.pdf").stat().st_size > 1000
    checked = run("validate", "case.yaml")
    assert checked.exit_code == 0, checked.stderr
    case = load_case(tmp_path / "case.yaml", today=dt.date.today())
    rep = case.representative
    assert (rep.kind if rep else None) == kind


def test_relative_answers_are_read_as_the_models_read_them(tmp_path: Path) -> None:
    path, script, _ = interview(tmp_path, [*RELATIVE, "н"])
    case = load_case(path, today=DATE)
    assert case.serviceman.guards and case.serviceman.rank == "рядовой"
    assert case.serviceman.service_type == "contract"
    assert case.unit.number == "54321"
    assert case.unit.commander is not None and case.unit.commander.initials == "А. С."
    assert case.representative is not None
    assert case.representative.relation == "mother"
    assert case.representative.gender == "female"
    assert case.captivity.examined_in_captivity is True
    stored = read_yaml(path)[0]
    assert stored["unit"]["number"] == "54321"  # written as the model reads it
    assert "Введите номер из списка" in script.output  # «контракт» was asked again


# --- wrong answers ---------------------------------------------------------------------------


class Recorder(Script):
    """A script that also remembers the default each question was asked with."""

    def __init__(self, answers: list[str]) -> None:
        super().__init__(answers)
        self.defaults: list[tuple[str, str]] = []

    def ask(self, prompt: str, default: str) -> str:
        self.defaults.append((prompt, default))
        return super().ask(prompt, default)


# Wrong answers, each followed by the right one; "" is Enter.
WRONG_THEN_RIGHT = [
    "",  # who files
    "Смирнов",
    "Алексей",
    "Викторович",
    "",
    "",
    "младший сержат",  # a typo: asked again, with the nearest ranks
    "младший сержант",
    "",  # forms
    "",  # service type
    "АБ123456",  # no hyphen: asked again
    "АБ-123456",
    "",  # position
    "305000, г. Курск, ул. Садовая, д. 12, кв. 7",
    "",
    "",
    "в/ч 12",  # too short for a unit number
    "в/ч 12345",
    "",  # garrison
    "н",  # commander
    "",  # higher command
    "",  # where now
    "15.08.2024",  # as Russians write dates: the re-ask offers 2024-08-15
    "",  # Enter accepts the offer
    "",  # where
    "2024-01-01",  # released before captured: the rule refuses it at once
    "2025-05-24",
    "",  # exchange
    "",  # category
    "",  # handover
    "",  # examined
    "",  # after release
    "осколочное ранение левого бедра",
    "2030-01-01",  # after the documents' date: refused at once
    "2024-08-15",
    "",  # origin
    "",  # another
    "",  # treatment
    "",  # earlier ВВК
    "",  # disability
    "",  # events
    "",  # prosecutor
    "",  # medical
    "",  # attachments
    "",  # filings
    "",  # layout
    "н",  # build now
]


def test_wrong_answers_are_asked_again_with_the_reason(tmp_path: Path) -> None:
    recorder = Recorder(WRONG_THEN_RIGHT)
    path = tmp_path / "case.yaml"
    new_case(path, recorder, language="ru", today=DATE)
    script = recorder
    said = "\n".join(script.said)
    assert "Неизвестное звание «младший сержат». Может быть, «младший сержант»" in said
    assert "«АБ123456» — не личный номер" in said
    assert "«в/ч 12» — не номер части" in said
    assert "«15.08.2024» — не дата; напишите ГГГГ-ММ-ДД: 2024-08-15?" in said
    assert (
        "Дата освобождения 2024-01-01 не позже даты пленения (captivity.captured_on, 2024-08-15)"
        in said
    )
    assert "2030-01-01 — позже даты документов (2026-11-20)" in said
    assert not recorder.answers
    # What was typed is the default of the re-ask: nothing is lost. A rank's typo is the one
    # exception: the rank it nearly is comes as the default, so that Enter accepts the fix.
    assert ("Воинское звание", "младший сержант") in recorder.defaults
    assert ("Личный номер (например АБ-123456)", "АБ123456") in recorder.defaults
    assert ("Дата пленения (ГГГГ-ММ-ДД)", "2024-08-15") in recorder.defaults
    assert ("Дата освобождения (ГГГГ-ММ-ДД)", "2024-01-01") in recorder.defaults
    case = load_case(path, today=DATE)
    assert case.serviceman.rank == "младший сержант"
    assert case.serviceman.personal_number == "АБ-123456"
    assert case.unit.number == "12345"
    assert case.captivity.captured_on == dt.date(2024, 8, 15)
    assert case.captivity.released_on == dt.date(2025, 5, 24)
    assert case.health.conditions[0].since == dt.date(2024, 8, 15)


def test_missing_address_of_a_serviceman_who_files_is_asked_again(tmp_path: Path) -> None:
    answers = list(SELF_MINIMAL)
    address = answers.index("305000, г. Курск, ул. Садовая, д. 12, кв. 7")
    answers[address] = ""
    answers.insert(address + 3, "305000, г. Курск, ул. Садовая, д. 12")
    path, script, _ = interview(tmp_path, [*answers, "н"])
    assert any("нужен его почтовый адрес" in line for line in script.said)
    assert load_case(path, today=DATE).serviceman.address == "305000, г. Курск, ул. Садовая, д. 12"


def test_english_questions_give_casefile_reasons(tmp_path: Path) -> None:
    answers = list(SELF_MINIMAL)
    answers[6:7] = ["младший сержат", "младший сержант"]
    answers[answers.index("н")] = "n"  # «н» is the «y» key: in English only y/n count
    answers[-1] = "y"  # change the layout: yes
    answers += ["2", "", "", "", ""]  # English documents, today's date, defaults
    script = Script([*answers, "n"])
    new_case(tmp_path / "case.yaml", script, language="en", today=DATE)
    assert "Rank (in Russian)" in script.prompts
    said = "\n".join(script.said)
    assert "unknown rank «младший сержат»; did you mean «младший сержант»" in said
    case = load_case(tmp_path / "case.yaml", today=DATE)
    assert case.language == "en" and case.unit.commander is None


def test_yes_no_reads_both_layouts_and_refuses_the_ambiguous_y() -> None:
    assert yes_no("Да", "ru") is True and yes_no("д", "ru") is True
    assert yes_no("н", "ru") is False and yes_no("no", "ru") is False
    # On a Russian layout the «y» key types «н»: a lone y may be a slip for «нет».
    assert yes_no("y", "ru") is None
    assert yes_no("y", "en") is True and yes_no("n", "en") is False
    assert yes_no("может быть", "ru") is None


# --- declined forms --------------------------------------------------------------------------


def test_a_wrong_form_is_corrected_and_kept_in_the_case(tmp_path: Path) -> None:
    answers = list(SELF_MINIMAL)
    forms = answers.index("младший сержант") + 1
    # «от младшего сержанта Смирнова Алексея Викторовича — верно?» no: the genitive is typed,
    # the name itself is right (Enter at the offer to retype it), the dative kept as offered.
    answers[forms : forms + 1] = ["н", "", "Смирнова-Старшего Алексея Викторовича", ""]
    path, script, _ = interview(tmp_path, [*answers, "н"])
    assert "от младшего сержанта Смирнова Алексея Викторовича — верно? [Д/н]" in script.prompts
    case = load_case(path, today=DATE)
    assert case.serviceman.name_declension is not None
    assert case.serviceman.name_declension.genitive == "Смирнова-Старшего Алексея Викторовича"
    assert case.serviceman.name_declension.dative is None  # the automatic one was right
    shown = run("validate", path, "--show-forms").stdout
    assert "Смирнова-Старшего Алексея Викторовича" in shown


# --- drafts: interrupt and resume ------------------------------------------------------------


def test_interrupt_after_a_section_then_resume(tmp_path: Path) -> None:
    runner = CliRunner()
    path = tmp_path / "case.yaml"
    unit_done = SELF_MINIMAL.index("2024-08-15")  # the first answer of the captivity section
    # The input ends in the captivity section: as if the laptop were closed there.
    first = runner.invoke(main, ["new", str(path)], input=typed(SELF_MINIMAL[: unit_done + 2]))
    assert first.exit_code == 1
    assert "Traceback" not in first.output + first.stderr
    assert first.stderr.count("\n") == 1, first.stderr
    assert f"{path}: прервано; сохранены разделы до «Плен и обмен»" in first.stderr
    assert f"продолжить: complaintgen new {path}" in first.stderr
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data, next_section = casewriter.load_draft(path)
    assert next_section == "captivity"
    assert data["unit"] == {"number": "12345"}
    assert "captivity" not in data  # the section in progress is not saved half-answered
    assert run("validate", path).exit_code == 1  # a draft is not a case yet
    # Again: continue (Enter) and answer from the captivity section on.
    second = runner.invoke(
        main, ["new", str(path)], input=typed(["", *SELF_MINIMAL[unit_done:], "н"])
    )
    assert second.exit_code == 0, second.output + second.stderr
    assert "Фамилия: " not in second.stdout.split("Проверьте ответы")[0]  # not asked again
    case = load_case(path, today=dt.date.today())
    assert case.serviceman.surname == "Смирнов" and case.unit.number == "12345"
    assert (tmp_path / "case.yaml.bak").exists()  # the draft it continued, kept


def test_interrupt_before_anything_is_saved(tmp_path: Path) -> None:
    result = run("new", tmp_path / "case.yaml", input="")
    assert result.exit_code == 1
    assert "прервано до первого сохранения" in result.stderr
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "case.yaml").exists()


def test_interrupt_at_the_resume_question_or_the_build_offer(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    assert run("new", path, input=typed(SELF_MINIMAL[:16])).exit_code == 1
    draft = path.read_bytes()
    at_resume = run("new", path, input="")
    assert at_resume.exit_code == 1 and at_resume.stderr.count("\n") == 1
    assert "сохранены разделы до «Войсковая часть»" not in at_resume.stderr  # not resumed
    assert "файл не изменён" in at_resume.stderr
    assert path.read_bytes() == draft
    unit = SELF_MINIMAL.index("12345")
    done = run("new", path, input=typed(["", *SELF_MINIMAL[unit:]]))  # no answer to «build?»
    assert done.exit_code == 1 and done.stderr.count("\n") == 1
    assert f"все ответы сохранены; документы: complaintgen build {path}" in done.stderr
    assert load_case(path, today=dt.date.today()).unit.number == "12345"


def test_declining_to_resume_starts_again(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    with pytest.raises(ComplaintgenError):
        new_case(path, Script(SELF_MINIMAL[:16]), language="ru", today=DATE)
    assert casewriter.load_draft(path)[1] == "unit"
    script = Script(["н", *RELATIVE, "н"])
    new_case(path, script, language="ru", today=DATE)
    assert load_case(path, today=DATE).serviceman.surname == "Кравец"
    assert casewriter.load_draft(path.with_name("case.yaml.bak"))[1] == "unit"


def test_a_finished_case_is_not_replaced_without_force(tmp_path: Path) -> None:
    path, _, _ = interview(tmp_path, [*SELF_MINIMAL, "н"])
    before = path.read_bytes()
    result = run("new", path, input="\n")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert f"complaintgen edit {path} --section" in result.stderr
    assert path.read_bytes() == before
    again = run("new", path, "--force", input=typed([*RELATIVE, "н"]))
    assert again.exit_code == 0, again.stderr
    assert load_case(path, today=DATE).serviceman.surname == "Кравец"
    assert path.with_name("case.yaml.bak").read_bytes() == before


def test_a_missing_folder_is_reported_before_any_question(tmp_path: Path) -> None:
    result = run("new", tmp_path / "no" / "case.yaml", input=typed(SELF_MINIMAL))
    assert result.exit_code == 1
    assert "Фамилия" not in result.stdout
    assert "нет папки" in result.stderr


# --- edit ------------------------------------------------------------------------------------


def sections(path: Path) -> dict:
    return read_yaml(path)[0]


def test_edit_one_section_keeps_every_other(tmp_path: Path) -> None:
    path, _, _ = interview(tmp_path, [*RELATIVE, "н"])
    before = sections(path)
    old_bytes = path.read_bytes()
    answers = [
        "",  # condition 1: keep
        "2",  # condition 2: change
        "посттравматическое стрессовое расстройство, бессонница",
        "",  # since: keep the old answer
        "",  # origin: keep
        "д",  # one more
        "снижение слуха на правое ухо",
        "2024-12-03",
        "1",
        "",  # no more
        "",  # treatment: keep
        "",  # earlier ВВК: no
        "",  # disability
        "н",  # build now? no
    ]
    result = run("edit", path, "--section", "health", input=typed(answers))
    assert result.exit_code == 0, result.output + result.stderr
    assert "01. рапорт" in result.stdout  # the documents that would be made
    after = sections(path)
    assert {k: v for k, v in after.items() if k != "health"} == {
        k: v for k, v in before.items() if k != "health"
    }
    conditions = after["health"]["conditions"]
    assert conditions[0] == before["health"]["conditions"][0]
    assert conditions[1]["description"] == "посттравматическое стрессовое расстройство, бессонница"
    assert conditions[1]["since"] == dt.date(2025, 3, 1)
    assert conditions[2]["description"] == "снижение слуха на правое ухо"
    assert after["health"]["treatment_after_return"] == before["health"]["treatment_after_return"]
    assert path.with_name("case.yaml.bak").read_bytes() == old_bytes
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert run("validate", path).exit_code == 0


def test_edit_the_applicant_asks_for_what_the_new_one_needs(tmp_path: Path) -> None:
    path, _, _ = interview(tmp_path, [*RELATIVE, "н"])
    assert "address" not in sections(path)["serviceman"]
    # He now files himself: his own address becomes required, and is asked for.
    answers = ["1", "305000, г. Белгород, ул. Мира, д. 1", "н"]
    result = run("edit", path, "--section", "representative", input=typed(answers))
    assert result.exit_code == 0, result.output + result.stderr
    assert "нужен его почтовый адрес" in result.stdout
    case = load_case(path, today=dt.date.today())
    assert case.files_himself
    assert case.serviceman.address == "305000, г. Белгород, ул. Мира, д. 1"


def test_edit_a_hand_written_example_keeps_its_other_sections(tmp_path: Path) -> None:
    path = tmp_path / "smirnov.yaml"
    path.write_bytes((EXAMPLES / "smirnov.yaml").read_bytes())
    before = load_case(path, today=DATE)
    answers = ["", "", "", "", "", "", "", "", "", "", "", "", "", "", "н"]
    result = run("edit", path, "--section", "serviceman", input=typed(answers))
    assert result.exit_code == 0, result.output + result.stderr
    after = load_case(path, today=DATE)
    assert after == before  # Enter everywhere: the same case, now with the questionnaire's notes
    assert "# в именительном падеже, по ФЗ-53 ст. 46" in path.read_text(encoding="utf-8")


def test_edit_without_a_section_asks_which(tmp_path: Path) -> None:
    path, _, _ = interview(tmp_path, [*SELF_MINIMAL, "н"])
    before = load_case(path, today=DATE)
    # Section 3 of the list is captivity; Enter keeps each of its eight answers.
    result = run("edit", path, input=typed(["3", *[""] * 8, "н"]))
    assert result.exit_code == 0, result.output + result.stderr
    assert "Плен и обмен" in result.stdout
    assert load_case(path, today=DATE) == before


def test_edit_interrupted_leaves_the_file_unchanged(tmp_path: Path) -> None:
    path, _, _ = interview(tmp_path, [*SELF_MINIMAL, "н"])
    before = path.read_bytes()
    result = run("edit", path, "--section", "captivity", input="2024-08-16\n")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "файл не изменён" in result.stderr
    assert path.read_bytes() == before


# --- the file written --------------------------------------------------------------------


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_writer_round_trips_every_example(tmp_path: Path, example: Path) -> None:
    data, _ = read_yaml(example)
    for language in ("ru", "en"):
        written = casewriter.write_case(tmp_path / f"{language}.yaml", data, language=language)
        assert load_case(written, today=DATE) == load_case(example, today=DATE)
        assert stat.S_IMODE(written.stat().st_mode) == 0o600


def test_writer_quotes_what_yaml_would_misread(tmp_path: Path) -> None:
    tricky = ["012", "yes", "null", "2025-05-24", "a: b", "# x", "строка\nвторая", " пробел", "'"]
    data = {"values": tricky, "nested": {"key": tricky[0]}}
    path = casewriter.write_case(tmp_path / "t.yaml", data)
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["values"] == tricky


def test_a_draft_is_marked_and_read_back_without_validation(tmp_path: Path) -> None:
    data = {"schema_version": 2, "representative": {"kind": "relative"}}
    path = casewriter.write_case(tmp_path / "d.yaml", data, next_section="serviceman")
    text = path.read_text(encoding="utf-8")
    assert "# complaintgen: in progress, next section: serviceman\n" in text
    assert casewriter.load_draft(path) == (data, "serviceman")
    # The mark counts only in the comments at the top, never inside an answer.
    value = {"schema_version": 1, "x": "# complaintgen: in progress, next section: unit"}
    assert casewriter.load_draft(casewriter.write_case(tmp_path / "v.yaml", value))[1] is None


def test_written_file_explains_itself(tmp_path: Path) -> None:
    path, _, _ = interview(tmp_path, [*RELATIVE, "н"])
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Дело для complaintgen")
    assert "# Плен и обмен" in text
    assert "relation: mother   # mother | father | wife" in text
    assert "variant: district_medical   # vvk_branch (филиал ГЦ ВВЭ" in text


def test_question_texts_exist_in_both_languages() -> None:
    russian, english = texts.load("ru"), texts.load("en")
    assert set(russian.texts) == set(english.texts)
    for qid, spec in specs.SPECS.items():
        assert qid in russian.texts and qid in english.texts, qid
        for choice in spec.choices if qid != "applicant" else ():
            label = f"choice.{qid}.{choice}"
            assert label in russian.texts or f"choice.{choice}" in russian.texts, label
    for doc_id in DOCUMENT_IDS:  # the review names every document
        assert f"doc.{doc_id}" in russian.texts, doc_id
    # The questionnaire's own words for a problem replace a message of the catalog.
    assert set(russian.reasons) | set(english.reasons) <= messages.codes()


def test_question_texts_refuse_a_key_given_twice() -> None:
    # A key given twice is an error naming the line, not a silently dropped question.
    twice = 'texts:\n  serviceman.name: "Имя"\n  serviceman.name: "Фамилия"\nreasons: {}\n'
    with pytest.raises(RegistryError, match=r"ru\.yaml, line 3.*twice"):
        texts.parse("ru.yaml", twice)


def test_new_and_edit_help_show_examples() -> None:
    for command in ("new", "edit"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "Example:" in result.output


def test_edit_offers_exactly_the_questionnaire_sections() -> None:
    # cli.py spells the sections out so that `--help` imports no core module.
    from complaintgen.cli import edit
    from complaintgen.interview.questionnaire import SECTIONS

    [option] = [p for p in edit.params if p.name == "section"]
    assert tuple(option.type.choices) == SECTIONS


def test_edit_keeps_the_comments_a_person_wrote(tmp_path: Path) -> None:
    # `edit` rewrote the file from its data and replaced the user's notes with generated ones.
    path = tmp_path / "smirnov.yaml"
    text = (EXAMPLES / "smirnov.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "serviceman:\n  surname: Смирнов\n",
        "# Мои заметки: уточнить у матери номер части\nserviceman:\n"
        "  # фамилия по военному билету\n  surname: Смирнов\n",
    )
    text = text.replace("health:\n", "# справки из госпиталя у адвоката\nhealth:\n", 1)
    path.write_text(text, encoding="utf-8")
    answers = ["", "", "", "", "", "", "", "", "", "", "", "", "", "", "н"]
    result = run("edit", path, "--section", "serviceman", input=typed(answers))
    assert result.exit_code == 0, result.output + result.stderr
    after = path.read_text(encoding="utf-8")
    assert "# Мои заметки: уточнить у матери номер части\nserviceman:" in after
    assert "  # фамилия по военному билету\n  surname: Смирнов" in after
    assert "# справки из госпиталя у адвоката\nhealth:" in after
    # The example's own commented-out representative block stays too, and only once.
    assert after.count("#   relation: mother") == 1
    assert load_case(path, today=DATE) == load_case(EXAMPLES / "smirnov.yaml", today=DATE)
