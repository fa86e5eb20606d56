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
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from sxsh.core.audit import acting, log_action
from sxsh.core.capabilities import require
from sxsh.core.concurrency import check_values, values_version
from sxsh.core.models import AdminUnit, User
from sxsh.plans.models import Plan

from .annexes import render_annexes, render_ministry
from .assembly import NARRATIVE_KEYS, assemble, narrative_headings
from .content import ReportContent
from .models import Report, ReportVersion

#: The files of an issued version: format key → (file suffix, what prints it).
FILE_KINDS = ("docx", "xlsx", "ministry", "pdf")
SUFFIXES = {"docx": "docx", "xlsx": "xlsx", "ministry": "xlsx", "pdf": "pdf"}
NARRATIVE_FIELDS = (*NARRATIVE_KEYS, "signer")


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
    if plan.province_id not in AdminUnit.plan_provinces()[1]:
        # Another province's plan, loaded for the ministry's view: this province's figures
        # would be reported under it.
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
    headings = {**narrative_headings(), "signer": _("Signed by")}
    check_values({key: version.narrative.get(key, "") for key in NARRATIVE_FIELDS}, expected,
                 headings)
    version.narrative = {key: (narrative.get(key) or "").strip() for key in NARRATIVE_FIELDS}
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
                  issued_on: dt.date) -> ReportVersion:
    """Issue a draft: its content is assembled once more from today's data and frozen with
    the number and date; its files are generated by the background worker."""
    from .tasks import generate_files_task

    require(user, "reports.issue")
    version = _locked(version, user)
    _refuse_issued(version)
    document_number = document_number.strip()
    if not document_number:
        raise ValidationError({"document_number": _("Give the document's number.")})
    content = _assembled(version, user, document_number=document_number, issued_on=issued_on)
    version.content = content.to_dict()
    version.status = ReportVersion.Status.ISSUED
    version.document_number = document_number
    version.issued_on = issued_on
    version.issued_by = user
    version.files_status = ReportVersion.Files.PENDING
    version.save()
    log_action(version, "reports.version.issued", user=user, data={
        "from": "draft", "to": "issued", "number": document_number,
        "date": issued_on.isoformat()})
    # The queued task is a row of this transaction: the worker sees it with the version.
    generate_files_task.enqueue(version.pk, translation.get_language() or "vi")
    return version


@transaction.atomic
def version_new(*, report: Report, user: User) -> ReportVersion:
    """A new draft after the latest issued version, with its narrative; its figures come
    from today's data. Refused while a draft is open."""
    require(user, "reports.prepare")
    latest = (ReportVersion.objects.for_user(user).select_for_update(of=("self",))
              .filter(report=report).order_by("-number").first())
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


def version_files_generate(*, version_id: int, language: str = "vi") -> None:
    """Print an issued version's files from its frozen content and keep them with their
    checksums (the background task's work). A failure marks the files failed and is raised
    again so that the queue records it too."""
    version = ReportVersion.objects.select_related("issued_by").get(pk=version_id)
    if version.files_status == ReportVersion.Files.READY or version.content is None:
        return
    content = ReportContent.from_dict(version.content)
    files = {}
    try:
        with translation.override(language):
            for kind in FILE_KINDS:
                data = renderer(kind)(content)
                name = f"{version.report_id}-v{version.number}-{kind}.{SUFFIXES[kind]}"
                scratch = reports_dir() / f"{name}.tmp"
                scratch.write_bytes(data)
                os.replace(scratch, reports_dir() / name)
                files[kind] = {"name": name, "sha256": hashlib.sha256(data).hexdigest(),
                               "size": len(data)}
    except Exception as exc:
        version.files_status = ReportVersion.Files.FAILED
        version.error = type(exc).__name__
        version.save(update_fields=["files_status", "error", "updated_at"])
        raise
    version.files = files
    version.files_status = ReportVersion.Files.READY
    version.error = ""
    version.save(update_fields=["files", "files_status", "error", "updated_at"])
    with acting(version.issued_by):
        log_action(version, "reports.version.files_generated", user=version.issued_by,
                   data={kind: f["sha256"] for kind, f in files.items()})
