"""``sxsh annual-report PLAN --year YYYY [--five-year] --format docx|xlsx|pdf --output FILE``:
the same files as the report's page — the issued version's stored file when one exists,
else printed from the current draft."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sxsh.core.exporting import write_command_output
from sxsh.core.models import User
from sxsh.plans.selectors import plan_by_key
from sxsh.reports import services
from sxsh.reports.assembly import assemble
from sxsh.reports.content import Kind
from sxsh.reports.models import Report, ReportVersion

FORMATS = ("docx", "xlsx", "pdf", "ministry")


class Command(BaseCommand):
    help = ("Write a plan's annual report (or, with --five-year, its five-year summary) as "
            "DOCX, XLSX annexes, PDF or the ministry's tables (ministry, XLSX): the issued "
            "version's file when one is issued, else printed from the current draft.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("plan", help="the plan's code or number (157-kh-ubnd-2016)")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--five-year", action="store_true",
                            help="the five-year summary of the plan's years up to --year")
        parser.add_argument("--format", choices=FORMATS, required=True)
        parser.add_argument("--output", "-o", required=True, help="file to write")
        parser.add_argument("--user", help="without a prepared report: assemble one from "
                                           "today's data as this user reads them")

    def handle(self, *args, **options) -> None:
        plan = plan_by_key(options["plan"])
        if plan is None:
            raise CommandError(_("No plan has the code or number %(key)r.")
                               % {"key": options["plan"]})
        year = options["year"]
        if error := services.year_error(plan, year):
            raise CommandError(error)
        kind: Kind = "five_year" if options["five_year"] else "annual"
        fmt = options["format"]
        try:
            data = self._file(plan, kind, year, fmt, options["user"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        write_command_output(data, fmt=fmt, output=options["output"], stdout=self.stdout)

    def _file(self, plan, kind: Kind, year: int, fmt: str, username: str | None) -> bytes:
        versions = ReportVersion.objects.filter(report__plan=plan, report__kind=kind,
                                                report__year=year).order_by("-number")
        issued = versions.filter(status=ReportVersion.Status.ISSUED,
                                 files_status=ReportVersion.Files.READY).first()
        # A version being issued is still printed as the draft it was until the worker ends.
        draft = versions.filter(status__in=[ReportVersion.Status.DRAFT,
                                            ReportVersion.Status.ISSUING]).first()
        if issued is not None:
            return services.stored_file(issued, fmt)
        if draft is not None and draft.created_by is not None:
            content = services.draft_content(draft, draft.created_by)
        else:
            if not username:
                raise CommandError(_(
                    "No %(kind)s of %(year)s has been prepared for this plan: open it on the "
                    "reports page, or give --user to assemble it from today's data.")
                    % {"kind": Report.Kind(kind).label.lower(), "year": year})
            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(_("No user is called %(name)r.") % {"name": username})
            content = assemble(plan=plan, year=year, kind=kind, narrative={}, user=user)
        return services.renderer(fmt)(content)
