"""Writes of the reports context: open a report, save its narrative, issue a version (its
content frozen, its files generated in the background), start a new version."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sxsh.core import liveness
from sxsh.core.audit import acting, log_action
from sxsh.core.capabilities import require
from sxsh.core.concurrency import check_values, values_version
from sxsh.core.formatting import day
from sxsh.core.models import AdminUnit, User
from sxsh.plans.models import Plan

from .annexes import render_annexes, render_ministry
from .assembly import (
    DEFAULT_SIGNER_CAPACITY,
    NARRATIVE_KEYS,
    assemble,
    narrative_headings,
    signer_capacities,
)
from .content import ReportContent
from .models import Report, ReportVersion

#: The files of an issued version: format key → (file suffix, what prints it).
FILE_KINDS = ("docx", "xlsx", "ministry", "pdf")
SUFFIXES = {"docx": "docx", "xlsx": "xlsx", "ministry": "xlsx", "pdf": "pdf"}
NARRATIVE_FIELDS = (*NARRATIVE_KEYS, "signer_capacity", "signer")


def renderer(kind: str) -> Callable[[ReportContent], bytes]:
    """What prints a file of ``kind`` from a content."""
    if kind == "xlsx":
        return render_annexes
    if kind == "ministry":
        return render_ministry
    from . import documents  # the DOCX and PDF printers (Decree 30/2020)

    return documents.render_docx if kind == "docx" else documents.render_pdf


def narrative_version(version: ReportVersion) -> str:
    """The version token of a narrative (``core.concurrency``)."""
    return values_version({key: version.narrative.get(key, "") for key in NARRATIVE_FIELDS})


def year_error(plan: Plan, year: int) -> str | None:
    if year not in plan.years:
        return _("%(year)s is not a year of plan %(plan)s (%(first)s–%(last)s).") % {
            "year": year, "plan": plan.number, "first": plan.start_year, "last": plan.end_year}
    return None


@transaction.atomic
def report_open(*, plan: Plan, kind: str, year: int, user: User) -> ReportVersion:
    """The report of ``plan``, ``kind`` and ``year``, created with a first draft when there
    is none; its latest version otherwise."""
    require(user, "reports.prepare")
    if plan.province_id not in AdminUnit.plan_provinces(agency_id=user.agency_id)[1]:
        # Another province's plan (the officer's department's province, else the
        # installation's): this province's figures would be reported under it.
        raise ValidationError({"plan": _("Plan %(plan)s is another province's: this "
                                         "province reports on its own plans only.")
                               % {"plan": plan.number}})
    if error := year_error(plan, year):
        raise ValidationError({"year": error})
    if kind not in Report.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of report.")})
    report, created = Report.objects.get_or_create(plan=plan, kind=kind, year=year)
    if not created:
        return report.versions.order_by("-number").first()  # type: ignore[return-value]
    version = ReportVersion.objects.create(report=report, number=1, created_by=user)
    log_action(version, "reports.version.created", user=user, data={"version": 1})
    return version


def _locked(version: ReportVersion, user: User) -> ReportVersion:
    return (ReportVersion.objects.for_user(user).select_for_update(of=("self",))
            .select_related("report__plan").get(pk=version.pk))


def _refuse_issued(version: ReportVersion) -> None:
    if version.is_issuing:
        raise ValidationError(_(
            "Version %(version)s is being issued as No. %(number)s/BC-SCT of %(date)s: it can "
            "no longer be changed. Wait for its files.") % {
            "version": version.number, "number": version.document_number,
            "date": day(version.issued_on)})
    if version.is_issued:
        raise ValidationError(_("Version %(number)s is issued: it never changes. Start a new "
                                "version to correct it.") % {"number": version.number})


@transaction.atomic
def narrative_save(*, version: ReportVersion, user: User, narrative: dict[str, str],
                   expected: str | None = None) -> ReportVersion:
    """Save the officer's sections of a draft; refused when someone saved another text
    since the form was opened (``expected``: its token)."""
    require(user, "reports.prepare")
    version = _locked(version, user)
    _refuse_issued(version)
    headings = {**narrative_headings(), "signer_capacity": _("Signer's capacity"),
                "signer": _("Signed by")}
    check_values({key: version.narrative.get(key, "") for key in NARRATIVE_FIELDS}, expected,
                 headings)
    saved = {key: (narrative.get(key) or "").strip() for key in NARRATIVE_FIELDS}
    saved["signer_capacity"] = saved["signer_capacity"] or DEFAULT_SIGNER_CAPACITY
    if saved["signer_capacity"] not in signer_capacities():
        raise ValidationError({"signer_capacity": _("Choose one of the signing forms.")})
    version.narrative = saved
    version.save(update_fields=["narrative", "updated_at"])
    log_action(version, "reports.version.narrative_saved", user=user)
    return version


def draft_content(version: ReportVersion, user: User) -> ReportContent:
    """What a version says: as frozen when issued, else assembled from today's data."""
    if version.content is not None:
        return ReportContent.from_dict(version.content)
    return _assembled(version, user)


def _assembled(version: ReportVersion, user: User, **heading: Any) -> ReportContent:
    """The version's content from today's data and its narrative (``heading``: the number
    and date it is issued with)."""
    report = version.report
    return assemble(plan=report.plan, year=report.year, kind=report.kind,  # type: ignore[arg-type]
                    narrative=version.narrative, user=user, version=version.number, **heading)


@transaction.atomic
def version_issue(*, version: ReportVersion, user: User, document_number: str,
                  issued_on: dt.date, expected: str | None = None) -> ReportVersion:
    """Start issuing a draft: its number and date are reserved at once (a second officer
    issuing it, or giving the number to another report of the year, is refused), and the
    background worker assembles its content from the data, freezes it and prints its files
    (``version_issue_complete``). A few queries, whatever the size of the report.
    ``expected``: the narrative's token as the officer's page showed it; refused if someone
    saved another narrative since, which the officer would issue unread."""
    from .tasks import issue_task

    require(user, "reports.issue")
    version = _locked(version, user)
    _refuse_issued(version)
    if expected is not None and expected != narrative_version(version):
        raise ValidationError(_("Someone saved the narrative after you opened this page: "
                                "read the draft again, then issue it."), code="stale")
    document_number = _register_number(document_number)
    _refuse_issue_date(version.report, issued_on)
    _refuse_number_taken(version, user, document_number, issued_on)
    version.status = ReportVersion.Status.ISSUING
    version.document_number = document_number
    version.issued_on = issued_on
    version.issued_by = user
    version.files_status = ReportVersion.Files.PENDING
    version.progress = 0
    version.error = ""
    version.save(update_fields=["status", "document_number", "issued_on", "issued_by",
                                "files_status", "progress", "error", "updated_at"])
    log_action(version, "reports.version.issuing", user=user, data={
        "from": "draft", "to": "issuing", "number": document_number,
        "date": issued_on.isoformat()})
    # The queued task is a row of this transaction: the worker sees it with the version.
    issue_task.enqueue(version.pk, translation.get_language() or "vi")
    return version


def _register_number(text: str) -> str:
    """The number of the register of outgoing documents as it writes it: a whole number
    without zeros before it, so that "015" is the 15 already given, and no text such as
    "../x" is printed before "/BC-SCT"."""
    text = text.strip()
    if not text:
        raise ValidationError({"document_number": _("Give the document's number.")})
    if not (text.isascii() and text.isdigit()) or int(text) == 0:
        raise ValidationError({"document_number": _(
            "The document number is its place in the register of outgoing documents: a "
            "whole number above zero, e.g. 15.")})
    return str(int(text))


def _refuse_issue_date(report: Report, issued_on: dt.date) -> None:
    """A report is issued in or after the year it reports on, and dated the day it is
    signed, never later than today."""
    if issued_on.year < report.year:
        raise ValidationError({"issued_on": _(
            "A report of %(year)s cannot be issued before %(year)s.") % {"year": report.year}})
    if issued_on > timezone.localdate():
        raise ValidationError({"issued_on": _(
            "The issue date is later than today: a document bears the date it is signed.")})


def _refuse_number_taken(version: ReportVersion, user: User, document_number: str,
                         issued_on: dt.date) -> None:
    """A number of the register of outgoing documents is given once a year."""
    _lock_register(issued_on.year)
    taken = (ReportVersion.objects.for_user(user).exclude(pk=version.pk)
             .filter(document_number=document_number, issued_on__year=issued_on.year,
                     status__in=[ReportVersion.Status.ISSUING, ReportVersion.Status.ISSUED])
             .select_related("report").first())
    if taken is not None:
        raise ValidationError({"document_number": _(
            "No. %(number)s/BC-SCT of %(year)s is already given to %(report)s, version "
            "%(version)s.") % {"number": document_number, "year": issued_on.year,
                               "report": taken.report, "version": taken.number}})


#: Names the lock of the register of outgoing documents among PostgreSQL's advisory locks.
REGISTER_LOCK = 0x5258_4E4F  # "RXNO"


def _lock_register(year: int) -> None:
    """Lock the year's register until the transaction ends: two officers issuing two
    reports at once each lock only their own version, so the second would not see the
    number the first is reserving. SQLite takes the write lock when a transaction begins,
    which already queues them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [REGISTER_LOCK, year])


@transaction.atomic
def version_new(*, report: Report, user: User) -> ReportVersion:
    """A new draft after the latest issued version, with its narrative; its figures come
    from today's data. Refused while a draft is open or being issued."""
    require(user, "reports.prepare")
    latest = (ReportVersion.objects.for_user(user).select_for_update(of=("self",))
              .filter(report=report).order_by("-number").first())
    if latest is not None and latest.is_issuing:
        _refuse_issued(latest)  # being issued: wait for it, then correct it
    if latest is None or not latest.is_issued:
        raise ValidationError(_("A draft is already open: edit it, or issue it first."))
    version = ReportVersion.objects.create(report=report, number=latest.number + 1,
                                           narrative=dict(latest.narrative), created_by=user)
    log_action(version, "reports.version.created", user=user,
               data={"version": version.number, "from": latest.number})
    return version


# --- The files, kept on disk as issued --------------------------------------------------------


def reports_dir() -> Path:
    # Under MEDIA_ROOT (never served there) so that a backup keeps an issued report's files.
    path = Path(settings.REPORTS_DIR or Path(settings.MEDIA_ROOT) / "reports")
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def stored_path(version: ReportVersion, kind: str) -> Path:
    return reports_dir() / version.files[kind]["name"]


def download_name(version: ReportVersion, kind: str) -> str:
    """The name an issued version's file is downloaded under, from the page or the API:
    bao-cao-annual-2018-v1.docx, bao-cao-annual-2018-v1-bo-cong-thuong.xlsx."""
    report = version.report
    return (f"bao-cao-{report.kind.replace('_', '-')}-{report.year}-v{version.number}"
            f"{'-bo-cong-thuong' if kind == 'ministry' else ''}.{SUFFIXES[kind]}")


def stored_file(version: ReportVersion, kind: str) -> bytes:
    """An issued version's file as generated; ValidationError if it was altered or lost."""
    try:
        data = stored_path(version, kind).read_bytes()
    except FileNotFoundError as exc:
        raise ValidationError(_("The stored file is missing: ask the administrator to "
                                "restore it from the backup.")) from exc
    if hashlib.sha256(data).hexdigest() != version.files[kind]["sha256"]:
        raise ValidationError(_("The stored file does not match its checksum."))
    return data


#: What the worker does to issue a version, step by step: the content assembled from the
#: data and frozen, then each file printed from it.
ISSUE_STEPS = ("content", *FILE_KINDS)


def issue_step_label(step: str) -> str:
    """What the officer reads while the worker is at ``step``."""
    return {
        "content": _("Assembling the figures from the data"),
        "docx": _("Printing the report (DOCX)"),
        "xlsx": _("Writing the annexes (XLSX)"),
        "ministry": _("Writing the ministry's tables (XLSX)"),
        "pdf": _("Converting the report to PDF"),
    }[step]


def version_issue_complete(*, version_id: int, language: str = "vi") -> None:
    """The background worker's part of issuing: assemble the version's content from today's
    data with its reserved number and date, print its files, then freeze both at once. Each
    step done is written as it ends, for the page that follows it. A failure puts the
    version back to a draft, issuable again, with the reason, and is raised again so that
    the queue records it too: a version is never half-issued."""
    with liveness.holding(issuing_lock(version_id)):
        _issue_complete(version_id, language)


def issuing_lock(version_id: int) -> Path:
    """The lock the worker holds while it issues a version (``core/liveness.py``)."""
    return reports_dir() / f"{version_id}.issuing.lock"


def fail_if_abandoned(version: ReportVersion) -> ReportVersion:
    """A version shown as being issued whose worker died (its lock file left, free) goes back
    to a draft, with why, as a failed issuing does: nothing of it was frozen."""
    if not version.is_issuing or not liveness.abandoned(issuing_lock(version.pk)):
        return version
    stopped = ValidationError(_("the background worker stopped while it was issuing the "
                                "report (the server was restarted or the process ended)"))
    printed = {kind: {"name": _stored_name(version, kind)} for kind in FILE_KINDS}
    _issue_failed(version, stopped, printed)
    issuing_lock(version.pk).unlink(missing_ok=True)
    return (ReportVersion.objects.select_related("report__plan", "issued_by")
            .get(pk=version.pk))


def _issue_complete(version_id: int, language: str) -> None:
    version = (ReportVersion.objects.select_related("report__plan", "issued_by")
               .get(pk=version_id))
    if not version.is_issuing:
        return
    files: dict[str, dict[str, Any]] = {}
    try:
        with translation.override(language):
            if version.issued_by is None:
                raise ValidationError(_("The officer who issued the report no longer has an "
                                        "account."))
            content = _assembled(version, version.issued_by,
                                 document_number=version.document_number,
                                 issued_on=version.issued_on)
            _progress(version, 1)
            for done, kind in enumerate(FILE_KINDS, start=2):
                files[kind] = _store(version, kind, renderer(kind)(content))
                _progress(version, done)
            _issued(version, content, files)
    except Exception as exc:
        with translation.override(language):
            _issue_failed(version, exc, files)
        raise


def _progress(version: ReportVersion, done: int) -> None:
    ReportVersion.objects.filter(pk=version.pk).update(progress=done)


def _stored_name(version: ReportVersion, kind: str) -> str:
    """The name of a version's file in ``reports_dir()`` (12-v1-docx.docx)."""
    return f"{version.report_id}-v{version.number}-{kind}.{SUFFIXES[kind]}"


def _store(version: ReportVersion, kind: str, data: bytes) -> dict[str, Any]:
    """A file written whole under its final name (never half-written there)."""
    name = _stored_name(version, kind)
    scratch = reports_dir() / f"{name}.tmp"
    scratch.write_bytes(data)
    os.replace(scratch, reports_dir() / name)
    return {"name": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


@transaction.atomic
def _issued(version: ReportVersion, content: ReportContent,
            files: dict[str, dict[str, Any]]) -> None:
    locked = ReportVersion.objects.select_for_update().get(pk=version.pk)
    if not locked.is_issuing:
        raise ValidationError(_("The version was changed while it was being issued."))
    locked.content = content.to_dict()
    locked.files = files
    locked.status = ReportVersion.Status.ISSUED
    locked.files_status = ReportVersion.Files.READY
    locked.progress = len(ISSUE_STEPS)
    locked.save(update_fields=["content", "files", "status", "files_status", "progress",
                               "updated_at"])
    with acting(version.issued_by):
        log_action(locked, "reports.version.issued", user=version.issued_by, data={
            "from": "issuing", "to": "issued", "number": locked.document_number,
            "date": locked.issued_on.isoformat() if locked.issued_on else "",
            **{kind: f["sha256"] for kind, f in files.items()}})


def _failure_text(exc: Exception) -> str:
    """Why issuing failed, as the officer reads it: our own refusals and the printers' errors
    as they say it, anything else by the name of the error only."""
    from .documents import DocumentError

    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    if isinstance(exc, DocumentError):
        return str(exc)
    return _("an unexpected error (%(name)s)") % {"name": type(exc).__name__}


@transaction.atomic
def _issue_failed(version: ReportVersion, exc: Exception,
                  files: dict[str, dict[str, Any]]) -> None:
    """Back to a draft, its reservation released, the files already printed removed."""
    for stored in files.values():
        (reports_dir() / stored["name"]).unlink(missing_ok=True)
    locked = ReportVersion.objects.select_for_update().get(pk=version.pk)
    if not locked.is_issuing:
        return
    reason = _failure_text(exc)
    locked.status = ReportVersion.Status.DRAFT
    locked.document_number = ""
    locked.issued_on = None
    locked.issued_by = None
    locked.content = None
    locked.files = {}
    locked.files_status = ReportVersion.Files.FAILED
    locked.progress = 0
    locked.error = reason
    locked.save(update_fields=["status", "document_number", "issued_on", "issued_by",
                               "content", "files", "files_status", "progress", "error",
                               "updated_at"])
    with acting(version.issued_by):
        log_action(locked, "reports.version.issue_failed", user=version.issued_by, data={
            "from": "issuing", "to": "draft", "number": version.document_number,
            "error": reason})
