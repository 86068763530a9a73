"""The questionnaire: a person answers questions, section by section, and gets a valid case file.

`new_case` asks every section in turn and saves after each one; `edit_case` asks one section again
with the old answers as defaults. Both talk to the person through a `Prompter` (two operations:
ask a line, say a line), so this module knows nothing of terminals: the CLI passes one backed by
click, the tests pass a script.

How an answer is checked: it is put into the case data where it belongs and the whole case is
validated by the models of `case.py`, exactly as `validate` does (sections not answered yet are
stood in for by valid placeholders). A problem at the answer's field is its reason, in
`casefile`'s words, translated when the questions are in Russian; the question is asked again
with what the person typed as its default, so nothing typed is lost. Rules that compare fields
(released after captured, no date after the documents' date, an address from whoever files) are
checked when a section is complete, and re-ask the field they name.

The text of every question is data: `TEXTS["ru"]` and `TEXTS["en"]`, keyed by the field's path
(``health.conditions[].since``; ``[]`` is any item of a list).

Yes/no answers are read here, not by click: on a Russian keyboard layout the key of «y» types «н»
(«нет»), so in Russian a lone «y» is ambiguous and is asked again rather than taken as yes.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pydantic import TypeAdapter, ValidationError

from complaintgen.case import casewriter
from complaintgen.case.model import DOCUMENT_IDS, Case, Declension, Filing
from complaintgen.errors import CaseError, ComplaintgenError
from complaintgen.storage.casestore import backup_path

Loc = tuple[str | int, ...]

# The sections in the order they are asked. `applicant` (who files) comes first because it
# decides which questions apply; in the file it is `representative.kind`.
FLOW = (
    "applicant",
    "serviceman",
    "unit",
    "captivity",
    "health",
    "after_return",
    "representative",
    "addressees",
    "attachments",
    "filings",
    "options",
)
SECTIONS = FLOW[1:]  # what `edit --section` accepts
# Top-level keys of the case file that the `options` section asks.
_TOP_LEVEL = ("language", "date")


class Prompter(Protocol):
    """How the questionnaire talks to a person."""

    def ask(self, prompt: str, default: str) -> str:
        """One line typed in answer to `prompt`; `default` when the person just presses Enter."""
        ...

    def say(self, text: str) -> None:
        """Show a line of text."""
        ...


@dataclass(frozen=True)
class Spec:
    """How one field is asked.

    kind: text, date, number, choice (one of `choices`, which may include None for "none of
    these"), yesno, or rank (one answer that also sets `guards` and `rank_service`).
    `default` is what Enter means when the field has no answer yet (the model's default).
    `only_if` names a sibling field and the value it must have (or "set") for this to be asked.
    """

    kind: str = "text"
    required: bool = False
    choices: tuple[Any, ...] = ()
    default: Any = None
    only_if: tuple[str, Any] | None = None


_GENDERS = ("male", "female")
SPECS: dict[str, Spec] = {
    "applicant": Spec("choice", True, ("self", "relative", "lawyer"), "self"),
    "serviceman.surname": Spec(required=True),
    "serviceman.name": Spec(required=True),
    "serviceman.patronymic": Spec(),
    "serviceman.gender": Spec("choice", True, _GENDERS),
    "serviceman.birth_date": Spec("date"),
    "serviceman.rank": Spec("rank", True),
    "serviceman.service_type": Spec(
        "choice", False, ("contract", "mobilised", "conscript", "volunteer", None)
    ),
    "serviceman.personal_number": Spec(),
    "serviceman.position": Spec(),
    "serviceman.address": Spec(),
    "serviceman.phone": Spec(),
    "serviceman.email": Spec(),
    "unit.number": Spec(required=True),
    "unit.garrison": Spec(),
    "unit.commander.rank": Spec("rank", True),
    "unit.commander.surname": Spec(required=True),
    "unit.commander.initials": Spec(required=True),
    "unit.commander.gender": Spec("choice", True, _GENDERS, "male"),
    "unit.higher_command.title": Spec(),
    "unit.higher_command.address": Spec(only_if=("title", "set")),
    "unit.current_location": Spec(
        "choice", False, ("unit", "hospital", "combat_zone", "leave", "other", None)
    ),
    "captivity.captured_on": Spec("date", True),
    "captivity.captured_where": Spec(),
    "captivity.released_on": Spec("date", True),
    "captivity.exchange": Spec(),
    "captivity.exchange_category": Spec(
        "choice",
        True,
        ("seriously_wounded_or_sick", "long_captivity", "under_25", "ordinary", "unknown"),
        "unknown",
    ),
    "captivity.handover_place": Spec(),
    "captivity.examined_in_captivity": Spec("choice", False, (True, False, None)),
    "captivity.after_release": Spec(),
    "health.conditions[].description": Spec(required=True),
    "health.conditions[].since": Spec("date"),
    "health.conditions[].origin": Spec(
        "choice", True, ("combat", "captivity", "earlier", "unknown"), "unknown"
    ),
    "health.treatment_after_return": Spec(),
    "health.previous_vvk.date": Spec("date", True),
    "health.previous_vvk.body": Spec(required=True),
    "health.previous_vvk.category": Spec("choice", False, ("А", "Б", "В", "Г", "Д", None)),
    "health.previous_vvk.certificate": Spec(),
    "health.disability": Spec(),
    "after_return.events[].date": Spec("date", True),
    "after_return.events[].text": Spec(required=True),
    "representative.kind": Spec("choice", True, ("relative", "lawyer")),
    "representative.relation": Spec(
        "choice",
        True,
        ("mother", "father", "wife", "husband", "sister", "brother", "son", "daughter", "other"),
        only_if=("kind", "relative"),
    ),
    "representative.surname": Spec(required=True),
    "representative.name": Spec(required=True),
    "representative.patronymic": Spec(),
    "representative.gender": Spec("choice", True, _GENDERS),
    "representative.address": Spec(required=True),
    "representative.phone": Spec(),
    "representative.email": Spec(),
    "representative.authority": Spec(),
    "representative.consent": Spec("yesno", default=False),
    "representative.register_number": Spec(required=True, only_if=("kind", "lawyer")),
    "representative.order_number": Spec(required=True, only_if=("kind", "lawyer")),
    "representative.bar": Spec(required=True, only_if=("kind", "lawyer")),
    "addressees.prosecutor.title": Spec(),
    "addressees.prosecutor.address": Spec(only_if=("title", "set")),
    "addressees.district_prosecutor.title": Spec(),
    "addressees.district_prosecutor.address": Spec(only_if=("title", "set")),
    "addressees.medical.variant": Spec(
        "choice", False, ("vvk_branch", "district_medical", "civilian", None)
    ),
    "addressees.medical.title": Spec(required=True, only_if=("variant", "set")),
    "addressees.medical.address": Spec(only_if=("variant", "set")),
    "attachments[].title": Spec(required=True),
    "attachments[].file": Spec(),
    "attachments[].pages": Spec("number"),
    "attachments[].copies": Spec("number", True, default=1),
    "attachments[].original": Spec("yesno", default=False),
    "filings[].document": Spec("choice", True, DOCUMENT_IDS),
    "filings[].sent_on": Spec("date", True),
    "filings[].channel": Spec("choice", True, ("in_person", "post", "online")),
    "filings[].reference": Spec(),
    "filings[].tracking": Spec(),
    "filings[].delivered_on": Spec("date", only_if=("channel", "post")),
    "filings[].answer_on": Spec("date"),
    "filings[].answer": Spec(only_if=("answer_on", "set")),
    "filings[].answer_kind": Spec(
        "choice", False, ("refusal", "forwarded", "merits", None), only_if=("answer_on", "set")
    ),
    "filings[].answered_by": Spec(only_if=("answer_on", "set")),
    "language": Spec("choice", True, ("ru", "en"), "ru"),
    "date": Spec("date"),
    "options.date_style": Spec("choice", True, ("traditional", "numeric"), "traditional"),
    "options.summary_anonymised": Spec("yesno", default=True),
    "options.summary_language": Spec("choice", True, ("en", "ru"), "en"),
}
# The hand-written forms (`declension`, `name_declension`) asked when automatic ones are wrong.
FORM_CASES = ("genitive", "dative")

# The fields of one item of each repeated list, in the order asked.
ITEMS: dict[str, tuple[str, ...]] = {
    "health.conditions": ("description", "since", "origin"),
    "after_return.events": ("date", "text"),
    "attachments": ("title", "file", "pages", "copies", "original"),
    "filings": tuple(Filing.model_fields),
}

RU: dict[str, str] = {
    "intro": (
        "Ответьте на вопросы — получится файл дела, из которого complaintgen сделает рапорт "
        "и жалобы.\nEnter — оставить ответ в [скобках] или пропустить необязательный вопрос; "
        "«-» — стереть ответ.\nОтветы сохраняются после каждого раздела в {path}; Ctrl-C "
        "прерывает, продолжить можно той же командой."
    ),
    "section": "\n— Раздел {number} из {total}: {title} —",
    "section.applicant": "Кто подаёт документы",
    "section.serviceman": "Военнослужащий",
    "section.unit": "Войсковая часть",
    "section.captivity": "Плен и обмен",
    "section.health": "Здоровье",
    "section.after_return": "После возвращения",
    "section.representative": "Заявитель",
    "section.addressees": "Адресаты жалоб",
    "section.attachments": "Приложения",
    "section.filings": "Что уже подано",
    "section.options": "Оформление",
    "applicant": "Кто подаёт документы",
    "choice.applicant.self": "сам военнослужащий",
    "choice.applicant.relative": "родственник",
    "choice.applicant.lawyer": "адвокат",
    "intro.serviceman": "О военнослужащем, о котором документы. ФИО — как в военном билете.",
    "serviceman.surname": "Фамилия",
    "serviceman.name": "Имя",
    "serviceman.patronymic": "Отчество",
    "serviceman.gender": "Пол",
    "choice.male": "мужской",
    "choice.female": "женский",
    "serviceman.birth_date": "Дата рождения (ГГГГ-ММ-ДД)",
    "serviceman.rank": "Воинское звание",
    "hint.serviceman.rank": (
        "Звание в именительном падеже, как в ФЗ-53 ст. 46: «рядовой», «младший сержант», "
        "«капитан 3 ранга»; можно с «гвардии» и «медицинской службы»."
    ),
    "serviceman.service_type": "Вид службы",
    "choice.serviceman.service_type.contract": "по контракту",
    "choice.serviceman.service_type.mobilised": "мобилизованный",
    "choice.serviceman.service_type.conscript": "по призыву (срочная служба)",
    "choice.serviceman.service_type.volunteer": "добровольческое формирование",
    "choice.None": "не указывать",
    "serviceman.personal_number": "Личный номер (например АБ-123456)",
    "serviceman.position": "Должность (именительный падеж, например «стрелок»)",
    "serviceman.address": "Почтовый адрес для ответов, с индексом",
    "hint.serviceman.address": (
        "Без адреса на письменное обращение могут не ответить (ФЗ-59 ст. 7, 11). "
        "Если документы подаёт родственник или адвокат, ответ придёт на его адрес."
    ),
    "serviceman.phone": "Телефон",
    "serviceman.email": "Электронная почта",
    "unit.number": "Номер войсковой части (4–6 цифр)",
    "unit.garrison": "Город или гарнизон части",
    "gate.commander": "Знаете звание и фамилию командира части?",
    "unit.commander.rank": "Звание командира части",
    "unit.commander.surname": "Фамилия командира",
    "unit.commander.initials": "Инициалы командира (например П. П.)",
    "unit.commander.gender": "Командир — мужчина или женщина",
    "unit.higher_command.title": "Вышестоящий командир (для жалобы на бездействие)",
    "hint.unit.higher_command.title": (
        "Должность в именительном падеже, например «Командующий войсками Московского военного "
        "округа». Enter — пропустить: жалобы вышестоящему командованию не будет."
    ),
    "unit.higher_command.address": "Его почтовый адрес",
    "unit.current_location": "Где военнослужащий сейчас",
    "choice.unit.current_location.unit": "в части",
    "choice.unit.current_location.hospital": "в госпитале",
    "choice.unit.current_location.combat_zone": "в зоне боевых действий",
    "choice.unit.current_location.leave": "в отпуске",
    "choice.unit.current_location.other": "другое",
    "intro.captivity": (
        "Пишите нейтрально: где и когда, но никогда — как попал в плен. Показания, данные в "
        "плену или следователям, сюда не пишите."
    ),
    "captivity.captured_on": "Дата пленения (ГГГГ-ММ-ДД)",
    "captivity.captured_where": "Где (область, населённый пункт)",
    "captivity.released_on": "Дата освобождения (ГГГГ-ММ-ДД)",
    "captivity.exchange": "Какой обмен (например «обмен 1000 на 1000»)",
    "captivity.exchange_category": "По какой категории обменян",
    "choice.captivity.exchange_category.seriously_wounded_or_sick": "тяжелораненые и тяжелобольные",
    "choice.captivity.exchange_category.long_captivity": "после долгого плена, по соглашению",
    "choice.captivity.exchange_category.under_25": "молодые, до 25 лет",
    "choice.captivity.exchange_category.ordinary": "обычный обмен",
    "choice.captivity.exchange_category.unknown": "не знаю",
    "captivity.handover_place": "Где передан (например «Республика Беларусь»)",
    "captivity.examined_in_captivity": "Осматривала ли его в плену медицинская комиссия",
    "choice.True": "да",
    "choice.False": "нет",
    "choice.captivity.examined_in_captivity.None": "не знаю",
    "captivity.after_release": "Что было сразу после освобождения (изоляция: где, сколько)",
    "intro.health": "Ранения и заболевания — по одному; затем лечение и прежние ВВК.",
    "health.conditions[].description": (
        "Ранение или заболевание (например «контузия, головные боли»)"
    ),
    "health.conditions[].since": "С какого времени (ГГГГ-ММ-ДД)",
    "health.conditions[].origin": "Откуда оно",
    "choice.health.conditions[].origin.combat": "ранение в бою",
    "choice.health.conditions[].origin.captivity": "получено в плену",
    "choice.health.conditions[].origin.earlier": "было раньше",
    "choice.health.conditions[].origin.unknown": "не знаю",
    "more.health.conditions": "Добавить ещё одно ранение или заболевание?",
    "health.treatment_after_return": "Лечение после возвращения (где, когда, номер выписки)",
    "gate.health.previous_vvk": "Проходил ли он военно-врачебную комиссию (ВВК) после ранения?",
    "health.previous_vvk.date": "Дата заключения ВВК (ГГГГ-ММ-ДД)",
    "health.previous_vvk.body": "Какая ВВК (например «ВВК военного госпиталя, г. Курск»)",
    "health.previous_vvk.category": "Категория годности",
    "choice.health.previous_vvk.category.А": "А — годен",
    "choice.health.previous_vvk.category.Б": "Б — годен с незначительными ограничениями",
    "choice.health.previous_vvk.category.В": "В — ограниченно годен",
    "choice.health.previous_vvk.category.Г": "Г — временно не годен",
    "choice.health.previous_vvk.category.Д": "Д — не годен",
    "health.previous_vvk.certificate": "Номер свидетельства о болезни или справки",
    "health.disability": "Инвалидность (группа, с какого числа)",
    "gate.after_return.events": (
        "Были ли после возвращения приказы, отказы, устные просьбы о ВВК? (по одному, с датой)"
    ),
    "after_return.events[].date": "Дата (ГГГГ-ММ-ДД)",
    "after_return.events[].text": (
        "Что произошло (например «устно просил направить на ВВК, отказали»)"
    ),
    "more.after_return.events": "Добавить ещё одно событие?",
    "representative.kind": "Кто подаёт документы",
    "choice.representative.kind.relative": "родственник",
    "choice.representative.kind.lawyer": "адвокат",
    "intro.representative": "Теперь о том, кто подаёт документы вместо военнослужащего.",
    "representative.relation": "Кем вы ему приходитесь",
    "choice.representative.relation.mother": "мать",
    "choice.representative.relation.father": "отец",
    "choice.representative.relation.wife": "жена",
    "choice.representative.relation.husband": "муж",
    "choice.representative.relation.sister": "сестра",
    "choice.representative.relation.brother": "брат",
    "choice.representative.relation.son": "сын",
    "choice.representative.relation.daughter": "дочь",
    "choice.representative.relation.other": "другое",
    "representative.surname": "Ваша фамилия",
    "representative.name": "Ваше имя",
    "representative.patronymic": "Ваше отчество",
    "representative.gender": "Ваш пол",
    "representative.address": "Ваш почтовый адрес для ответов, с индексом",
    "representative.phone": "Ваш телефон",
    "representative.email": "Ваша электронная почта",
    "representative.authority": (
        "Документ о полномочиях (доверенность, соглашение: от какого числа)"
    ),
    "representative.consent": "Есть ли письменное согласие военнослужащего на обращение?",
    "representative.register_number": "Регистрационный номер в реестре адвокатов",
    "representative.order_number": "Номер ордера",
    "representative.bar": "Адвокатская палата",
    "intro.addressees": (
        "Кому ещё писать. Министр обороны указан всегда; остальные — если знаете точное "
        "название (Enter — пропустить)."
    ),
    "addressees.prosecutor.title": (
        "Военный прокурор (например «Военный прокурор Курского гарнизона»)"
    ),
    "addressees.prosecutor.address": "Адрес прокуратуры",
    "addressees.district_prosecutor.title": (
        "Военный прокурор округа, на случай если гарнизонный не ответит (например «Военный "
        "прокурор Западного военного округа»)"
    ),
    "addressees.district_prosecutor.address": "Адрес прокуратуры округа",
    "addressees.medical.variant": "Медицинский орган",
    "hint.addressees.medical.variant": (
        "Куда писать о здоровье:\n"
        "  а) филиал Главного центра ВВЭ — если нужна повторная или настоящая комиссия (ВВК);\n"
        "  б) военно-медицинское управление округа — если не лечат;\n"
        "  в) министерство здравоохранения области — если нужны гражданские медицинские документы."
    ),
    "choice.addressees.medical.variant.vvk_branch": "а) филиал ГЦ ВВЭ: повторная комиссия",
    "choice.addressees.medical.variant.district_medical": (
        "б) военно-медицинское управление округа: лечение"
    ),
    "choice.addressees.medical.variant.civilian": "в) минздрав области: гражданские документы",
    "choice.addressees.medical.variant.None": "не писать в медицинский орган",
    "addressees.medical.title": (
        "Должность адресата (например «Начальник филиала № 3 ФГКУ «ГЦ ВВЭ» МО РФ»)"
    ),
    "addressees.medical.address": "Адрес",
    "gate.attachments": "Будете прикладывать документы (выписки, заключения, доверенность)?",
    "attachments[].title": "Что прикладываете (например «копия выписного эпикриза от 10.06.2025»)",
    "attachments[].file": "Файл с копией (PDF или скан), если есть: путь от папки файла дела",
    "attachments[].pages": "Сколько листов (Enter — посчитать по файлу)",
    "attachments[].copies": "Сколько экземпляров",
    "attachments[].original": "Это подлинник (не копия)?",
    "more.attachments": "Добавить ещё одно приложение?",
    "gate.filings": "Вы уже подавали рапорт или жалобы по этому делу?",
    "filings[].document": "Что подано",
    "choice.filings[].document.vvk_report": "рапорт (обращение) о направлении на ВВК",
    "choice.filings[].document.command_complaint": "жалоба вышестоящему командованию",
    "choice.filings[].document.prosecutor_complaint": "жалоба военному прокурору",
    "choice.filings[].document.medical_appeal": "обращение в медицинский орган",
    "choice.filings[].document.ministry_appeal": "обращение к Министру обороны",
    "choice.filings[].document.case_summary": "сводка для международных органов",
    "filings[].sent_on": "Когда подано (ГГГГ-ММ-ДД)",
    "filings[].channel": "Как подано",
    "choice.filings[].channel.in_person": "лично",
    "choice.filings[].channel.post": "почтой",
    "choice.filings[].channel.online": "через интернет-приёмную",
    "filings[].reference": "Входящий номер (например «вх. № 1187»)",
    "filings[].tracking": "Почтовый идентификатор",
    "filings[].delivered_on": "Когда вручено по уведомлению о вручении (ГГГГ-ММ-ДД)",
    "filings[].answer_on": "Дата ответа, если он пришёл (ГГГГ-ММ-ДД)",
    "filings[].answer": "Что ответили",
    "filings[].answer_kind": "Каким был ответ",
    "choice.filings[].answer_kind.refusal": "письменный отказ",
    "choice.filings[].answer_kind.forwarded": "переслали в другой орган",
    "choice.filings[].answer_kind.merits": "ответ по существу",
    "filings[].answered_by": "Кто ответил (должность, в именительном падеже)",
    "more.filings": "Добавить ещё одно поданное обращение?",
    "gate.options": "Изменить оформление (язык документов, дату, стиль даты, сводку)?",
    "language": "Язык документов",
    "choice.language.ru": "русский",
    "choice.language.en": "английский",
    "date": "Дата на документах (ГГГГ-ММ-ДД; Enter — день, когда их делаете)",
    "options.date_style": "Как писать дату",
    "choice.options.date_style.traditional": "«20» ноября 2026 г.",
    "choice.options.date_style.numeric": "20.11.2026",
    "options.summary_anonymised": (
        "Убрать из сводки для международных органов имена, номера частей и места?"
    ),
    "options.summary_language": "Язык сводки для международных органов",
    "choice.options.summary_language.en": "английский",
    "choice.options.summary_language.ru": "русский",
    "item": "{number}. {summary}",
    "item.action": "Эту запись",
    "choice.keep": "оставить",
    "choice.change": "изменить",
    "choice.delete": "удалить",
    "forms.check": "Так будет в документах:",
    "forms.other": "  (кому: {form})",
    "forms.other.gen": "  (кого: {form})",
    "forms.ok": "{form} — верно?",
    "forms.fix": "Напишите правильные формы (Enter — оставить предложенную):",
    "form.genitive": "Кого? (родительный падеж)",
    "form.dative": "Кому? (дательный падеж)",
    "yes_no": "[Д/н]",
    "no_yes": "[д/Н]",
    "why.yes_no": "Ответьте «да» или «нет» (д/н).",
    "why.choice_number": "Введите номер из списка (1–{count}) или слово из него.",
    "why.required": "Нужен ответ на этот вопрос.",
    "why.date": "«{value}» — не дата; напишите ГГГГ-ММ-ДД, например 2025-05-24.",
    "why.date_suggest": "«{value}» — не дата; напишите ГГГГ-ММ-ДД: {iso}? Enter — согласиться.",
    "why.number": "«{value}» — не целое число; напишите цифрами.",
    "why.at_least": "Число должно быть не меньше {ge}.",
    "why.rank": (
        "Неизвестное звание «{value}». {hint}Напишите звание по ФЗ-53 ст. 46, например "
        "«младший сержант»."
    ),
    "why.rank_hint": "Может быть, {near}? ",
    "why.personal_number": (
        "«{value}» — не личный номер: одна или две заглавные русские буквы, дефис и шесть "
        "цифр, например «АБ-123456»."
    ),
    "why.unit_number": "«{value}» — не номер части: 4–6 цифр, например «12345».",
    "why.initials": "«{value}» — не инициалы; напишите так: «П. П.»",
    "why.released": (
        "Дата освобождения {released} не позже даты пленения {captured}; проверьте обе даты."
    ),
    "why.after_date": (
        "{value} — позже даты документов ({date}); исправьте дату или поставьте документам "
        "более позднюю дату (раздел «Оформление»)."
    ),
    "why.address": (
        "Когда документы подаёт сам военнослужащий, нужен его почтовый адрес: без адреса на "
        "обращение могут не ответить (ФЗ-59 ст. 7, 11)."
    ),
    "why.answer_before": "{answer} — раньше даты подачи ({sent}); проверьте обе даты.",
    "review": "\nПроверьте ответы:",
    "documents": "\nБудут сделаны документы:",
    "note": "  {note}",
    "why.left_out": (
        "не будет: {document} — нужен ответ на {labels} "
        "(complaintgen edit {path} --section {section})"
    ),
    "doc.vvk_report": "рапорт (обращение) о направлении на ВВК",
    "doc.command_complaint": "жалоба на бездействие командования",
    "doc.prosecutor_complaint": "жалоба военному прокурору",
    "doc.medical_appeal": "обращение в медицинский орган",
    "doc.ministry_appeal": "обращение к Министру обороны",
    "doc.case_summary": "сводка для международных органов",
    "invalid": (
        "\nВ файле остались ошибки; исправьте их командой complaintgen edit {path} --section …:"
    ),
    "build": "Сделать документы сейчас?",
    "saved": "Сохранено: {path}",
    "resume": (
        "В {path} есть незаконченные ответы (следующий раздел: {title}). Продолжить с этого места?"
    ),
    "restart": "Начинаем заново; прежний файл сохранится как {backup}.",
    "edit.which": "Какой раздел изменить",
    "exists": (
        "{path}: файл дела уже заполнен; чтобы изменить раздел: complaintgen edit {path} "
        "--section health; чтобы начать заново: complaintgen new {path} --force"
    ),
    "no_folder": "{path}: нет папки {folder}; создайте её или выберите другой путь",
    "bad_mark": (
        "{path}: отметка о продолжении называет неизвестный раздел «{section}»; удалите строку "
        "«# complaintgen: in progress…» или начните заново с --force"
    ),
    "interrupted": (
        "{path}: прервано; сохранены разделы до «{title}»; продолжить: complaintgen new {path}"
    ),
    "interrupted.nothing": (
        "{path}: прервано до первого сохранения, файл не изменён; начать: complaintgen new {path}"
    ),
    "interrupted.done": (
        "{path}: прервано; все ответы сохранены; документы: complaintgen build {path}"
    ),
    "interrupted.edit": (
        "{path}: прервано; файл не изменён; повторить: complaintgen edit {path} --section {section}"
    ),
}

EN: dict[str, str] = {
    "intro": (
        "Answer the questions to get a case file that complaintgen turns into the рапорт and "
        "the complaints.\nEnter keeps the answer in [brackets] or skips an optional question; "
        "«-» clears an answer.\nAnswers are saved after each section in {path}; Ctrl-C stops, "
        "and the same command continues."
    ),
    "section": "\n— Section {number} of {total}: {title} —",
    "section.applicant": "Who files",
    "section.serviceman": "The serviceman",
    "section.unit": "The unit",
    "section.captivity": "Captivity and exchange",
    "section.health": "Health",
    "section.after_return": "After the return",
    "section.representative": "The applicant",
    "section.addressees": "Addressees of the complaints",
    "section.attachments": "Attachments",
    "section.filings": "Already filed",
    "section.options": "Layout",
    "applicant": "Who files the documents",
    "choice.applicant.self": "the serviceman himself",
    "choice.applicant.relative": "a relative",
    "choice.applicant.lawyer": "an advocate",
    "intro.serviceman": (
        "The serviceman the documents are about. Names in Russian, as in his military ID."
    ),
    "serviceman.surname": "Surname",
    "serviceman.name": "Name",
    "serviceman.patronymic": "Patronymic",
    "serviceman.gender": "Gender",
    "choice.male": "male",
    "choice.female": "female",
    "serviceman.birth_date": "Date of birth (YYYY-MM-DD)",
    "serviceman.rank": "Rank (in Russian)",
    "hint.serviceman.rank": (
        "The rank in the nominative, as ФЗ-53 ст. 46 lists it: «рядовой», «младший сержант», "
        "«капитан 3 ранга»; «гвардии» and «медицинской службы» may be included."
    ),
    "serviceman.service_type": "Type of service",
    "choice.serviceman.service_type.contract": "contract",
    "choice.serviceman.service_type.mobilised": "mobilised",
    "choice.serviceman.service_type.conscript": "conscript",
    "choice.serviceman.service_type.volunteer": "volunteer formation",
    "choice.None": "leave out",
    "serviceman.personal_number": "Личный номер (e.g. АБ-123456)",
    "serviceman.position": "Position (in Russian, nominative, e.g. «стрелок»)",
    "serviceman.address": "Postal address for replies, with the postcode",
    "hint.serviceman.address": (
        "A written appeal without an address for the reply may go unanswered (ФЗ-59 ст. 7, 11). "
        "When a relative or an advocate files, the reply goes to them."
    ),
    "serviceman.phone": "Phone",
    "serviceman.email": "E-mail",
    "unit.number": "Unit number (войсковая часть, 4 to 6 digits)",
    "unit.garrison": "Town or garrison of the unit",
    "gate.commander": "Do you know the unit commander's rank and surname?",
    "unit.commander.rank": "Commander's rank (in Russian)",
    "unit.commander.surname": "Commander's surname",
    "unit.commander.initials": "Commander's initials (e.g. П. П.)",
    "unit.commander.gender": "Commander's gender",
    "unit.higher_command.title": "The higher commander (for the complaint about inaction)",
    "hint.unit.higher_command.title": (
        "The title in Russian, nominative, e.g. «Командующий войсками Московского военного "
        "округа». Enter skips it: no complaint to the higher command then."
    ),
    "unit.higher_command.address": "Their postal address",
    "unit.current_location": "Where the serviceman is now",
    "choice.unit.current_location.unit": "in the unit",
    "choice.unit.current_location.hospital": "in hospital",
    "choice.unit.current_location.combat_zone": "in the combat zone",
    "choice.unit.current_location.leave": "on leave",
    "choice.unit.current_location.other": "elsewhere",
    "intro.captivity": (
        "Neutral words only: where and when, never how he was captured. Leave out statements "
        "given in captivity or to investigators."
    ),
    "captivity.captured_on": "Date of capture (YYYY-MM-DD)",
    "captivity.captured_where": "Where (region, place)",
    "captivity.released_on": "Date of release (YYYY-MM-DD)",
    "captivity.exchange": "Which exchange (e.g. «обмен 1000 на 1000»)",
    "captivity.exchange_category": "Category he was exchanged under",
    "choice.captivity.exchange_category.seriously_wounded_or_sick": "seriously wounded or sick",
    "choice.captivity.exchange_category.long_captivity": "long captivity, by agreement",
    "choice.captivity.exchange_category.under_25": "young, under 25",
    "choice.captivity.exchange_category.ordinary": "an ordinary exchange",
    "choice.captivity.exchange_category.unknown": "don't know",
    "captivity.handover_place": "Where he was handed over (e.g. «Республика Беларусь»)",
    "captivity.examined_in_captivity": "Did a medical commission examine him in captivity",
    "choice.True": "yes",
    "choice.False": "no",
    "choice.captivity.examined_in_captivity.None": "don't know",
    "captivity.after_release": "What happened right after the release (isolation: where, how long)",
    "intro.health": "Wounds and illnesses, one at a time; then treatment and earlier boards.",
    "health.conditions[].description": "A wound or illness (e.g. «контузия, головные боли»)",
    "health.conditions[].since": "Since when (YYYY-MM-DD)",
    "health.conditions[].origin": "Where it comes from",
    "choice.health.conditions[].origin.combat": "wounded in combat",
    "choice.health.conditions[].origin.captivity": "in captivity",
    "choice.health.conditions[].origin.earlier": "earlier",
    "choice.health.conditions[].origin.unknown": "don't know",
    "more.health.conditions": "Add another wound or illness?",
    "health.treatment_after_return": "Treatment after the return (where, when, discharge summary)",
    "gate.health.previous_vvk": "Has a military medical board (ВВК) examined him since the wound?",
    "health.previous_vvk.date": "Date of the board's conclusion (YYYY-MM-DD)",
    "health.previous_vvk.body": "Which board (e.g. «ВВК военного госпиталя, г. Курск»)",
    "health.previous_vvk.category": "Fitness category",
    "choice.health.previous_vvk.category.А": "А — fit",
    "choice.health.previous_vvk.category.Б": "Б — fit with minor limits",
    "choice.health.previous_vvk.category.В": "В — of limited fitness",
    "choice.health.previous_vvk.category.Г": "Г — temporarily unfit",
    "choice.health.previous_vvk.category.Д": "Д — unfit",
    "health.previous_vvk.certificate": "Number of the certificate",
    "health.disability": "Disability (group, since when)",
    "gate.after_return.events": (
        "Since the return, were there orders, refusals, oral requests for a ВВК? (one at a time)"
    ),
    "after_return.events[].date": "Date (YYYY-MM-DD)",
    "after_return.events[].text": (
        "What happened (in Russian, e.g. «устно просил направить на ВВК»)"
    ),
    "more.after_return.events": "Add another event?",
    "representative.kind": "Who files the documents",
    "choice.representative.kind.relative": "a relative",
    "choice.representative.kind.lawyer": "an advocate",
    "intro.representative": "Now about whoever files instead of the serviceman.",
    "representative.relation": "What you are to him",
    "choice.representative.relation.mother": "mother",
    "choice.representative.relation.father": "father",
    "choice.representative.relation.wife": "wife",
    "choice.representative.relation.husband": "husband",
    "choice.representative.relation.sister": "sister",
    "choice.representative.relation.brother": "brother",
    "choice.representative.relation.son": "son",
    "choice.representative.relation.daughter": "daughter",
    "choice.representative.relation.other": "other",
    "representative.surname": "Your surname",
    "representative.name": "Your name",
    "representative.patronymic": "Your patronymic",
    "representative.gender": "Your gender",
    "representative.address": "Your postal address for replies, with the postcode",
    "representative.phone": "Your phone",
    "representative.email": "Your e-mail",
    "representative.authority": "Your authority (power of attorney, agreement: its date)",
    "representative.consent": "Do you hold the serviceman's written consent to this appeal?",
    "representative.register_number": "Number in the register of advocates",
    "representative.order_number": "Ордер number",
    "representative.bar": "The bar (адвокатская палата)",
    "intro.addressees": (
        "Who else to write to. The Minister of Defence is always included; the others only if "
        "you know their exact title (Enter skips)."
    ),
    "addressees.prosecutor.title": (
        "Military prosecutor (e.g. «Военный прокурор Курского гарнизона»)"
    ),
    "addressees.prosecutor.address": "The prosecutor's address",
    "addressees.district_prosecutor.title": (
        "The district's military prosecutor, in case the garrison's does not answer (e.g. "
        "«Военный прокурор Западного военного округа»)"
    ),
    "addressees.district_prosecutor.address": "The district prosecutor's address",
    "addressees.medical.variant": "Medical authority",
    "hint.addressees.medical.variant": (
        "Where to write about his health:\n"
        "  a) a branch of the Main Centre of Military Medical Expertise — for a (new) board;\n"
        "  b) the district's military medical directorate — when he is not treated;\n"
        "  c) the regional health ministry — for civilian medical records."
    ),
    "choice.addressees.medical.variant.vvk_branch": "a) ГЦ ВВЭ branch: a new board",
    "choice.addressees.medical.variant.district_medical": (
        "b) district military medical directorate: treatment"
    ),
    "choice.addressees.medical.variant.civilian": "c) regional health ministry: civilian records",
    "choice.addressees.medical.variant.None": "no medical authority",
    "addressees.medical.title": (
        "Its head's title (e.g. «Начальник филиала № 3 ФГКУ «ГЦ ВВЭ» МО РФ»)"
    ),
    "addressees.medical.address": "Address",
    "gate.attachments": (
        "Will you attach documents (discharge summaries, reports, a power of attorney)?"
    ),
    "attachments[].title": (
        "What is attached (in Russian, e.g. «копия выписного эпикриза от 10.06.2025»)"
    ),
    "attachments[].file": "The copy as a file (PDF or scan), if any: path from the case's folder",
    "attachments[].pages": "How many sheets (Enter: count them in the file)",
    "attachments[].copies": "How many copies",
    "attachments[].original": "Is it the original (not a copy)?",
    "more.attachments": "Add another attachment?",
    "gate.filings": "Have you already filed a рапорт or complaints in this case?",
    "filings[].document": "What was filed",
    "choice.filings[].document.vvk_report": "the рапорт on the ВВК",
    "choice.filings[].document.command_complaint": "complaint to the higher command",
    "choice.filings[].document.prosecutor_complaint": "complaint to the military prosecutor",
    "choice.filings[].document.medical_appeal": "appeal to the medical authority",
    "choice.filings[].document.ministry_appeal": "appeal to the Minister of Defence",
    "choice.filings[].document.case_summary": "summary for international bodies",
    "filings[].sent_on": "When (YYYY-MM-DD)",
    "filings[].channel": "How",
    "choice.filings[].channel.in_person": "in person",
    "choice.filings[].channel.post": "by post",
    "choice.filings[].channel.online": "online reception",
    "filings[].reference": "Registration number (e.g. «вх. № 1187»)",
    "filings[].tracking": "Postal tracking number",
    "filings[].delivered_on": "Delivered on, by the return receipt (YYYY-MM-DD)",
    "filings[].answer_on": "Date of the answer, if one came (YYYY-MM-DD)",
    "filings[].answer": "What the answer said",
    "filings[].answer_kind": "What kind of answer it was",
    "choice.filings[].answer_kind.refusal": "a refusal in writing",
    "choice.filings[].answer_kind.forwarded": "forwarded to another body",
    "choice.filings[].answer_kind.merits": "a reply on the substance",
    "filings[].answered_by": "Who answered (the post, in the nominative)",
    "more.filings": "Add another filing?",
    "gate.options": "Change the layout (documents' language, date, date style, summary)?",
    "language": "Language of the documents",
    "choice.language.ru": "Russian",
    "choice.language.en": "English",
    "date": "Date on the documents (YYYY-MM-DD; Enter: the day they are made)",
    "options.date_style": "Date style",
    "choice.options.date_style.traditional": "«20» ноября 2026 г.",
    "choice.options.date_style.numeric": "20.11.2026",
    "options.summary_anonymised": "Leave names, unit numbers and places out of the summary?",
    "options.summary_language": "Language of the summary for international bodies",
    "choice.options.summary_language.en": "English",
    "choice.options.summary_language.ru": "Russian",
    "item": "{number}. {summary}",
    "item.action": "This entry",
    "choice.keep": "keep",
    "choice.change": "change",
    "choice.delete": "delete",
    "forms.check": "In the documents it will read:",
    "forms.other": "  (to whom: {form})",
    "forms.other.gen": "  (of whom: {form})",
    "forms.ok": "{form} — correct?",
    "forms.fix": "Type the correct forms (Enter keeps the suggestion):",
    "form.genitive": "Genitive (кого?)",
    "form.dative": "Dative (кому?)",
    "yes_no": "[Y/n]",
    "no_yes": "[y/N]",
    "why.yes_no": "Answer yes or no (y/n).",
    "why.choice_number": "Type a number from the list (1–{count}) or a word from it.",
    "why.required": "This question needs an answer.",
    "why.date": "«{value}» is not a date; write it as YYYY-MM-DD, e.g. 2025-05-24.",
    "why.date_suggest": "«{value}» is not a date; write it as YYYY-MM-DD: {iso}? Enter accepts.",
    "why.number": "«{value}» is not a whole number; write digits only.",
    "why.at_least": "The number must be at least {ge}.",
    "review": "\nCheck the answers:",
    "documents": "\nDocuments to be made:",
    "note": "  note: {note}",
    "doc.vvk_report": "рапорт (appeal) for referral to the ВВК",
    "doc.command_complaint": "complaint about the command's inaction",
    "doc.prosecutor_complaint": "complaint to the military prosecutor",
    "doc.medical_appeal": "appeal to the medical authority",
    "doc.ministry_appeal": "appeal to the Minister of Defence",
    "doc.case_summary": "summary for international bodies",
    "invalid": "\nThe file still has problems; fix them with complaintgen edit {path} --section …:",
    "build": "Make the documents now?",
    "saved": "Saved: {path}",
    "resume": "{path} holds unfinished answers (next section: {title}). Continue from there?",
    "restart": "Starting again; the previous file is kept as {backup}.",
    "edit.which": "Which section to change",
    "exists": (
        "{path}: the case file is complete; to change a section: complaintgen edit {path} "
        "--section health; to start again: complaintgen new {path} --force"
    ),
    "no_folder": "{path}: the folder {folder} does not exist; create it or choose another path",
    "bad_mark": (
        "{path}: the progress mark names an unknown section «{section}»; remove the line "
        "«# complaintgen: in progress…» or start again with --force"
    ),
    "interrupted": (
        "{path}: stopped; the sections before «{title}» are saved; to continue: "
        "complaintgen new {path}"
    ),
    "interrupted.nothing": (
        "{path}: stopped before anything was saved, the file is unchanged; to start: "
        "complaintgen new {path}"
    ),
    "interrupted.done": (
        "{path}: stopped; every answer is saved; the documents: complaintgen build {path}"
    ),
    "interrupted.edit": (
        "{path}: stopped; the file is unchanged; to try again: complaintgen edit {path} "
        "--section {section}"
    ),
}
TEXTS = {"ru": RU, "en": EN}

# Reasons in casefile's (English) words that the Russian questionnaire says in Russian: a pattern
# over the English message, and the key of the Russian text (its fields are the pattern's groups).
_RUSSIAN_REASONS = (
    (re.compile(r"unknown rank «(?P<value>[^»]*)»; (?P<hint>.*?)Write a rank"), "why.rank"),
    (re.compile(r"«(?P<value>[^»]*)» is not a личный номер"), "why.personal_number"),
    (re.compile(r"«(?P<value>[^»]*)» is not a unit number"), "why.unit_number"),
    (re.compile(r"«(?P<value>[^»]*)» are not initials"), "why.initials"),
    (
        re.compile(r"^(?P<released>\S+) is not after captivity\.captured_on \((?P<captured>[^)]*)"),
        "why.released",
    ),
    (
        re.compile(r"^(?P<value>\S+) is after the documents' date \((?P<date>[^,]*),"),
        "why.after_date",
    ),
    (re.compile(r"required when the serviceman files himself"), "why.address"),
    (
        re.compile(r"^(?P<answer>\S+) is before filings\[\d+\]\.sent_on \((?P<sent>[^)]*)"),
        "why.answer_before",
    ),
    (re.compile(r"required when representative\.kind is"), "why.required"),
    (re.compile(r"required but missing|is empty"), "why.required"),
    (re.compile(r"«(?P<value>[^»]*)» is not allowed"), "why.choice_number"),
)
_DAY_FIRST = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*$")
# Valid stand-ins for the sections not answered yet, so that one answer can be checked against
# the whole case. They are chosen to break no rule (dates in order and in the past).
_PLACEHOLDERS: dict[str, Any] = {
    "serviceman": {
        "surname": "Х",
        "name": "Х",
        "gender": "male",
        "rank": "рядовой",
        "address": "Х",
    },
    "unit": {"number": "1000"},
    "captivity": {"captured_on": dt.date(1900, 1, 1), "released_on": dt.date(1900, 1, 2)},
    "health": {"conditions": [{"description": "Х"}]},
}
_REPRESENTATIVE_PLACEHOLDER = {
    "relation": "other",
    "surname": "Х",
    "name": "Х",
    "gender": "male",
    "address": "Х",
    "register_number": "Х",
    "order_number": "Х",
    "bar": "Х",
}


def yes_no(text: str, language: str) -> bool | None:
    """True, False, or None when the answer is neither (or ambiguous across keyboard layouts)."""
    word = text.strip().casefold()
    if word in ("да", "yes", "д"):
        return True
    if word in ("нет", "no", "н", "n"):
        return False
    # «y» is the «н» key of a Russian layout: yes in English, but a slip of «нет» in Russian.
    if word == "y" and language == "en":
        return True
    return None


def question_id(loc: Loc) -> str:
    """``("health", "conditions", 0, "since")`` → ``"health.conditions[].since"``."""
    text = ""
    for part in loc:
        text += "[]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def spec_for(qid: str) -> Spec | None:
    if qid in SPECS:
        return SPECS[qid]
    parent, _, case = qid.rpartition(".")
    if case in FORM_CASES and parent.endswith(("declension", "name_declension")):
        return Spec()
    return None


@dataclass(frozen=True)
class Problem:
    """One problem of the case as `validate` reports it, with pydantic's details to translate it."""

    loc: Loc
    text: str
    kind: str
    value: Any
    context: dict[str, Any]


class Questionnaire:
    """One person's answers to the case questions, and the questions still to ask."""

    def __init__(
        self,
        io: Prompter,
        *,
        language: str,
        today: dt.date,
        path: Path,
        data: dict[str, Any] | None = None,
    ) -> None:
        self.io = io
        self.language = language
        self.today = today
        self.path = path
        self.data: dict[str, Any] = data if data is not None else {"schema_version": 1}
        self.data.setdefault("schema_version", 1)
        # Sections whose answers stand as they are; the others are stood in for when checking.
        self.settled: set[str] = set()
        self.asked = 0  # questions put to the person (the note counts them)
        self.saved_before: str | None = None  # the first section not saved in the file
        self.wrote = False  # whether this run has saved anything yet

    # --- talking ---------------------------------------------------------------------------

    def t(self, key: str, **values: Any) -> str:
        text = TEXTS[self.language].get(key)
        if text is None:  # a message only the Russian side translates: the English words
            text = TEXTS["en"].get(key, key)
        return text.format(**values) if values else text

    def _ask(self, prompt: str, default: str = "") -> str:
        self.asked += 1
        return self.io.ask(prompt, default).strip()

    def yes(self, key: str, default: bool, **values: Any) -> bool:
        """A yes/no question; Enter takes `default`."""
        hint = self.t("yes_no" if default else "no_yes")
        while True:
            answer = self._ask(f"{self.t(key, **values)} {hint}")
            if not answer:
                return default
            parsed = yes_no(answer, self.language)
            if parsed is not None:
                return parsed
            self.io.say(self.t("why.yes_no"))

    def pick(
        self, key: str, choices: tuple[Any, ...], default: Any, names: list[str] | None = None
    ) -> Any:
        """One of `choices`, by its number or its words; Enter takes `default`."""
        names = names or [self._label(key, choice) for choice in choices]
        for number, name in enumerate(names, 1):
            self.io.say(f"  {number}) {name}")
        shown = names[choices.index(default)] if default in choices else ""
        while True:
            answer = self._ask(self.t(key), shown) or shown
            found = _match(answer, choices, names)
            if found is not _NOTHING:
                return found
            self.io.say(self.t("why.choice_number", count=len(choices)))

    def _label(self, qid: str, choice: Any) -> str:
        for key in (f"choice.{qid}.{choice}", f"choice.{choice}"):
            if key in TEXTS[self.language]:
                return self.t(key)
        return str(choice)

    # --- one field -------------------------------------------------------------------------

    def field(self, loc: Loc, *, reason: str | None = None, suggested: str | None = None) -> None:
        """Ask the field at `loc` until its answer passes the case's rules, and store it."""
        qid = question_id(loc)
        spec = spec_for(qid)
        assert spec is not None, qid
        parent = self._parent(loc)
        key = str(loc[-1])
        if not self._applies(spec, parent):
            parent.pop(key, None)
            return
        if reason:
            self.io.say(f"  ! {reason}")
        elif f"hint.{qid}" in TEXTS[self.language]:
            self.io.say(self.t(f"hint.{qid}"))
        label = self.t(qid) if qid in TEXTS[self.language] else self.t(f"form.{key}")
        if spec.kind == "choice":
            self._choice_field(loc, spec, parent, key, label)
        elif spec.kind == "yesno":
            current = parent.get(key, spec.default)
            parent[key] = self.yes(qid, bool(current))
        else:
            self._typed_field(loc, spec, parent, key, label, suggested)

    def _choice_field(self, loc: Loc, spec: Spec, parent: dict, key: str, label: str) -> None:
        qid = question_id(loc)
        current = parent[key] if key in parent else self._guess(loc, parent)
        if current is None and spec.default is not None:
            current = spec.default
        names = [self._label(qid, choice) for choice in spec.choices]
        for number, name in enumerate(names, 1):
            self.io.say(f"  {number}) {name}")
        shown = names[spec.choices.index(current)] if current in spec.choices else ""
        if current is not None and current not in spec.choices:
            shown = str(current)  # a value from a hand-edited file: checked like a typed one
        while True:
            answer = self._ask(label, shown) or shown
            if not answer and not spec.required:
                parent.pop(key, None)
                return
            if not answer:
                self.io.say(f"  ! {self.t('why.required')}")
                continue
            found = _match(answer, spec.choices, names)
            if found is _NOTHING and True in spec.choices:
                said = yes_no(answer, self.language)  # «да» in English, «yes» in Russian
                found = _NOTHING if said is None else said
                if found is _NOTHING:
                    self.io.say(f"  ! {self.t('why.choice_number', count=len(spec.choices))}")
                    shown = answer
                    continue
            if found is _NOTHING:
                # Not a number or a label: the model may still read it («a» for category «А»).
                problem = self._problem_at(loc, answer)
                if problem is not None:
                    self.io.say(f"  ! {problem}")
                    shown = answer
                    continue
                found = answer
            if found is None:
                parent.pop(key, None)
            else:
                parent[key] = found
            return

    def _typed_field(
        self, loc: Loc, spec: Spec, parent: dict, key: str, label: str, suggested: str | None
    ) -> None:
        current = _rank_text(parent) if spec.kind == "rank" else parent.get(key)
        if current is None and spec.default is not None:
            current = spec.default
        typed = suggested if suggested is not None else _shown(current)
        while True:
            answer = self._ask(label, typed) or typed
            if answer in ("", "-"):
                if spec.required:
                    self.io.say(f"  ! {self.t('why.required')}")
                    typed = ""
                    continue
                parent.pop(key, None)
                if spec.kind == "rank":
                    parent.pop("guards", None)
                    parent.pop("rank_service", None)
                return
            value, problem, suggestion = self._interpret(loc, spec, answer)
            if problem is None:
                self._store(parent, key, spec, value)
                return
            self.io.say(f"  ! {problem}")
            typed = suggestion or answer

    def _interpret(self, loc: Loc, spec: Spec, answer: str) -> tuple[Any, str | None, str | None]:
        """(value to store, reason it is refused, a corrected answer to offer) for one answer."""
        if spec.kind == "rank":
            return self._rank(loc, answer)
        problem = self._problem_at(loc, answer)
        if problem is None:
            if spec.kind == "date":
                return TypeAdapter(dt.date).validate_python(answer), None, None
            if spec.kind == "number":
                return TypeAdapter(int).validate_python(answer), None, None
            return answer, None, None
        day_first = _DAY_FIRST.match(answer) if spec.kind == "date" else None
        if day_first:
            day, month, year = (int(part) for part in day_first.groups())
            try:
                iso = dt.date(year, month, day).isoformat()
            except ValueError:
                return None, problem, None
            return None, self.t("why.date_suggest", value=answer, iso=iso), iso
        return None, problem, None

    def _rank(self, loc: Loc, answer: str) -> tuple[Any, str | None, str | None]:
        from complaintgen import grammar

        try:
            guards, rank, service = grammar.split_rank(answer)
        except KeyError:
            return None, self._problem_at(loc, answer) or self.t("why.required"), None
        return (guards, rank, service), None, None

    def _store(self, parent: dict, key: str, spec: Spec, value: Any) -> None:
        if spec.kind == "rank":
            guards, rank, service = value
            parent[key] = rank
            if guards:
                parent["guards"] = True
            else:
                parent.pop("guards", None)
            if service:
                parent["rank_service"] = service
            else:
                parent.pop("rank_service", None)
            return
        parent[key] = value

    def _guess(self, loc: Loc, parent: dict) -> Any:
        """A likely answer to offer: the gender a Russian patronymic shows."""
        if loc[-1] == "gender":
            patronymic = str(parent.get("patronymic") or "").casefold()
            if patronymic.endswith(("вич", "ич", "оглы", "улы")):
                return "male"
            if patronymic.endswith(("вна", "чна", "ична", "кызы", "гызы")):
                return "female"
        return None

    @staticmethod
    def _applies(spec: Spec, parent: dict) -> bool:
        if spec.only_if is None:
            return True
        sibling, wanted = spec.only_if
        value = parent.get(sibling)
        return value is not None if wanted == "set" else value == wanted

    def _parent(self, loc: Loc) -> dict:
        """The mapping that holds the field at `loc`, created on the way where missing."""
        node: Any = self.data
        for index, part in enumerate(loc[:-1]):
            if isinstance(part, str):
                shape = list if isinstance(loc[index + 1], int) else dict
                if not isinstance(node.get(part), shape):
                    node[part] = shape()
            node = node[part]
        return node

    # --- checking against the case's rules -------------------------------------------------

    def _problem_at(self, loc: Loc, value: Any) -> str | None:
        """The reason `value` is refused at `loc` by the case's rules, or None."""
        data = copy.deepcopy(self.data)
        node: Any = data
        for part in loc[:-1]:
            node = node[part]
        node[loc[-1]] = value
        for problem in self._problems(self._probe(data, _section_of(loc))):
            if problem.loc[: len(loc)] == loc:
                return self._reason(problem)
        return None

    def _probe(self, data: dict[str, Any], current: str | None) -> dict[str, Any]:
        """The case to validate: answered sections as they are, placeholders for the rest."""
        probe = {key: value for key, value in data.items() if key not in SECTIONS}
        probe["schema_version"] = 1
        if probe.get("date") is None:
            probe["date"] = self.today
        for name in SECTIONS:
            if name in self.settled or name == current:
                if name in data:
                    probe[name] = data[name]
                elif name in _PLACEHOLDERS and name != current:
                    probe[name] = _PLACEHOLDERS[name]
            elif name == "representative" and isinstance(data.get(name), dict):
                kind = data[name].get("kind")
                if kind in ("relative", "lawyer"):
                    probe[name] = {**_REPRESENTATIVE_PLACEHOLDER, "kind": kind}
            elif name in _PLACEHOLDERS:
                probe[name] = _PLACEHOLDERS[name]
        return probe

    def _problems(self, probe: dict[str, Any]) -> list[Problem]:
        from complaintgen.case.casefile import explain  # casefile's one translation of pydantic

        try:
            Case.model_validate(probe)
        except ValidationError as error:
            return [
                Problem(loc, text, raw["type"], raw.get("input"), raw.get("ctx") or {})
                for raw in error.errors(include_url=False)
                for loc, text in explain(raw, probe)
            ]
        return []

    def _reason(self, problem: Problem) -> str:
        """The problem in the questionnaire's language (casefile's words in English)."""
        if self.language == "en":
            return problem.text
        value = _shown(problem.value)
        if problem.kind.startswith("date"):
            return self.t("why.date", value=value)
        if problem.kind in ("int_type", "int_parsing", "int_from_float"):
            return self.t("why.number", value=value)
        if problem.kind == "greater_than_equal":
            return self.t("why.at_least", ge=problem.context.get("ge"))
        for pattern, key in _RUSSIAN_REASONS:
            found = pattern.search(problem.text)
            if found is None:
                continue
            values = found.groupdict()
            if key == "why.rank":
                near = re.findall(r"«([^»]+)»", values.pop("hint"))
                quoted = [f"«{rank}»" for rank in near]
                joined = " или ".join([", ".join(quoted[:-1]), quoted[-1]] if near[1:] else quoted)
                values["hint"] = self.t("why.rank_hint", near=joined) if near else ""
            if key == "why.choice_number":
                spec = spec_for(question_id(problem.loc))
                values = {"count": len(spec.choices) if spec else 0}
            return self.t(key, **values)
        return problem.text

    def settle(self, section: str, before: set[tuple[Loc, str]]) -> None:
        """Ask again every field a rule of the finished section refuses, until none is left.

        `before` holds the problems the case had before the section was asked: those are not
        this section's doing (a hand-edited file's), and are left for `validate` to report.
        """
        while True:
            fresh = [
                problem
                for problem in self._problems(self._probe(self.data, section))
                if (problem.loc, problem.text) not in before
            ]
            for problem in fresh:
                target = self._target(problem, section)
                if target is not None:
                    self.field(target, reason=self._reason(problem))
                    break
            else:
                for problem in fresh:
                    self.io.say(f"  ! {_dotted(problem.loc)}: {self._reason(problem)}")
                return

    def problems_now(self, section: str | None) -> set[tuple[Loc, str]]:
        return {(p.loc, p.text) for p in self._problems(self._probe(self.data, section))}

    def _target(self, problem: Problem, section: str) -> Loc | None:
        """The field to ask again for `problem`, if it is one the questionnaire asks."""
        if section == "options" and "`date`" in problem.text:
            return ("date",)  # the documents' date is what this section changed
        loc = problem.loc
        while loc:
            spec = spec_for(question_id(loc))
            if spec is not None:
                try:
                    parent = self._parent(loc)
                except (KeyError, IndexError, TypeError):
                    return None
                return loc if self._applies(spec, parent) else None
            loc = loc[:-1]
        return None

    # --- declined forms --------------------------------------------------------------------

    def check_forms(
        self, loc: Loc, override: str, shown: str, other: str | None, auto: dict[str, str]
    ) -> None:
        """Show `shown` (and `other`) for confirmation; on no, ask the forms into `override`."""
        if self.data.get("language", "ru") != "ru":
            return  # English documents use no Russian cases
        self.io.say(self.t("forms.check"))
        if other:
            self.io.say(other)
        if self.yes("forms.ok", True, form=shown):
            return
        self.io.say(self.t("forms.fix"))
        parent = self._parent((*loc, override, "x"))
        for case in FORM_CASES:
            current = parent.get(case) or auto[case]
            self.field((*loc, override, case), suggested=current)
            if parent.get(case) == auto[case]:
                parent.pop(case)  # the automatic form is right: no need to write it down
        if not parent:
            self._parent(loc).pop(override, None)

    def _person(self, person: dict[str, Any], **extra: Any) -> Any:
        from complaintgen.render.rendering import Person

        return Person(
            "ru",
            surname=person["surname"],
            name=person.get("name"),
            patronymic=person.get("patronymic"),
            gender=person.get("gender", "male"),
            name_forms=_declension(person.get("name_declension")),
            **extra,
        )

    def serviceman_forms(self) -> None:
        sm = self.data["serviceman"]
        person = self._person(
            sm, rank=sm["rank"], guards=bool(sm.get("guards")), rank_service=sm.get("rank_service")
        )
        plain = self._person({**sm, "name_declension": None})
        self.check_forms(
            ("serviceman",),
            "name_declension",
            f"от {person.rank.gen} {person.name.gen}",
            self.t("forms.other", form=f"{person.rank.dat} {person.name.dat}"),
            {"genitive": plain.name.gen, "dative": plain.name.dat},
        )

    def position_forms(self) -> None:
        sm = self.data["serviceman"]
        self._title_forms(
            ("serviceman",), sm["position"], sm.get("declension"), genitive_first=True
        )

    def commander_forms(self) -> None:
        unit = self.data["unit"]
        commander = unit["commander"]
        kwargs = {
            "surname": commander["surname"],
            "name": None,
            "patronymic": None,
            "initials": commander.get("initials"),
            "gender": commander.get("gender", "male"),
            "rank": commander["rank"],
            "guards": bool(commander.get("guards")),
            "rank_service": commander.get("rank_service"),
        }
        from complaintgen.render.rendering import Person

        person = Person("ru", **kwargs)
        self.check_forms(
            ("unit", "commander"),
            "name_declension",
            f"командиру войсковой части {unit['number']} {person.rank.dat} "
            f"{person.surname_first.dat}",
            self.t("forms.other.gen", form=f"{person.rank.gen} {person.surname_first.gen}"),
            {"genitive": person.surname_first.gen, "dative": person.surname_first.dat},
        )

    def representative_forms(self) -> None:
        rep = self.data["representative"]
        person = self._person(rep)
        plain = self._person({**rep, "name_declension": None})
        self.check_forms(
            ("representative",),
            "name_declension",
            f"от {person.name.gen}",
            self.t("forms.other", form=person.name.dat),
            {"genitive": plain.name.gen, "dative": plain.name.dat},
        )

    def _title_forms(
        self, loc: Loc, title: str, given: Any, *, genitive_first: bool = False
    ) -> None:
        from complaintgen import grammar
        from complaintgen.render.rendering import Forms

        forms = Forms(title, lambda case: grammar.decline_phrase(title, case), _declension(given))
        auto = {case: grammar.decline_phrase(title, case) for case in FORM_CASES}
        if genitive_first:  # a position: the sender's block says «командира отделения»
            shown, other = forms.gen, self.t("forms.other", form=forms.dat)
        else:  # an addressee: the block says «Военному прокурору …»
            shown, other = forms.dat, self.t("forms.other.gen", form=forms.gen)
        self.check_forms(loc, "declension", shown, other, auto)

    def titled(self, loc: Loc) -> None:
        """An addressee given by its title: the title, its forms, its address."""
        self.field((*loc, "title"))
        body = self._parent((*loc, "title"))
        if body.get("title"):
            self._title_forms(loc, body["title"], body.get("declension"))
        else:
            body.pop("declension", None)
        self.field((*loc, "address"))
        self._prune(loc)

    def _prune(self, loc: Loc) -> None:
        """Drop the mapping at `loc` when no answer was left in it."""
        parent = self._parent(loc)
        if not parent.get(str(loc[-1])):
            parent.pop(str(loc[-1]), None)

    # --- repeated items --------------------------------------------------------------------

    def repeat(self, loc: Loc, *, required: bool = False, gate: str | None = None) -> None:
        """The items of the list at `loc`: the existing ones kept, changed or deleted, then new
        ones one by one until the person says there are no more."""
        name = question_id(loc)
        fields = ITEMS[name]
        parent = self._parent(loc)
        key = str(loc[-1])
        if not isinstance(parent.get(key), list):
            parent[key] = []
        items: list[Any] = parent[key]
        index = 0
        while index < len(items):
            if not isinstance(items[index], dict):
                items[index] = {}
            summary = "; ".join(_shown(v) for v in items[index].values() if _shown(v))
            self.io.say(self.t("item", number=index + 1, summary=summary))
            action = self.pick("item.action", ("keep", "change", "delete"), "keep")
            if action == "delete":
                del items[index]
                continue
            if action == "change":
                self._ask_item(loc, index, fields)
            index += 1
        while True:
            if items or not required:
                question = f"more.{name}" if items or gate is None else gate
                if not self.yes(question, False):
                    break
            items.append({})
            self._ask_item(loc, len(items) - 1, fields)
        if not items and not required:
            parent.pop(key)

    def _ask_item(self, loc: Loc, index: int, fields: tuple[str, ...]) -> None:
        for field in fields:
            self.field((*loc, index, field))

    # --- the sections ----------------------------------------------------------------------

    def ask_applicant(self) -> None:
        rep = self.data.get("representative")
        current = rep.get("kind") if isinstance(rep, dict) else None
        kind = self.pick("applicant", SPECS["applicant"].choices, current or "self")
        if kind == "self":
            self.data.pop("representative", None)
        else:
            if not isinstance(rep, dict):
                self.data["representative"] = rep = {}
            rep["kind"] = kind

    def ask_serviceman(self) -> None:
        self.io.say(self.t("intro.serviceman"))
        at = ("serviceman",)
        for key in ("surname", "name", "patronymic", "gender", "birth_date", "rank"):
            self.field((*at, key))
        self._normalise("serviceman")
        self.serviceman_forms()
        for key in ("service_type", "personal_number", "position"):
            self.field((*at, key))
        if self.data["serviceman"].get("position"):
            self.position_forms()
        else:
            self.data["serviceman"].pop("declension", None)
        for key in ("address", "phone", "email"):
            self.field((*at, key))

    def ask_unit(self) -> None:
        for key in ("number", "garrison"):
            self.field(("unit", key))
        unit = self.data["unit"]
        if self.yes("gate.commander", True):
            for key in ("rank", "surname", "initials", "gender"):
                self.field(("unit", "commander", key))
            self._normalise("unit")  # «в/ч 54321» → «54321», «А.С.» → «А. С.» in the forms shown
            self.commander_forms()
        else:
            unit.pop("commander", None)
        self.titled(("unit", "higher_command"))
        self.field(("unit", "current_location"))

    def ask_captivity(self) -> None:
        self.io.say(self.t("intro.captivity"))
        for key in (
            "captured_on",
            "captured_where",
            "released_on",
            "exchange",
            "exchange_category",
            "handover_place",
            "examined_in_captivity",
            "after_release",
        ):
            self.field(("captivity", key))

    def ask_health(self) -> None:
        self.io.say(self.t("intro.health"))
        self._parent(("health", "x"))
        self.repeat(("health", "conditions"), required=True)
        self.field(("health", "treatment_after_return"))
        health = self.data["health"]
        if self.yes("gate.health.previous_vvk", bool(health.get("previous_vvk"))):
            for key in ("date", "body", "category", "certificate"):
                self.field(("health", "previous_vvk", key))
        else:
            health.pop("previous_vvk", None)
        self.field(("health", "disability"))

    def ask_after_return(self) -> None:
        self._parent(("after_return", "x"))
        self.repeat(("after_return", "events"), gate="gate.after_return.events")
        self._prune(("after_return",))

    def ask_representative(self, *, ask_kind: bool) -> None:
        if ask_kind:
            self.ask_applicant()
        rep = self.data.get("representative")
        if not isinstance(rep, dict):
            return  # the serviceman files himself: nothing to ask
        self.io.say(self.t("intro.representative"))
        at = ("representative",)
        for key in ("relation", "surname", "name", "patronymic", "gender"):
            self.field((*at, key))
        self.representative_forms()
        for key in (
            "address",
            "phone",
            "email",
            "authority",
            "register_number",
            "order_number",
            "bar",
        ):
            self.field((*at, key))

    def ask_addressees(self) -> None:
        self.io.say(self.t("intro.addressees"))
        self._parent(("addressees", "x"))
        self.titled(("addressees", "prosecutor"))
        if self.data["addressees"].get("prosecutor"):
            self.titled(("addressees", "district_prosecutor"))  # the next step up from it
        self.field(("addressees", "medical", "variant"))
        medical = self.data["addressees"]["medical"]
        if medical.get("variant"):
            self.field(("addressees", "medical", "title"))
            self._title_forms(
                ("addressees", "medical"), medical["title"], medical.get("declension")
            )
            self.field(("addressees", "medical", "address"))
        self._prune(("addressees", "medical"))
        self._prune(("addressees",))

    def ask_attachments(self) -> None:
        self.repeat(("attachments",), gate="gate.attachments")

    def ask_filings(self) -> None:
        self.repeat(("filings",), gate="gate.filings")

    def ask_options(self, *, gated: bool) -> None:
        if gated and not self.yes("gate.options", False):
            return
        self.field(("language",))
        self.field(("date",))
        for key in ("date_style", "summary_anonymised", "summary_language"):
            self.field(("options", key))

    def ask_section(self, section: str, *, editing: bool) -> None:
        """Ask one section, then ask again whatever its rules refuse."""
        before = self.problems_now(section if editing else None)
        if section == "representative":
            self.ask_representative(ask_kind=editing)
        elif section == "options":
            self.ask_options(gated=not editing)
        else:
            getattr(self, f"ask_{section}")()
        self.settle(section, before)
        if section != "applicant":
            self._normalise(section)
        self.settled.add(section)

    def _normalise(self, section: str) -> None:
        """Store the section as the models read it («в/ч 12345» → «12345», «п п» → «П. П.»)."""
        if section not in self.data:
            return
        annotation = Case.model_fields[section].annotation
        try:
            validated = TypeAdapter(annotation).validate_python(self.data[section])
        except ValidationError:
            return  # left for `validate` to report
        self.data[section] = _normalised(self.data[section], validated)

    # --- the whole run ---------------------------------------------------------------------

    def title(self, section: str) -> str:
        return self.t(f"section.{section}")

    def announce(self, section: str) -> None:
        number = FLOW.index(section) + 1
        self.io.say(self.t("section", number=number, total=len(FLOW), title=self.title(section)))

    def finish(self) -> bool:
        """The review, the documents that will be made, and whether to make them now."""
        from complaintgen.case.casefile import case_from_data
        from complaintgen.packet.plan import planned_documents

        self.io.say(self.t("review"))
        for line in self.review_lines():
            self.io.say(line)
        try:
            case = case_from_data(self.data, path=self.path, today=self.today)
            documents, notes = planned_documents(case)
        except CaseError as error:
            self.io.say(self.t("invalid", path=self.path))
            for problem in error.problems:
                self.io.say(f"  {problem}")
            return False
        self.io.say(self.t("documents"))
        for doc_id in documents:
            self.io.say(f"  {DOCUMENT_IDS.index(doc_id) + 1:02d}. {self.t(f'doc.{doc_id}')}")
        for note in self._left_out(case, documents, notes):
            self.io.say(self.t("note", note=note))
        return bool(documents) and self.yes("build", True)

    def _left_out(self, case: Case, documents: tuple[str, ...], notes: list[str]) -> list[str]:
        """Why a document will not be made, naming the questions that would make it possible."""
        if self.language == "en":
            return notes
        from complaintgen.packet.plan import NEEDS, missing_for

        lines = []
        for doc_id in case.wanted_documents():
            if doc_id in documents:
                continue
            missing = {entry.split(" ")[0] for entry in missing_for(case, doc_id)}
            asked = [path for path, _ in NEEDS.get(doc_id, ()) if path in missing]
            if not asked:
                continue
            labels = ", ".join(f"«{self._review_label(tuple(p.split('.')))}»" for p in asked)
            lines.append(
                self.t(
                    "why.left_out",
                    document=self.t(f"doc.{doc_id}"),
                    labels=labels,
                    section=asked[0].split(".")[0],
                    path=self.path,
                )
            )
        return lines

    def review_lines(self) -> Iterator[str]:
        """Every answer, one line each, under its section's title."""
        for section in SECTIONS:
            value = self.data.get(section)
            rows = list(_rows(value, (section,)))
            if section == "options":
                rows = [((key,), self.data[key]) for key in _TOP_LEVEL if key in self.data] + rows
            if not rows:
                continue
            yield f"{self.title(section)}:"
            for loc, shown in rows:
                label = self._review_label(loc)
                yield f"  {label}: {self._review_value(loc, shown)}"

    def _review_label(self, loc: Loc) -> str:
        qid = question_id(loc)
        number = next((f" {part + 1}" for part in loc if isinstance(part, int)), "")
        if qid in TEXTS[self.language]:
            return self.t(qid).split(" (")[0] + number
        if loc[-1] in FORM_CASES:
            return f"{self._review_label(loc[:-2])}: {self.t(f'form.{loc[-1]}').split(' (')[0]}"
        return _dotted(loc)

    def _review_value(self, loc: Loc, value: Any) -> str:
        spec = spec_for(question_id(loc))
        if spec is not None and spec.kind == "choice" and value in spec.choices:
            return self._label(question_id(loc), value)
        if isinstance(value, bool):
            return self.t(f"choice.{value}")
        return _shown(value)


_NOTHING = object()


def _match(answer: str, choices: tuple[Any, ...], names: list[str]) -> Any:
    """The choice an answer names: its number, its label, or its value; _NOTHING if none."""
    text = answer.strip().casefold()
    if text.isdigit() and 1 <= int(text) <= len(choices):
        return choices[int(text) - 1]
    for choice, name in zip(choices, names, strict=True):
        if text in (name.casefold(), str(choice).casefold()):
            return choice
        # «а)», «б)» in the medical variants: the letter alone picks the line.
        if len(text) == 1 and name.casefold().startswith(text + ")"):
            return choice
    return _NOTHING


def _shown(value: Any) -> str:
    """A stored answer as the person would type it."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return str(value.get("ru") or value.get("en") or "")
    if isinstance(value, list):
        return ", ".join(_shown(item) for item in value)
    return str(value)


def _rank_text(parent: dict[str, Any]) -> str | None:
    """«гвардии старший лейтенант медицинской службы»: the three rank fields as one answer."""
    rank = parent.get("rank")
    if not rank:
        return None
    parts = ["гвардии" if parent.get("guards") else "", str(rank), parent.get("rank_service") or ""]
    return " ".join(part for part in parts if part)


def _declension(value: Any) -> Declension | None:
    if not isinstance(value, dict):
        return None
    try:
        return Declension.model_validate(value)
    except ValidationError:
        return None


def _section_of(loc: Loc) -> str:
    return str(loc[0]) if loc[0] in SECTIONS else "options"


def _dotted(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _rows(value: Any, loc: Loc) -> Iterator[tuple[Loc, Any]]:
    """(location, value) of every answer under `value`, in the order of the file."""
    is_text = isinstance(value, dict) and value and set(value) <= {"ru", "en"}
    if isinstance(value, dict) and not is_text:
        for key, inner in value.items():
            if key == "rank":
                yield (*loc, key), _rank_text(value)  # one answer, as it was asked
            elif key not in ("guards", "rank_service") or "rank" not in value:
                yield from _rows(inner, (*loc, key))
    elif isinstance(value, list) and any(isinstance(item, dict) for item in value):
        for index, item in enumerate(value):
            yield from _rows(item, (*loc, index))
    elif value is not None and value != [] and value != {}:
        yield loc, value


def _normalised(raw: Any, validated: Any) -> Any:
    """`raw` answers with each plain value replaced by the model's reading of it.

    Free text keeps its shape (a string or {ru, en}); mappings and lists are walked in step.
    """
    from pydantic import BaseModel

    from complaintgen.case.model import LocalText

    if isinstance(validated, LocalText):
        return raw
    if isinstance(raw, dict) and isinstance(validated, BaseModel):
        return {
            key: _normalised(value, getattr(validated, key, value)) for key, value in raw.items()
        }
    if isinstance(raw, list) and isinstance(validated, list) and len(raw) == len(validated):
        return [_normalised(r, v) for r, v in zip(raw, validated, strict=True)]
    if isinstance(validated, str | int | bool | dt.date) or validated is None:
        return validated
    return raw


# --- the two commands ------------------------------------------------------------------------


def new_case(
    path: Path, io: Prompter, *, language: str, today: dt.date, force: bool = False
) -> bool:
    """Ask every section, saving after each; True when the person wants the documents now.

    On an existing draft, offers to resume where it stopped; a finished case file is never
    replaced without `force` (`edit` changes one section of it).
    """
    texts = TEXTS[language]
    if not path.parent.is_dir():
        raise ComplaintgenError(texts["no_folder"].format(path=path, folder=path.parent))
    questionnaire = Questionnaire(io, language=language, today=today, path=path)
    existed = path.exists()
    try:
        start = _resume_point(questionnaire, force) if existed else 0
        io.say(questionnaire.t("intro", path=path))
        for index in range(start, len(FLOW)):
            section = FLOW[index]
            questionnaire.announce(section)
            questionnaire.ask_section(section, editing=False)
            following = FLOW[index + 1] if index + 1 < len(FLOW) else None
            casewriter.write_case(
                path,
                questionnaire.data,
                language=language,
                next_section=following,
                backup=existed and index == start,
            )
            questionnaire.saved_before = following
            questionnaire.wrote = True
        io.say(questionnaire.t("saved", path=path))
        return questionnaire.finish()
    except (KeyboardInterrupt, EOFError):
        io.say("")
        raise ComplaintgenError(_interrupted(questionnaire)) from None


def _resume_point(questionnaire: Questionnaire, force: bool) -> int:
    """Where `new` starts on an existing file: the draft's next section, or (with consent or
    `force`) the beginning; a finished file without `force` is refused."""
    path = questionnaire.path
    data, next_section = casewriter.load_draft(path)
    if next_section is None and not force:
        raise ComplaintgenError(questionnaire.t("exists", path=path))
    if next_section is not None and not force:
        if next_section not in FLOW:
            raise ComplaintgenError(questionnaire.t("bad_mark", path=path, section=next_section))
        title = questionnaire.title(next_section)
        if questionnaire.yes("resume", True, path=path, title=title):
            questionnaire.data = data
            data.setdefault("schema_version", 1)
            start = FLOW.index(next_section)
            questionnaire.settled.update(FLOW[1:start])
            questionnaire.saved_before = next_section
            return start
    questionnaire.io.say(questionnaire.t("restart", backup=backup_path(path)))
    return 0


def _interrupted(questionnaire: Questionnaire) -> str:
    """The one line that says what is saved and how to go on."""
    path = questionnaire.path
    if questionnaire.saved_before is not None:
        title = questionnaire.title(questionnaire.saved_before)
        return questionnaire.t("interrupted", path=path, title=title)
    if questionnaire.wrote:  # every section saved: only the review or the build was cut short
        return questionnaire.t("interrupted.done", path=path)
    return questionnaire.t("interrupted.nothing", path=path)


def edit_case(
    path: Path, io: Prompter, *, section: str | None, language: str, today: dt.date
) -> bool:
    """Ask one section again with the old answers as defaults; every other section is kept.

    The previous file is kept as CASE.bak. True when the person wants the documents now.
    """
    data, next_section = casewriter.load_draft(path)
    questionnaire = Questionnaire(io, language=language, today=today, path=path, data=data)
    questionnaire.settled.update(SECTIONS)
    try:
        if section is None:
            titles = [questionnaire.title(name) for name in SECTIONS]
            section = questionnaire.pick("edit.which", SECTIONS, "health", names=titles)
        _reshape(questionnaire.data, section)
        questionnaire.announce(section)
        questionnaire.ask_section(section, editing=True)
    except (KeyboardInterrupt, EOFError):
        io.say("")
        raise ComplaintgenError(
            questionnaire.t("interrupted.edit", path=path, section=section or "health")
        ) from None
    casewriter.write_case(
        path, questionnaire.data, language=language, next_section=next_section, backup=True
    )
    io.say(questionnaire.t("saved", path=path))
    if next_section is not None:
        return False  # a draft: `new` continues it
    try:
        return questionnaire.finish()
    except (KeyboardInterrupt, EOFError):
        io.say("")
        return False  # the file is saved; only the offer to build was cut short


def _reshape(data: dict[str, Any], section: str) -> None:
    """Give a hand-edited section the shape its questions expect (its answers are re-asked)."""
    if section in ("attachments", "filings"):
        if not isinstance(data.get(section), list):
            data.pop(section, None)
    elif section in data and not isinstance(data[section], dict):
        data.pop(section)
