"""Writing a case as commented YAML that a lawyer can read and edit by hand.

The questionnaire (`complaintgen new`, `complaintgen edit`) keeps its answers as plain YAML data
(dicts, lists, strings, dates) and hands them here. The file is written in the order of the case
format, with a comment above each section and the allowed values beside each field, through
`casestore.write_text` (atomic, 0600). Whatever a file holds that the format does not know is kept,
after the known keys, so that rewriting a hand-edited file never drops a fact.

A questionnaire that has not reached the end leaves a draft. A draft would not pass `validate`
(required sections are missing), so it is marked by one machine-readable comment at the top::

    # complaintgen: in progress, next section: health

and read back with `load_draft`: the plain YAML data, without validation, and the section to
resume at. Remove that line (or finish the questionnaire) and the file is an ordinary case file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import yaml
from pydantic import BaseModel

from complaintgen.case import casefile, migrate
from complaintgen.case.model import Case
from complaintgen.errors import ComplaintgenError
from complaintgen.storage import casestore

PROGRESS_MARK = "# complaintgen: in progress, next section: "
_PROGRESS = re.compile(r"^# complaintgen: in progress, next section: ([a-z_]+)\s*$", re.MULTILINE)
_INDENT = "  "

# The comment above each section, and the allowed values beside each field, per language of the
# questionnaire. Keys are field paths; `[]` stands for any item of a list.
_HEADER = {
    "ru": (
        "# Дело для complaintgen (формат версии 2). Этот файл можно править в любом редакторе,",
        "# или заново ответить на вопросы одного раздела: complaintgen edit ФАЙЛ --section health",
        "# Проверка: complaintgen validate ФАЙЛ; документы: complaintgen build ФАЙЛ",
        "# Даты пишутся ГГГГ-ММ-ДД. Здесь медицинские и служебные сведения: храните файл у себя.",
    ),
    "en": (
        "# A case for complaintgen (format version 2). Edit it in any text editor, or answer",
        "# one section's questions again: complaintgen edit FILE --section health",
        "# Check: complaintgen validate FILE; documents: complaintgen build FILE",
        "# Dates are written YYYY-MM-DD. This file holds health and service data: keep it private.",
    ),
}
_DRAFT = {
    "ru": "# Черновик: ответы даны не на все вопросы. Продолжить: complaintgen new ФАЙЛ",
    "en": "# A draft: not every question is answered yet. To continue: complaintgen new FILE",
}

SECTION_NOTES: dict[str, dict[str, str]] = {
    "ru": {
        "serviceman": "Военнослужащий, о котором документы",
        "unit": "Войсковая часть, её командир и вышестоящее командование",
        "captivity": "Плен и обмен (нейтральные слова: никогда не о том, как попал в плен)",
        "health": "Ранения и заболевания, лечение, прежние ВВК",
        "after_return": "События после возвращения, с датами",
        "representative": "Кто подаёт документы вместо военнослужащего (родственник или адвокат)",
        "addressees": "Адресаты жалоб: прокуратура, медицинский орган, министерство",
        "attachments": "Что прикладывается к документам",
        "filings": "Что уже подано и какие получены ответы",
        "options": "Оформление документов",
        "documents": "Какие документы делать (без списка: все, для которых хватает сведений)",
    },
    "en": {
        "serviceman": "The serviceman the documents are about",
        "unit": "His unit, its commander and the command above it",
        "captivity": "Captivity and exchange (neutral words only: never how he was captured)",
        "health": "Wounds and illnesses, treatment, earlier medical boards",
        "after_return": "Dated events since the return",
        "representative": "Who files instead of the serviceman (a relative or an advocate)",
        "addressees": "Addressees of the complaints: prosecutor, medical authority, Ministry",
        "attachments": "What is attached to the documents",
        "filings": "What was already filed, and the answers",
        "options": "How the documents look",
        "documents": "Which documents to make (without a list: every one the facts allow)",
    },
}

_FIELD_NOTES_RU = {
    "schema_version": "версия формата",
    "language": "ru | en: язык документов",
    "date": "дата на документах (без неё: день, когда делаются документы)",
    "serviceman.birth_date": "ГГГГ-ММ-ДД",
    "serviceman.rank": "в именительном падеже, по ФЗ-53 ст. 46",
    "serviceman.guards": "true добавляет «гвардии»",
    "serviceman.rank_service": "например «медицинской службы»",
    "serviceman.personal_number": "личный номер: «АБ-123456»",
    "serviceman.position": "в именительном падеже; склоняется автоматически",
    "serviceman.declension": "формы должности, если автоматические неверны",
    "serviceman.name_declension": "формы ФИО, если автоматические неверны",
    "serviceman.address": "для письменных ответов (ФЗ-59 ст. 7)",
    "unit.number": "войсковая часть: 4–6 цифр",
    "unit.commander.initials": "«П. П.»",
    "unit.higher_command.title": "в именительном падеже; для жалобы вышестоящему командованию",
    "captivity.captured_where": "нейтрально: только место",
    "captivity.released_on": "позже даты пленения",
    "captivity.examined_in_captivity": "true | false; пусто, если неизвестно",
    "representative.address": "для письменных ответов (ФЗ-59 ст. 7)",
    "representative.register_number": "только адвокат: регистрационный номер в реестре",
    "representative.order_number": "только адвокат: номер ордера",
    "representative.bar": "только адвокат: адвокатская палата",
    "representative.authority": "доверенность; без неё родственник пишет от своего имени",
    "representative.consent": "true: есть письменное согласие военнослужащего",
    "filings[].answer_kind": "refusal (отказ) | forwarded (переслано) | merits (по существу)",
    "filings[].answered_by": "кто ответил, в именительном падеже",
    "addressees.prosecutor.title": "в именительном падеже; склоняется в дательный",
    "addressees.medical.variant": (
        "vvk_branch (филиал ГЦ ВВЭ: переосвидетельствование) | district_medical "
        "(военно-медицинское управление округа: лечение) | civilian (минздрав региона)"
    ),
    "addressees.medical.title": "в именительном падеже; склоняется в дательный",
    "attachments[].pages": "листов",
    "attachments[].copies": "экземпляров",
    "attachments[].original": "true: подлинник, false: копия",
    "filings[].delivered_on": "по уведомлению о вручении; не раньше sent_on",
    "filings[].answer_on": "не раньше sent_on",
    "attachments[].file": "PDF или скан; путь от папки этого файла",
    "options.date_style": "traditional: «20» ноября 2026 г. | numeric: 20.11.2026",
    "options.summary_anonymised": "true: в сводке нет имён, номеров частей и мест",
    "options.summary_language": "ru | en: язык сводки для международных органов",
}
_FIELD_NOTES_EN = {
    "schema_version": "format version",
    "language": "ru | en: language of the documents",
    "date": "date printed on the documents (without it: the day they are made)",
    "serviceman.birth_date": "YYYY-MM-DD",
    "serviceman.rank": "nominative, from ФЗ-53 ст. 46",
    "serviceman.guards": "true adds «гвардии»",
    "serviceman.rank_service": "e.g. «медицинской службы»",
    "serviceman.personal_number": "личный номер: «АБ-123456»",
    "serviceman.position": "nominative; declined automatically",
    "serviceman.declension": "forms of the position, where the automatic ones are wrong",
    "serviceman.name_declension": "forms of the name, where the automatic ones are wrong",
    "serviceman.address": "for written replies (ФЗ-59 ст. 7)",
    "unit.number": "войсковая часть: 4 to 6 digits",
    "unit.commander.initials": "«П. П.»",
    "unit.higher_command.title": "nominative; for the complaint to the higher command",
    "captivity.captured_where": "neutral: the place only",
    "captivity.released_on": "after captured_on",
    "captivity.examined_in_captivity": "true | false; leave out if unknown",
    "representative.address": "for written replies (ФЗ-59 ст. 7)",
    "representative.register_number": "advocate only: number in the register",
    "representative.order_number": "advocate only: ордер number",
    "representative.bar": "advocate only: the bar (адвокатская палата)",
    "representative.authority": "a power of attorney; without it a relative writes in her own name",
    "representative.consent": "true: the serviceman's written consent is held",
    "filings[].answer_kind": "refusal | forwarded | merits (a reply on the substance)",
    "filings[].answered_by": "who answered, in the nominative",
    "addressees.prosecutor.title": "nominative; declined to the dative",
    "addressees.medical.variant": (
        "vvk_branch (ГЦ ВВЭ branch: re-examination) | district_medical (district military "
        "medical directorate: treatment) | civilian (regional health ministry)"
    ),
    "addressees.medical.title": "nominative; declined to the dative",
    "attachments[].pages": "sheets",
    "attachments[].copies": "copies",
    "attachments[].original": "true: the original, false: a copy",
    "filings[].delivered_on": "by the return receipt; not before sent_on",
    "filings[].answer_on": "not before sent_on",
    "attachments[].file": "a PDF or a scan; path from this file's folder",
    "options.date_style": "traditional: «20» ноября 2026 г. | numeric: 20.11.2026",
    "options.summary_anonymised": "true: the summary leaves out names, unit numbers, places",
    "options.summary_language": "ru | en: language of the summary for international bodies",
}


def _allowed(path: str) -> str:
    """«a | b | c»: the values the case format allows at `path` (``health.conditions[].origin``),
    read from the model's Literal types, so that the comments never list values of their own."""
    model: type[BaseModel] | None = Case
    annotation: Any = None
    for part in path.split("."):
        assert model is not None, path
        annotation = model.model_fields[part.removesuffix("[]")].annotation
        model = casefile.model_in(annotation)
    return " | ".join(str(value) for value in _literal_values(annotation))


def _literal_values(annotation: Any) -> list[object]:
    if get_origin(annotation) is Literal:
        return list(get_args(annotation))
    return [value for arg in get_args(annotation) for value in _literal_values(arg)]


# Fields whose comment is just the values they allow: the same in both languages.
_CHOICES = {
    path: _allowed(path)
    for path in (
        "serviceman.gender",
        "serviceman.service_type",
        "unit.commander.gender",
        "unit.current_location",
        "captivity.exchange_category",
        "health.conditions[].origin",
        "health.previous_vvk.category",
        "representative.kind",
        "representative.relation",
        "representative.gender",
        "filings[].document",
        "filings[].channel",
    )
}
# The fields of the documents around the complaints (records, the ВВК appeal, a conscript's
# discharge, the power of attorney and the consent).
_NEXT_RU = {
    "serviceman.called_up_on": "дата призыва (для военнослужащего по призыву)",
    "serviceman.term": "срок службы по призыву, месяцев",
    "vvk_conclusion.date": "дата обжалуемого заключения ВВК",
    "vvk_conclusion.contested": "false: заключение не обжалуется",
    "hospital.head": "адресат запроса копий, в именительном падеже",
    "representative.powers_until": "срок доверенности и согласия; без него — строка для записи",
}
_NEXT_EN = {
    "serviceman.called_up_on": "call-up date (for a conscript)",
    "serviceman.term": "conscript term, in months",
    "vvk_conclusion.date": "date of the contested ВВК conclusion",
    "vvk_conclusion.contested": "false: the conclusion is not appealed",
    "hospital.head": "addressee of the records request, in the nominative",
    "representative.powers_until": "end of the power of attorney and consent; else a blank line",
}
_NEXT_CHOICES = {
    path: _allowed(path) for path in ("vvk_conclusion.category", "representative.powers")
}
FIELD_NOTES = {
    "ru": {**_FIELD_NOTES_RU, **_CHOICES, **_NEXT_RU, **_NEXT_CHOICES},
    "en": {**_FIELD_NOTES_EN, **_CHOICES, **_NEXT_EN, **_NEXT_CHOICES},
}


def case_yaml(
    data: Mapping[str, Any], *, language: str = "ru", next_section: str | None = None
) -> str:
    """The case `data` as commented YAML; with `next_section`, marked as a draft to resume there."""
    # Whatever version the data was read in, the writer writes the current one.
    data = migrate.upgrade(data)
    lines = list(_HEADER[language])
    if next_section is not None:
        lines += [_DRAFT[language], PROGRESS_MARK + next_section]
    for key in _ordered(data, Case):
        note = SECTION_NOTES[language].get(key)
        if note:
            lines += ["", f"# {note}"]
        lines += _entry(key, data[key], key, 0, language)
    return "\n".join(lines) + "\n"


def write_case(
    path: Path,
    data: Mapping[str, Any],
    *,
    language: str = "ru",
    next_section: str | None = None,
    backup: bool = False,
    keep_comments: bool = False,
) -> Path:
    """Write the case (or a draft) whole, 0600; with `backup`, keep the previous file as .bak.
    With `keep_comments`, the comment lines a person wrote in the file stay (`with_comments_of`).
    """
    text = case_yaml(data, language=language, next_section=next_section)
    if keep_comments and path.exists():
        text = with_comments_of(casestore.read_text(path), text)
    return casestore.write_text(path, text, backup=backup)


_KEY = re.compile(r"^(\s*)(?:- )?([^\s#:][^:#]*):(?:\s|$)")


def _generated_comments() -> set[str]:
    """Every comment line this writer makes, in any language: not the user's."""
    made = {line for header in _HEADER.values() for line in header} | set(_DRAFT.values())
    made |= {f"# {note}" for notes in SECTION_NOTES.values() for note in notes.values()}
    return made


def _user_comments(text: str) -> list[tuple[tuple[str, str, int], list[str]]]:
    """The comment lines a person wrote, each block with the key line it stands above: (the
    section, the key, its occurrence in the section). Generated comments are left out."""
    made = _generated_comments()
    found: list[tuple[tuple[str, str, int], list[str]]] = []
    block: list[str] = []
    section = ""
    seen: dict[tuple[str, str], int] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            if stripped not in made and not stripped.startswith(PROGRESS_MARK):
                block.append(stripped)
            continue
        key = _KEY.match(line)
        if key is None:
            continue  # a blank line, or a value's continuation: the block waits for a key
        if not key[1]:
            section = key[2].strip()
        name = (section, key[2].strip())
        seen[name] = seen.get(name, 0) + 1
        if block:
            found.append(((*name, seen[name]), block))
            block = []
    if block:  # comments after the last key stay at the end
        found.append((("", "", 0), block))
    return found


def with_comments_of(old: str, new: str) -> str:
    """`new` with the user's own comment lines from `old`, each above the key it stood above
    (the same key in the same section, the same occurrence); one whose key is gone goes above
    its section, or at the end. `edit` rewrites the file from its data, and would otherwise
    replace the person's notes with the generated ones."""
    comments = _user_comments(old)
    if not comments:
        return new
    lines = new.split("\n")
    places: dict[tuple[str, str, int], int] = {}
    sections: dict[str, int] = {}
    section = ""
    seen: dict[tuple[str, str], int] = {}
    for number, line in enumerate(lines):
        key = _KEY.match(line)
        if key is None or line.lstrip().startswith("#"):
            continue
        if not key[1]:
            section = key[2].strip()
            sections.setdefault(section, number)
        name = (section, key[2].strip())
        seen[name] = seen.get(name, 0) + 1
        places.setdefault((*name, seen[name]), number)
    inserts: dict[int, list[str]] = {}
    for anchor, block in comments:
        at = places.get(anchor, sections.get(anchor[0], len(lines)))
        pad = re.match(r"\s*", lines[at])[0] if at < len(lines) else ""  # type: ignore[index]
        inserts.setdefault(at, []).extend(pad + comment for comment in block)
    out: list[str] = []
    for number, line in enumerate(lines):
        out += inserts.get(number, [])
        out.append(line)
    if len(lines) in inserts:
        out[-1:-1] = inserts[len(lines)]  # before the final empty string of the trailing newline
    return "\n".join(out)


def load_draft(path: Path) -> tuple[dict[str, Any], str | None]:
    """The plain data of a case file or draft (not validated), and the section to resume at.

    The second value is None for a finished case file (one without the progress mark).
    """
    data, _ = casefile.read_yaml(path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ComplaintgenError(
            f"{path}: a case file is a YAML mapping that starts with `schema_version: 1`; "
            "fix or move the file, then run the command again"
        )
    found = _PROGRESS.search(_leading_comments(casestore.read_text(path)))
    return data, found[1] if found else None


def _leading_comments(text: str) -> str:
    """The comment block at the top of the file: the mark counts there only, not in a value."""
    lines = []
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            lines.append(line)
        else:
            break
    return "\n".join(lines)


def _entry(key: str, value: Any, path: str, depth: int, language: str) -> list[str]:
    """The lines of one `key: value`, with nested mappings and lists indented under it."""
    pad = _INDENT * depth
    note = FIELD_NOTES[language].get(path)
    if isinstance(value, dict) and value:
        lines = [_with_note(f"{pad}{_scalar(key)}:", note)]
        model = _model_at(path)
        for child in _ordered(value, model):
            lines += _entry(child, value[child], f"{path}.{child}", depth + 1, language)
        return lines
    if isinstance(value, list) and value and any(isinstance(item, dict) for item in value):
        lines = [_with_note(f"{pad}{_scalar(key)}:", note)]
        for item in value:
            lines += _item(item, f"{path}[]", depth + 1, language)
        return lines
    return [_with_note(f"{pad}{_scalar(key)}: {_flow(value)}", note)]


def _item(item: Any, path: str, depth: int, language: str) -> list[str]:
    """One list item: ``- first: …`` and the item's other keys aligned under the first."""
    pad = _INDENT * depth
    if not isinstance(item, dict) or not item:
        return [f"{pad}- {_flow(item)}"]
    lines: list[str] = []
    for child in _ordered(item, _model_at(path)):
        lines += _entry(child, item[child], f"{path}.{child}", depth + 1, language)
    # The first line of the item carries the dash in place of its indentation.
    lines[0] = f"{pad}- {lines[0][len(pad) + 2 :]}"
    return lines


def _with_note(line: str, note: str | None) -> str:
    return f"{line}   # {note}" if note else line


def _flow(value: Any) -> str:
    """A scalar, an empty mapping or a list of scalars on one line."""
    if isinstance(value, list):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_scalar(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    return _scalar(value)


def _scalar(value: Any) -> str:
    """One YAML scalar on one line, quoted only where YAML would read it as something else.

    PyYAML knows when «12345» or «yes» needs quotes; text it would fold over several lines
    (line breaks inside) is written double-quoted with escapes instead, JSON being valid YAML.
    """
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1_000_000)
    text = text.removesuffix("\n").removesuffix("\n...")
    if "\n" in text:
        return json.dumps(value, ensure_ascii=False, default=str)
    return text


# Where the model's order would hide the key that explains the rest.
_FIRST = {"MedicalBody": ("variant",)}


def _ordered(mapping: Mapping[str, Any], model: type[BaseModel] | None) -> list[str]:
    """Keys in the order of the case format; keys it does not know keep their place after."""
    order = list(_FIRST.get(model.__name__, ())) + list(model.model_fields) if model else []
    known = [name for name in dict.fromkeys(order) if name in mapping]
    return known + [key for key in mapping if key not in known]


def _model_at(path: str) -> type[BaseModel] | None:
    """The model describing the mapping at `path` (``health.conditions[]``), if any."""
    model: type[BaseModel] | None = Case
    for part in path.replace("[]", "").split("."):
        field = model.model_fields.get(part) if model else None
        if field is None:
            return None
        model = casefile.model_in(field.annotation)
    return model
