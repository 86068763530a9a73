"""The web page's requests: the sections as forms, the preview, uploads, making the packet.

Every question, its order, skip rules and checks come from the questionnaire
(`interview.steps`, the engine of `new` answering from a form); every document from
`complaintgen.api`. This module only turns requests into those calls and their results into
pages.

Security, in `_guard` (before every request) and `_headers` (after): the Host header must be
an address this server listens on (a page from another site that rebinds its name to
127.0.0.1 sends its own name); the secret of the first URL is exchanged once for a cookie
(HttpOnly, SameSite=Strict) and every other request without that cookie is refused; every
POST carries the session's CSRF token; the pages allow only their own scripts and styles
(no inline ones), and Jinja escapes everything they show. No answer is ever in a URL (forms
are POSTed), and the server logs no request.
"""

from __future__ import annotations

import datetime as dt
import functools
import hmac
import io
import re
import zipfile
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, redirect, render_template, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from complaintgen import api, messages
from complaintgen.datafile import parse_data
from complaintgen.errors import ComplaintgenError
from complaintgen.interview import steps
from complaintgen.interview.specs import FLOW
from complaintgen.web.state import State

COOKIE = "complaintgen_session"
CSP = (
    "default-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'; "
    "object-src 'none'"
)
# The preview is a letter, not a page: no script at all, only the stylesheet of the letter.
# (Not the `sandbox` directive: its opaque origin would send no SameSite=Strict cookie for the
# stylesheet; the frame's sandbox attribute already forbids scripts.)
PREVIEW_CSP = "default-src 'none'; style-src 'self'; frame-ancestors 'self'"
LIMIT_MB = api.UPLOAD_LIMIT // (1024 * 1024)
_ITEM_EDIT = re.compile(r"^(add|delete):([a-z_.]+)(?::(\d+))?$")


@functools.cache
def words(language: str) -> dict[str, str]:
    """The page's own words in `language`, read by the strict loader of the shipped data files
    (a key given twice is refused, not silently dropped)."""
    text = (resources.files("complaintgen.web") / "texts.yaml").read_text(encoding="utf-8")
    table: dict[str, dict[str, str]] = parse_data("web/texts.yaml", text)
    return table[language]


def create_app(state: State, hosts: set[str], *, today: dt.date | None = None) -> Flask:
    """The app for `state`, answering only requests whose Host header is one of `hosts`."""
    app = Flask("complaintgen.web")
    # A little above the upload limit: the form's other fields come with the file.
    app.config["MAX_CONTENT_LENGTH"] = api.UPLOAD_LIMIT + 64 * 1024
    app.jinja_env.autoescape = True
    the_day = today

    def w(key: str, **values: Any) -> str:
        text = words(state.language)[key]
        return text.format(**values) if values else text

    def day() -> dt.date:
        return the_day if the_day is not None else dt.date.today()

    def page(template: str, status: int = 200, **context: Any) -> Response:
        html = render_template(
            template,
            w=w,
            lang=state.language,
            csrf=state.csrf,
            sections=[(s, steps.title(s, state.language), s in state.done) for s in FLOW],
            **context,
        )
        return Response(html, status=status, mimetype="text/html")

    @app.before_request
    def _guard() -> Response | None:
        if request.host not in hosts:
            return Response(w("bad_host"), status=400, mimetype="text/plain")
        state.touch()
        if request.path == "/" and "key" in request.args:
            return _exchange()
        cookie = request.cookies.get(COOKIE, "")
        if not hmac.compare_digest(cookie.encode(), state.session.encode()):
            return Response(w("forbidden"), status=403, mimetype="text/plain")
        if request.method == "POST":
            token = request.headers.get("X-CSRF-Token") or request.form.get("_csrf", "")
            if not hmac.compare_digest(token.encode(), state.csrf.encode()):
                return Response(w("forbidden"), status=403, mimetype="text/plain")
        return None

    def _exchange() -> Response:
        key = request.args.get("key", "")
        with state.lock:
            valid = not state.exchanged and hmac.compare_digest(key.encode(), state.secret.encode())
            if valid:
                state.exchanged = True
        if not valid:
            return Response(w("forbidden"), status=403, mimetype="text/plain")
        # Off the URL at once: the secret stays in no history entry the page can be seen from.
        response = Response(status=303, headers={"Location": f"/s/{_first_open()}"})
        response.set_cookie(COOKIE, state.session, httponly=True, samesite="Strict", path="/")
        return response

    @app.after_request
    def _headers(response: Response) -> Response:
        if "Content-Security-Policy" not in response.headers:
            response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        return response

    @app.errorhandler(RequestEntityTooLarge)
    def _too_big(error: RequestEntityTooLarge) -> Response:
        message = messages.render("upload.too_big", state.language, limit=LIMIT_MB)
        return section_page("attachments", {}, upload_error=message, status=413)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Response:
        return Response(error.description or "", status=error.code or 500, mimetype="text/plain")

    def _first_open() -> str:
        return next((s for s in FLOW if s not in state.done), FLOW[0])

    # --- the sections ------------------------------------------------------------------------

    def asked(
        section: str,
        answers: Mapping[str, str],
        edits: tuple[tuple[Any, ...], ...] = (),
    ) -> steps.Asked:
        return steps.ask(
            section,
            state.data,
            {**state.gates, **answers},
            language=state.language,
            today=day(),
            settled=state.done - {section},
            edits=edits,
        )

    def section_page(
        section: str,
        answers: Mapping[str, str],
        *,
        shown: set[str] | None = None,
        edits: tuple[tuple[Any, ...], ...] = (),
        status: int = 200,
        fragment: bool = False,
        result: steps.Asked | None = None,
        **extra: Any,
    ) -> Response:
        result = result if result is not None else asked(section, answers, edits)
        if shown is not None:  # only the errors of fields the person has been to
            for question in result.questions:
                if question.name not in shown:
                    question.error = question.suggestion = None
        index = FLOW.index(section)
        return page(
            "_form.html" if fragment else "section.html",
            status,
            section=section,
            title=steps.title(section, state.language),
            number=index + 1,
            total=len(FLOW),
            asked=result,
            errors=sum(1 for q in result.questions if q.error),
            back=FLOW[index - 1] if index else None,
            documents=_documents(),
            limit=LIMIT_MB,
            **extra,
        )

    def _form_answers() -> tuple[dict[str, str], tuple[tuple[Any, ...], ...], str]:
        answers = {k: v for k, v in request.form.items() if not k.startswith("_")}
        action = request.form.get("_action", "next")
        edits: list[tuple[Any, ...]] = []
        for key, value in request.form.items():
            if key.startswith("_count:"):
                edits.append(("count", key.removeprefix("_count:"), int(value or 0)))
        match = _ITEM_EDIT.match(action)
        if match:
            verb, name, index = match.groups()
            edits.append((verb, name, int(index)) if verb == "delete" else (verb, name))
        return answers, tuple(edits), action

    @app.get("/")
    def _root() -> Any:
        return redirect(f"/s/{_first_open()}", code=303)

    @app.get("/s/<section>")
    def _section(section: str) -> Response:
        if section not in FLOW:
            abort(404)
        state.draft = None
        return section_page(section, {}, shown=set())

    @app.post("/s/<section>")
    def _answer(section: str) -> Any:
        if section not in FLOW:
            abort(404)
        answers, edits, action = _form_answers()
        _remember_gates(answers)
        if action == "back":
            index = FLOW.index(section)
            return redirect(f"/s/{FLOW[max(index - 1, 0)]}", code=303)
        if action != "next":  # an entry added or deleted: the same section again
            return section_page(section, answers, edits=edits, shown=_touched(answers))
        result = asked(section, answers, edits)
        if not result.ok:
            return section_page(section, answers, edits=edits)
        with state.lock:
            state.data, state.draft = result.data, None
            state.done.add(section)
            steps.save(state.path, state.data, language=state.language, done=state.done)
        following = _first_open() if section == FLOW[-1] else FLOW[FLOW.index(section) + 1]
        if len(state.done) == len(FLOW) and section == FLOW[-1]:
            return redirect("/make", code=303)
        return redirect(f"/s/{following}", code=303)

    @app.post("/check/<section>")
    def _check(section: str) -> Response:
        """The form again with the reasons of the fields left so far (the page's script)."""
        if section not in FLOW:
            abort(404)
        answers, edits, _ = _form_answers()
        shown = set(request.form.get("_touched", "").split(","))
        result = asked(section, answers, edits)
        # The preview shows the answers of this form as soon as they all pass, before they
        # are saved; leaving the page without saving them takes them out of it again.
        state.draft = result.data if result.ok else None
        return section_page(
            section, answers, edits=edits, shown=shown, fragment=True, result=result
        )

    def _touched(answers: Mapping[str, str]) -> set[str]:
        return {name for name, value in answers.items() if value}

    def _remember_gates(answers: Mapping[str, str]) -> None:
        for key, value in answers.items():
            if key.startswith(("gate.", "more.")):
                state.gates[key] = value

    # --- attachments from a phone --------------------------------------------------------------

    @app.post("/upload")
    def _upload() -> Response:
        title = request.form.get("title", "").strip()
        upload = request.files.get("file")
        data = upload.read() if upload is not None else b""
        problem = None
        if not title:
            problem = steps.required_text(state.language)
        elif not data:
            problem = messages.render("upload.type", state.language)
        if problem is None:
            with state.lock:
                number = len(state.data.get("attachments") or []) + 1
                # Never over an earlier upload (an entry deleted since leaves its number taken).
                while (state.folder / "attachments" / f"{number:02d}.pdf").exists():
                    number += 1
                try:
                    saved = api.save_upload(
                        state.folder / "attachments",
                        f"{number:02d}",
                        data,
                        language=state.language,
                    )
                except ComplaintgenError as error:
                    problem = str(error)
                else:
                    entry = {"title": title, "file": str(saved.relative_to(state.folder))}
                    state.data.setdefault("attachments", []).append(entry)
                    steps.save(state.path, state.data, language=state.language, done=state.done)
        if problem is not None:
            return section_page("attachments", {}, upload_error=problem, status=400)
        return section_page("attachments", {}, uploaded=w("uploaded", title=title))

    # --- the preview ---------------------------------------------------------------------------

    def _checked() -> api.Validation:
        data = state.draft if state.draft is not None else state.data
        return api.validate(_resolved(data, state.folder), today=day(), language=state.language)

    def _documents() -> tuple[tuple[str, str], ...]:
        checked = _checked()
        if checked.checked is None:
            return ()
        names = words_of_documents(state.language)
        return tuple((doc, names.get(doc, doc)) for doc in checked.checked.plan.documents)

    @app.get("/preview")
    def _preview() -> Response:
        checked = _checked()
        return page(
            "preview.html",
            problems=checked.problems,
            documents=_documents(),
            chosen=request.args.get("doc"),
        )

    @app.get("/preview/<document>")
    def _preview_document(document: str) -> Response:
        checked = _checked()
        if checked.checked is None or document not in checked.checked.plan.documents:
            abort(404)
        html = api.preview_html(checked.checked.case, document)
        # The letter's own <head> gets the letter's stylesheet, from this server.
        html = html.replace("</head>", '<link rel="stylesheet" href="/preview.css"></head>', 1)
        response = Response(html, mimetype="text/html")
        response.headers["Content-Security-Policy"] = PREVIEW_CSP
        return response

    @app.get("/preview.css")
    def _preview_css() -> Response:
        return Response(api.preview_stylesheet() + _SCREEN_CSS, mimetype="text/css")

    # --- the packet ----------------------------------------------------------------------------

    @app.get("/make")
    def _make_page() -> Response:
        state.draft = None
        checked = _checked()
        return page(
            "make.html",
            problems=checked.problems,
            documents=_documents(),
            folder=str(state.output),
            files=tuple(state.made),
            path=str(state.path),
        )

    @app.post("/make")
    def _make() -> Response:
        with state.lock:
            try:
                checked = api.check(state.path, today=day())
                made = api.make_packet(checked.case)
                api.write_packet(state.output, made.files, force=True)
            except ComplaintgenError as error:
                return page(
                    "make.html",
                    400,
                    problems=tuple(getattr(error, "problems", ()) or (str(error),)),
                    documents=_documents(),
                    folder=str(state.output),
                    files=(),
                    path=str(state.path),
                )
            state.made = dict(made.files)
        return page(
            "make.html",
            problems=(),
            documents=_documents(),
            folder=str(state.output),
            files=tuple(state.made),
            path=str(state.path),
            notes=made.notes,
        )

    @app.get("/files/<name>")
    def _file(name: str) -> Response:
        # Only a name of the packet just made: never a path the request chose.
        if name not in state.made:
            abort(404)
        return _download(state.made[name], name)

    @app.get("/packet.zip")
    def _zip() -> Response:
        if not state.made:
            abort(404)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in state.made.items():
                archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)
        folder = Path(state.output).name or "packet"
        return _download(out.getvalue(), f"{_ascii(folder)}.zip")

    return app


def _download(data: bytes, name: str) -> Response:
    response = Response(data, mimetype="application/octet-stream")
    response.headers["Content-Disposition"] = f'attachment; filename="{_ascii(name)}"'
    return response


def _ascii(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", name) or "file"


# On a screen the letter is a white A4 sheet (210 mm, the page's margins as padding: top 20,
# right 10, bottom 20, left 30), scaled down to the width of the frame it is shown in.
_SCREEN_CSS = """
@media screen {
  html { background: #ddd; }
  body { background: #fff; width: 210mm; margin: 0 auto; padding: 20mm 10mm 20mm 30mm;
         box-sizing: border-box; font-family: 'Liberation Serif', 'Times New Roman', serif; }
}
@media screen and (max-width: 820px) { html { zoom: 0.8; } }
@media screen and (max-width: 660px) { html { zoom: 0.64; } }
@media screen and (max-width: 530px) { html { zoom: 0.5; } }
@media screen and (max-width: 420px) { html { zoom: 0.4; } }
@media screen and (max-width: 330px) { html { zoom: 0.36; } }
"""


def words_of_documents(language: str) -> dict[str, str]:
    """The documents' names as the questionnaire says them (`doc.ID`)."""
    return steps.document_names(language)


def _resolved(data: Mapping[str, Any], folder: Path) -> dict[str, Any]:
    """The answers with each attachment's file relative to the case's folder made absolute, as
    reading the case file makes it (data that is not read from a file has no folder)."""
    resolved = dict(data)
    attachments = resolved.get("attachments")
    if isinstance(attachments, list):
        resolved["attachments"] = [_absolute(entry, folder) for entry in attachments]
    return resolved


def _absolute(entry: Any, folder: Path) -> Any:
    if isinstance(entry, dict) and isinstance(entry.get("file"), str):
        path = Path(entry["file"])
        if not path.is_absolute():
            return {**entry, "file": str(folder / path)}
    return entry
