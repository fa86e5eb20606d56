"""The status survey's files: the questionnaire as an XLSForm (for KoboToolbox and ODK
Collect, checked with pyxform), and the answers as Kobo/ODK export them (CSV or XLSX,
"XML values and headers"), read back into plain submissions.

A Kobo export names a column by its path (``group/question``); a question of the repeat
group comes either in columns ``repeat[n]/question`` (CSV) or in an extra sheet named
after the group whose rows point to their submission by ``_parent_index`` (XLSX).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from sxsh.core.exporting import put
from sxsh.facilities.interchange.files import FileProblem, file_format
from sxsh.facilities.interchange.parsing import CellError, parse_decimal, parse_int
from sxsh.facilities.interchange.sources import csv_rows, open_workbook, sheet_rows

from .models import Question, Survey

#: The decimals an answer keeps (a survey's figures are not money: more than a column's).
ANSWER_PLACES = Decimal("0.000001")
REPEAT_COLUMN = re.compile(r"^(?:.*/)?(?P<group>[\w-]+)\[(?P<n>\d+)\]/(?:.*/)?(?P<name>[\w-]+)$")


# --- The questionnaire as an XLSForm -----------------------------------------------------


def _survey_row(q: Question) -> list[str]:
    kind = f"{q.type} {q.name}" if q.type in ("select_one", "select_multiple") else q.type
    return [kind, q.name, q.label, "yes" if q.required else "", q.relevance]


def xlsform(survey: Survey, questions: list[Question]) -> bytes:
    """The XLSForm of ``survey`` (sheets survey, choices, settings) as XLSX bytes; a choice
    question's list is named after the question."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = "survey"
    rows: list[list[str]] = [["type", "name", "label", "required", "relevant"]]
    rows += [["text", name, str(label), "yes", ""] for name, label in Survey.IDENTITY]
    rows += [_survey_row(q) for q in questions if not q.in_repeat]
    inner = [q for q in questions if q.in_repeat]
    if survey.repeat_name and inner:
        rows.append(["begin_repeat", survey.repeat_name,
                     survey.repeat_label or survey.repeat_name, "", ""])
        rows += [_survey_row(q) for q in inner]
        rows.append(["end_repeat", "", "", "", ""])
    for row in rows:
        sheet.append([None] * len(row))
        for cell, value in zip(sheet[sheet.max_row], row, strict=True):
            put(cell, value or None)
    choices = wb.create_sheet("choices")
    choices.append(["list_name", "name", "label"])
    for q in questions:
        for value, label in q.choice_pairs():
            choices.append([None, None, None])
            for cell, text in zip(choices[choices.max_row], (q.name, value, label), strict=True):
                put(cell, text)
    settings = wb.create_sheet("settings")
    settings.append(["form_title", "form_id", "version"])
    settings.append([None, None, None])
    for cell, text in zip(settings[2], (survey.title, survey.code, str(survey.year)),
                          strict=True):
        put(cell, text)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- An answer's rules -------------------------------------------------------------------


def answer_value(question: Question, text: str) -> tuple[Any, str | None]:
    """The answer as stored (text, a whole number, a decimal as text, a date as ISO text,
    choice values) and what is wrong with it, if anything (no query)."""
    text = (text or "").strip()
    if not text:
        return None, (_("An answer is required.") if question.required else None)
    # Numbers by the one rule of the importers (parsing.parse_decimal): ASCII digits, a
    # decimal point or comma, no exponent for a whole number.
    if question.type == Question.Type.INTEGER:
        try:
            return parse_int(text, signed=True), None
        except CellError:
            return None, _("Write a whole number.")
    if question.type == Question.Type.DECIMAL:
        try:
            number = parse_decimal(text, places=ANSWER_PLACES, signed=True)
        except CellError:
            return None, _("Write a number.")
        return f"{number.normalize():f}" if number is not None else None, None
    if question.type == Question.Type.DATE:
        try:
            return dt.date.fromisoformat(text[:10]).isoformat(), None
        except ValueError:
            return None, _("Write a date as YYYY-MM-DD.")
    if question.type in (Question.Type.SELECT_ONE, Question.Type.SELECT_MULTIPLE):
        allowed = {v for v, _label in question.choice_pairs()}
        picked = text.split() if question.type == Question.Type.SELECT_MULTIPLE else [text]
        if unknown := [p for p in picked if p not in allowed]:
            return None, _("Not one of the choices: %(values)s.") % {"values": " ".join(unknown)}
        return (" ".join(picked) if question.type == Question.Type.SELECT_MULTIPLE
                else text), None
    return text, None


# --- A Kobo/ODK export -------------------------------------------------------------------


@dataclass
class Submission:
    """One submission of a Kobo/ODK export: its row, id, answers by question name as typed,
    and the repeat group's items."""

    row: int
    external_id: str
    answers: dict[str, str]
    repeats: list[dict[str, str]] = field(default_factory=list)
    index: str = ""


def _sheets(source: IO[bytes], fmt: str) -> list[tuple[str, list[list[str]]]]:
    # Kobo writes CSV with semicolons unless asked otherwise: csv_rows finds the separator.
    if fmt == "csv":
        return [("", list(csv_rows(source)))]
    wb = open_workbook(source)
    try:
        return [(ws.title, list(sheet_rows(ws))) for ws in wb.worksheets]
    finally:
        wb.close()


def _record(header: list[str], row: list[str], names: set[str], repeat: str,
            into: Submission) -> None:
    for column, value in zip(header, row, strict=False):
        if column in ("_uuid", "meta/instanceID", "instanceID") and value and (
                not into.external_id or column == "_uuid"):
            into.external_id = value.removeprefix("uuid:")
        elif column == "_index":
            into.index = value
        elif (m := REPEAT_COLUMN.match(column)) and m["group"] == repeat:
            n = int(m["n"])
            while len(into.repeats) < n:
                into.repeats.append({})
            if value:
                into.repeats[n - 1][m["name"]] = value
        elif (name := column.rsplit("/", 1)[-1]) in names:
            into.answers[name] = value


def read_export(opener: Callable[[], IO[bytes]], *, file_name: str, survey: Survey,
                questions: list[Question]) -> list[Submission]:
    """The submissions of a Kobo/ODK export of ``survey`` (FileProblem if unreadable)."""
    fmt = file_format(file_name)
    with opener() as source:
        sheets = _sheets(source, fmt)
    (_title, main), *extra = sheets
    if not main:
        raise FileProblem(_("The file is empty."))
    names = {q.name for q in questions if not q.in_repeat} | {n for n, _l in Survey.IDENTITY}
    inner = {q.name for q in questions if q.in_repeat}
    header = main[0]
    if "tax_code" not in {c.rsplit("/", 1)[-1] for c in header}:
        raise FileProblem(_("No tax_code column: export the data with XML values and "
                            "headers."))
    submissions = []
    for number, row in enumerate(main[1:], start=2):
        if any(row):
            sub = Submission(row=number, external_id="", answers={})
            _record(header, row, names, survey.repeat_name, sub)
            submissions.append(sub)
    by_index = {s.index: s for s in submissions if s.index}
    for title, rows in extra:
        if not rows or "_parent_index" not in rows[0] or title != survey.repeat_name:
            continue
        head = rows[0]
        for row in rows[1:]:
            values = dict(zip(head, row, strict=False))
            parent = by_index.get(values.get("_parent_index", ""))
            if parent is not None:
                parent.repeats.append({c.rsplit("/", 1)[-1]: v for c, v in values.items()
                                       if v and c.rsplit("/", 1)[-1] in inner})
    return submissions
