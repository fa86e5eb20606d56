"""Reads of the facilities context: baselines, peers, review queue, completeness."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import ngettext

from sxsh.core import audit
from sxsh.core.capabilities import can, roles_holding
from sxsh.core.formatting import number
from sxsh.core.models import AdminUnit, User
from sxsh.core.scoping import area_name
from sxsh.core.search import matches
from sxsh.core.work import WorkItem

from .apps import IMPORT_ACTION
from .models import Facility, ImportBatch, Report, current_year
from .quality import CATEGORIES, QUANTITY_FIELDS, savings, sec

REVIEWABLE = (Report.Status.SUBMITTED, Report.Status.ACCEPTED)
#: The review queue's "every status but draft".
SENT = "sent"


def report_values(report: Report) -> dict:
    """The quantities of a report as the quality rules read them."""
    values = {f: getattr(report, f) for f in QUANTITY_FIELDS}
    values.update(energy_toe=report.energy_toe, coal_grade=report.coal_grade,
                  baseline_year=report.baseline_year)
    return values


def baseline_report(report: Report) -> Report | None:
    """The report of the stated baseline year, else the facility's earliest report."""
    others = Report.objects.filter(facility_id=report.facility_id)
    if report.baseline_year:
        return others.filter(year=report.baseline_year).first()
    earliest = others.order_by("year").first()
    return earliest if earliest and earliest.pk != report.pk else None


def report_history(report: Report):
    """The steps taken on a report, oldest first, with the import that created it (who
    imported which file, when: audited once for the whole file). One query."""
    return audit.history(report, (ImportBatch, report.import_batch_id, IMPORT_ACTION))


def previous_report(report: Report) -> Report | None:
    """The facility's latest report before this one's year."""
    return (Report.objects.filter(facility_id=report.facility_id, year__lt=report.year)
            .order_by("-year").first())


def peer_secs(*, vsic_id: int, year: int, exclude_facility_id: int) -> dict[str, list[Decimal]]:
    """SEC per category of the other submitted or accepted reports of a division and year."""
    rows = (Report.objects.filter(facility__vsic_id=vsic_id, year=year, status__in=REVIEWABLE,
                                  production__gt=0)
            .exclude(facility_id=exclude_facility_id)
            .values("production", *CATEGORIES.values()))
    peers: dict[str, list[Decimal]] = {cat: [] for cat in CATEGORIES}
    for row in rows:
        for cat, value in sec(row).items():
            if value is not None:
                peers[cat].append(value)
    return peers


@dataclass
class ReportFigures:
    report: Report
    sec: dict[str, Decimal | None]
    baseline: Report | None
    savings: dict[str, Decimal | None]


def facility_report_figures(facility: Facility) -> list[ReportFigures]:
    """Each report of a facility with its SEC and savings against its baseline (one query)."""
    reports = list(facility.reports.order_by("year"))
    by_year = {r.year: r for r in reports}
    earliest = reports[0] if reports else None
    out = []
    for r in reports:
        base = by_year.get(r.baseline_year) if r.baseline_year else earliest
        if base is not None and base.pk == r.pk:
            base = None
        current = sec(report_values(r))
        out.append(ReportFigures(
            r, current, base,
            savings(current, sec(report_values(base))) if base else dict.fromkeys(CATEGORIES),
        ))
    return sorted(out, key=lambda f: -f.report.year)


def facility_list(*, user: User, q: str = "", admin_unit_id: int | None = None,
                  vsic_id: int | None = None, size_class: str = "") -> QuerySet[Facility]:
    """The facilities a user may see, filtered as asked."""
    qs = Facility.objects.for_user(user).select_related("admin_unit", "vsic")
    if q:
        qs = qs.filter(matches(q, "name", "tax_code"))
    if admin_unit_id:
        qs = qs.filter(admin_unit_id=admin_unit_id)
    if vsic_id:
        qs = qs.filter(vsic_id=vsic_id)
    if size_class:
        qs = qs.filter(size_class=size_class)
    return qs.order_by("name", "pk")


def review_queue(*, user: User, status: str = Report.Status.SUBMITTED, year: int | None = None,
                 admin_unit: AdminUnit | None = None,
                 warnings: bool | None = None) -> QuerySet[Report]:
    """Reports waiting for (or past) review, oldest submission first; of one status, or of
    every status but draft (``SENT``); narrowed to a year, the area of a unit
    (``AdminUnit.area_ids``) and reports with (True) or without (False) data-quality
    warnings — with ``SENT`` and True, the page of every data-quality warning."""
    qs = Report.objects.for_user(user)
    qs = qs.exclude(status=Report.Status.DRAFT) if status == SENT else qs.filter(status=status)
    if year is not None:
        qs = qs.filter(year=year)
    if admin_unit is not None:
        qs = qs.filter(facility__admin_unit_id__in=admin_unit.area_ids())
    if warnings is not None:
        without = Q(quality_warnings=[])
        qs = qs.exclude(without) if warnings else qs.filter(without)
    return (qs.select_related("facility", "facility__admin_unit")
            .order_by("submitted_at", "pk"))


@dataclass
class UnitCompleteness:
    unit: AdminUnit
    open_facilities: int
    reported: int

    @property
    def rate(self) -> Decimal | None:
        return Decimal(self.reported) / self.open_facilities if self.open_facilities else None


def completeness(*, user: User, year: int) -> tuple[list[UnitCompleteness], QuerySet[Facility]]:
    """Per admin unit: facilities open in ``year`` and how many sent a report (not a draft);
    and the facilities that did not."""
    has_report = _sent(year)
    open_qs = Facility.objects.for_user(user).open_in(year)
    counts = (open_qs.values("admin_unit_id")
              .annotate(n=Count("pk"), reported=Count("pk", filter=Q(has_report)))
              .order_by())
    units = AdminUnit.objects.in_bulk([c["admin_unit_id"] for c in counts])
    rows = sorted(
        (UnitCompleteness(units[c["admin_unit_id"]], c["n"], c["reported"]) for c in counts),
        key=lambda r: r.unit.name,
    )
    return rows, _without_report(open_qs, has_report)


def _sent(year: int) -> Exists:
    """A facility (the outer row) sent its report of ``year``: anything but a draft."""
    return Exists(Report.objects.filter(facility=OuterRef("pk"), year=year)
                  .exclude(status=Report.Status.DRAFT))


def _without_report(open_qs: QuerySet[Facility], has_report: Exists) -> QuerySet[Facility]:
    return (open_qs.annotate(has_report=has_report).filter(has_report=False)
            .select_related("admin_unit").order_by("admin_unit__name", "name"))


def not_reported(*, user: User, year: int) -> QuerySet[Facility]:
    """The facilities the user sees that were open in ``year`` and sent no report of it,
    each with ``last_reported``: the latest year it sent a report (None: never) and its
    unit's parent (the district of a commune) — the list a reminder goes to."""
    last = (Report.objects.filter(facility=OuterRef("pk"))
            .exclude(status=Report.Status.DRAFT).order_by("-year").values("year")[:1])
    return (_without_report(Facility.objects.for_user(user).open_in(year), _sent(year))
            .annotate(last_reported=Subquery(last))
            .select_related("admin_unit__parent"))


def report_baseline_savings(report: Report) -> dict[str, Decimal | None]:
    """Savings of a report against its baseline (stated year, else the earliest report)."""
    base = baseline_report(report)
    if base is None:
        return dict.fromkeys(CATEGORIES)
    return savings(sec(report_values(report)), sec(report_values(base)))


def home_figures(*, user: User) -> dict | None:
    """Counts for the home page: the facilities the user sees (one query); ``None`` for
    roles that do not read the register. What waits is in ``work_items``."""
    if not can(user, "facilities.view"):
        return None
    return {"facilities": Facility.objects.for_user(user).count(),
            "area": area_name(user) if user.admin_unit_id else ""}


def reporting_year() -> int:
    """The year whose reports are due now: the year just ended."""
    return current_year() - 1


def work_items(user: User) -> list[WorkItem]:
    """The yearly reports waiting for ``user``: to review (an officer); to correct after a
    return, and still to send for the year just ended (those who file reports: an
    enterprise for its facilities, a local focal point for its area). One query for a
    reviewer, two for those who file."""
    if can(user, "facilities.review"):
        waiting = Report.objects.for_user(user).filter(status=Report.Status.SUBMITTED).count()
        return [WorkItem(waiting, ngettext("%(n)s report waiting for review",
                                           "%(n)s reports waiting for review", waiting)
                         % {"n": number(waiting)},
                         reverse("facilities:review") + "?status=submitted")]
    if not can(user, "facilities.file_report"):
        return []
    year = reporting_year()
    returned = list(Report.objects.for_user(user).filter(status=Report.Status.RETURNED)
                    .order_by("year", "pk").values_list("facility_id", "year"))
    missing = list(not_reported(user=user, year=year).values_list("pk", flat=True))
    to_send = (reverse("facilities:reminders") + f"?year={year}"
               if can(user, "facilities.completeness") else _one_or_list(
                   [(pk, year) for pk in missing]))
    return [
        WorkItem(len(returned), ngettext("%(n)s report returned for correction",
                                         "%(n)s reports returned for correction",
                                         len(returned)) % {"n": number(len(returned))},
                 _one_or_list(returned)),
        WorkItem(len(missing), ngettext("%(n)s facility has not sent its report for %(year)s",
                                        "%(n)s facilities have not sent their report for "
                                        "%(year)s", len(missing))
                 % {"n": number(len(missing)), "year": year}, to_send),
    ]


def _one_or_list(reports: list[tuple[int, int]]) -> str:
    """The page of the one report (facility, year) to work on, else the register."""
    if len(reports) == 1:
        return reverse("facilities:report", args=reports[0])
    return reverse("facilities:list")


def linkable_accounts() -> QuerySet[User]:
    """The accounts that may be linked to a facility to file its reports."""
    return User.objects.filter(
        role__in=roles_holding("facilities.linked_account")).order_by("username")
