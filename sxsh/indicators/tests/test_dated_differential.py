"""The kept years (``caching.YearKeeper``) against a fresh computation, over random writes.

A seeded random sequence of writes of every kind the indicators read — reports created,
changed, moved between years, deleted, written in bulk and by hand in SQL; facilities'
years, size, unit and consent; assessments and their options (dates, status, kind, the
facility they belong to); activities and their attendance; users (I5); the plan's
targets and quantities; the portal's guides (I7) — through the ORM's instances,
querysets, ``bulk_create``, deletes with their cascades, raw SQL and the officer's
services (accepting, returning, reopening a report). After each write the
boards the pages show (``selectors.cached_board``: the dashboard's, the public page's,
a filtered one and the provisional counting rule) of every year from 2015 to 2021, with
what the earlier boards kept, must equal the engine's board computed afresh (no cache);
so must the default year and the public page's named facilities, and, at the end of a
sequence, the dashboard and the public page themselves (against the same pages with no
cache).

Data: the hand-built set of ``conftest.py`` (facilities A–K, the plan 2016–2020 with its
technical-support lines, the activities) and a guides line of one guide a year. The
figures are not worked out by hand here: the claim under test is that a page equals a
fresh computation, whatever the figures are (their values are pinned elsewhere).
"""

from __future__ import annotations

import datetime as dt
import random
import re
import threading
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import ProtectedError
from django.test import Client, override_settings

from sxsh.activities.models import Activity, Attendance
from sxsh.assessments.models import Assessment, Option
from sxsh.core.models import AdminUnit, Agency, User, VsicDivision
from sxsh.core.scoping import Role
from sxsh.facilities import services
from sxsh.facilities.models import Facility, Report
from sxsh.facilities.tests.factories import FacilityFactory
from sxsh.indicators import selectors
from sxsh.indicators.caching import inputs_version
from sxsh.indicators.engine import Scope, board, build_scope
from sxsh.plans.models import BudgetAmount, BudgetLine, Target, Task
from sxsh.plans.planfile import GUIDES
from sxsh.portal.models import Document, Status

from .conftest import make_report

pytestmark = pytest.mark.django_db

SEEDS = (1, 2, 3)
WRITES = 20
#: The plan's years, and a year on either side of it (no plan).
PLAN = range(2016, 2021)
OUTSIDE = (2015, 2021)
#: The years the writes are dated in: around the plan's, a few outside it.
DATED = range(2014, 2023)
#: After which writes the pages themselves are compared (they cost more).
PAGES_AFTER = (WRITES,)
NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


# --- What is compared ------------------------------------------------------------------


def _result(result) -> tuple:
    target = result.target
    return (result.as_json(), result.status,
            None if target is None else (target.year, target.target.value_min,
                                         target.target.unit))


def figures(b) -> dict:
    """Everything a board shows, as plain values."""
    return {
        "years": b.years, "plan": b.plan.pk if b.plan else None,
        "series": {y: {code: _result(r) for code, r in results.items()}
                   for y, results in sorted(b.series.items())},
        "parts": [(p.province.pk, p.plan.pk if p.plan else None,
                   {y: {code: _result(r) for code, r in results.items()}
                    for y, results in sorted(p.series.items())}) for p in b.parts],
    }


def scopes(users, n: int) -> dict[str, Scope]:
    """The dashboard's and the public page's scopes, and after one write in three (``n``),
    by turns, the dashboard's under the provisional counting rule or filtered by unit and
    division (their kept years then span several writes)."""
    officer = users["canbo"]
    mine = Facility.objects.for_user(officer)
    found = {"dashboard": Scope(base=mine, agency_id=officer.agency_id),
             "public": Scope(base=Facility.objects.all())}
    if n % 6 == 1:
        found["dashboard-provisional"] = Scope(base=mine, provisional=True,
                                               agency_id=officer.agency_id)
    elif n % 6 == 4:
        found["dashboard-phu-vang-10"] = build_scope(base=mine, admin_unit="phu-vang",
                                                     vsic="10", agency_id=officer.agency_id)
    return found


def compare(users, n: int, history: list[str]) -> None:
    """The boards the pages show, as kept, equal the engine's afresh: of 2018 (whose board
    computes every year of the plan), by turns another year of the plan (the same years,
    another board) and a year on either side of the plan; then the default year and the
    named facilities."""
    version = inputs_version()
    outside = OUTSIDE[n % len(OUTSIDE)]
    for name, scope in scopes(users, n).items():
        fresh = {y: figures(board(scope, y)) for y in (2018, outside)}
        for year in (2018, PLAN[n % len(PLAN)], outside):
            kept = figures(selectors.cached_board(version, scope, year))
            # a board of any of the plan's years shows them all (only its ``year`` differs)
            assert kept == fresh[2018 if year in PLAN else year], (name, year, history)
    for base in (users["canbo"], None):
        base = Facility.objects.for_user(base)
        assert selectors.cached_default_year(version, base) == selectors.default_year(base), (
            history)
    named = Scope(base=Facility.objects.for_user(None))
    year = PLAN[n % len(PLAN)]
    assert (selectors.cached_published_applying(version, named, year, 100)
            == selectors.published_applying(named, year, 100)), (year, history)


def _main(response) -> str:
    assert response.status_code == 200
    body = response.content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body.split("<main", 1)[1])


def compare_pages(officer: Client, history: list[str]) -> None:
    """The dashboard (2018, the default year) and the public page as served, kept parts
    and all, equal the same pages with no cache at all."""
    asked = [("/indicators/", {"year": 2018}), ("/indicators/", {}),
             ("/indicators/public/", {"year": 2019}), ("/indicators/public/", {})]
    for path, query in asked:
        client = officer if path == "/indicators/" else Client()
        served = _main(client.get(path, query))
        with override_settings(CACHES=NO_CACHE):
            fresh = _main(client.get(path, query))
        assert served == fresh, (path, query, history)


# --- The writes ------------------------------------------------------------------------


class Writer:
    """Draws writes at random (``rng``), each in its own transaction, and says what it
    did."""

    def __init__(self, rng: random.Random, users) -> None:
        self.rng = rng
        self.users = users
        self.serial = 0

    # helpers
    def pick(self, queryset):
        rows = list(queryset.order_by("pk"))
        return self.rng.choice(rows) if rows else None

    def day(self) -> dt.date:
        return dt.date(self.rng.choice(DATED), self.rng.randint(1, 12), self.rng.randint(1, 28))

    def flag(self):
        return self.rng.choice([True, False, None])

    def number(self):
        return self.rng.choice([None, Decimal(0), Decimal(10), Decimal(50), Decimal(100),
                                Decimal(200)])

    def free_year(self, facility: Facility) -> int | None:
        taken = set(Report.objects.filter(facility=facility).values_list("year", flat=True))
        free = [y for y in DATED if y not in taken]
        return self.rng.choice(free) if free else None

    def next(self) -> str:
        self.serial += 1
        return f"x{self.serial}"

    # reports
    def report_create(self) -> str:
        facility = self.pick(Facility.objects.all())
        year = self.free_year(facility)
        if year is None:
            return "report_create: none free"
        status = self.rng.choice(list(Report.Status.values))
        flags = "".join(self.rng.choice("TF-") for _ in range(3))
        production = self.rng.choice([None, 0, 50, 100, 200])
        report = make_report(facility, year, status, flags, production,
                             self.rng.choice([None, 5, 9, 10, 20]),
                             self.rng.choice([None, 40, 50, 100]),
                             baseline_year=self.rng.choice([None, None, year - 2, year + 1]))
        return f"report_create {facility.name} {year} {status} {flags} #{report.pk}"

    def report_update(self) -> str:
        report = self.pick(Report.objects.all())
        changes = self.rng.choice([
            {"status": self.rng.choice(list(Report.Status.values))},
            {"aware": self.flag()}, {"cp_staff": self.flag()}, {"cp_applied": self.flag()},
            {"production": self.number(), "energy_toe": self.number()},
            {"baseline_year": self.rng.choice([None, report.year - 1, report.year - 2])},
        ])
        Report.objects.filter(pk=report.pk).update(**changes)
        return f"report_update #{report.pk} {report.year} {changes}"

    def report_move(self) -> str:
        report = self.pick(Report.objects.all())
        year = self.free_year(report.facility)
        if year is None:
            return "report_move: none free"
        Report.objects.filter(pk=report.pk).update(year=year)
        return f"report_move #{report.pk} {report.year} → {year}"

    def report_delete(self) -> str:
        report = self.pick(Report.objects.all())
        report.delete()
        return f"report_delete #{report.pk} {report.facility.name} {report.year}"

    def report_bulk(self) -> str:
        made = []
        for facility in self.rng.sample(list(Facility.objects.order_by("pk")), 3):
            year = self.free_year(facility)
            if year is not None:
                made.append(Report(facility=facility, year=year, status=self.rng.choice(
                    ["accepted", "submitted"]), aware=self.flag(), cp_staff=self.flag(),
                    cp_applied=self.flag(), production=self.number(),
                    energy_toe=self.number()))
        Report.objects.bulk_create(made)
        return f"report_bulk {[(r.facility.name, r.year, r.status) for r in made]}"

    def report_sql(self) -> str:
        report = self.pick(Report.objects.all())
        applied = self.rng.choice([True, False])
        with connection.cursor() as cursor:
            cursor.execute("UPDATE facilities_report SET cp_applied = %s, status = %s "
                           "WHERE id = %s", [applied, "accepted", report.pk])
        return f"report_sql #{report.pk} {report.year} applied={applied} accepted"

    def report_review(self) -> str:
        """The officer's own steps (the services): accept or return a submitted report,
        reopen an accepted one."""
        officer = self.users["canbo"]
        report = self.pick(Report.objects.filter(status__in=["submitted", "accepted"]))
        step = ("report_reopen" if report.status == "accepted" else
                self.rng.choice(["report_accept", "report_return"]))
        try:
            with transaction.atomic():
                if step == "report_reopen":
                    services.report_reopen(report=report, user=officer, reason="Sửa số liệu")
                else:
                    getattr(services, step)(report=report, user=officer, comment="Đã xem")
        except (PermissionDenied, ValidationError) as refused:
            return f"{step} #{report.pk} {report.year}: refused ({refused})"
        return f"{step} #{report.pk} {report.facility.name} {report.year}"

    # facilities
    def facility_update(self) -> str:
        facility = self.pick(Facility.objects.all())
        changes = self.rng.choice([
            {"opened_year": self.rng.choice([None, 2010, 2016, 2017, 2019])},
            {"closed_year": self.rng.choice([None, 2017, 2018, 2020])},
            {"size_class": self.rng.choice(["small", "medium", "large"])},
            {"admin_unit": AdminUnit.objects.get(code=self.rng.choice(
                ["phu-vang", "huong-thuy", "nam-dong"]))},
            {"published": self.rng.choice([True, False])},
            {"vsic": VsicDivision.objects.get(code=self.rng.choice(["10", "23"]))},
        ])
        if self.rng.random() < 0.5:
            Facility.objects.filter(pk=facility.pk).update(**changes)
        else:
            for field, value in changes.items():
                setattr(facility, field, value)
            facility.save()
        return f"facility_update {facility.name} {changes}"

    def facility_create(self) -> str:
        name = f"Cơ sở {self.next()}"
        facility = FacilityFactory(
            tax_code=f"34{self.serial:08d}", name=name,
            admin_unit_code=self.rng.choice(["phu-vang", "huong-thuy"]),
            vsic_code=self.rng.choice(["10", "23"]),
            size=self.rng.choice(["small", "medium", "large"]),
            opened_year=self.rng.choice([None, 2015, 2018]),
            published=self.rng.choice([True, False]))
        make_report(facility, self.rng.choice(DATED), "accepted", "TTT", 100, 10)
        return f"facility_create {name}"

    def facility_delete(self) -> str:
        facility = self.pick(Facility.objects.filter(assessments=None, attendances=None))
        try:
            with transaction.atomic():
                facility.delete()
        except ProtectedError:
            return f"facility_delete {facility.name}: protected"
        return f"facility_delete {facility.name} (its reports with it)"

    # assessments and options
    def assessment_create(self) -> str:
        facility = self.pick(Facility.objects.all())
        started = self.day()
        assessment = Assessment.objects.create(
            facility=facility, kind=self.rng.choice(list(Assessment.Kind.values)),
            reference=self.next(), started_on=started)
        options = []
        for _ in range(self.rng.randint(0, 2)):
            status = self.rng.choice([*Option.Status.values, "implemented", "verified"])
            implemented = self.day() if self.rng.random() < 0.7 else None
            Option.objects.create(assessment=assessment, code=self.next(),
                                  category="good_housekeeping", description="Giải pháp",
                                  status=status, implemented_on=implemented)
            options.append((status, implemented))
        return f"assessment_create {facility.name} {started} {assessment.kind} {options}"

    def assessment_update(self) -> str:
        assessment = self.pick(Assessment.objects.all())
        if assessment is None:
            return "assessment_update: none"
        changes = self.rng.choice([{"started_on": self.day()},
                                   {"kind": self.rng.choice(list(Assessment.Kind.values))}])
        Assessment.objects.filter(pk=assessment.pk).update(**changes)
        return f"assessment_update #{assessment.pk} {assessment.started_on} {changes}"

    def assessment_move(self) -> str:
        """A correction of the facility assessed: its options go with it."""
        assessment = self.pick(Assessment.objects.filter(options__isnull=False).distinct())
        if assessment is None:
            return "assessment_move: none"
        facility = self.pick(Facility.objects.all())
        Assessment.objects.filter(pk=assessment.pk).update(facility=facility)
        return (f"assessment_move #{assessment.pk} {assessment.started_on} "
                f"{assessment.facility.name} → {facility.name}")

    def assessment_delete(self) -> str:
        assessment = self.pick(Assessment.objects.all())
        if assessment is None:
            return "assessment_delete: none"
        assessment.delete()
        return f"assessment_delete #{assessment.pk} (its options with it)"

    def option_update(self) -> str:
        option = self.pick(Option.objects.all())
        if option is None:
            return "option_update: none"
        changes = self.rng.choice([
            {"status": self.rng.choice(list(Option.Status.values))},
            {"implemented_on": self.day() if self.rng.random() < 0.8 else None},
            {"status": "implemented", "implemented_on": self.day()},
            {"assessment": self.pick(Assessment.objects.all()), "code": self.next()},
        ])
        if self.rng.random() < 0.2:
            option.delete()
            return f"option_delete #{option.pk} {option.implemented_on}"
        for field, value in changes.items():
            setattr(option, field, value)
        option.save()
        return f"option_update #{option.pk} {option.status} {option.implemented_on} {changes}"

    # activities and attendance
    def activity_update(self) -> str:
        activity = self.pick(Activity.objects.all())
        if activity is None:
            return "activity_update: none"
        roll = self.rng.random()
        if roll < 0.2:
            activity.delete()
            return f"activity_delete {activity.code} {activity.date} (its attendance with it)"
        changes = ({"date": self.day()} if roll < 0.6 else
                   {"kind": self.rng.choice(["training", "workshop"])})
        Activity.objects.filter(pk=activity.pk).update(**changes)
        return f"activity_update {activity.code} {activity.date} {changes}"

    def activity_create(self) -> str:
        task = Task.objects.get(code="1.3")
        line = BudgetLine.objects.get(plan=task.plan, code="1.3")
        activity = Activity.objects.create(
            code=self.next(), kind=self.rng.choice(["training", "workshop"]), task=task,
            budget_line=line, date=self.day(), title="Hoạt động")
        people = []
        for _ in range(self.rng.randint(0, 2)):
            facility = self.pick(Facility.objects.all()) if self.rng.random() < 0.6 else None
            officer = None if facility else self.pick(User.objects.filter(role=Role.OFFICER))
            Attendance.objects.create(activity=activity, person_name=self.next(),
                                      gender="male", facility=facility, officer=officer)
            people.append(facility.name if facility else officer.username)
        return f"activity_create {activity.code} {activity.kind} {activity.date} {people}"

    def attendance_update(self) -> str:
        attendance = self.pick(Attendance.objects.all())
        if attendance is None:
            return "attendance_update: none"
        roll = self.rng.random()
        if roll < 0.3:
            attendance.delete()
            return f"attendance_delete #{attendance.pk} of {attendance.activity.code}"
        if roll < 0.6:
            activity = self.pick(Activity.objects.all())
            Attendance.objects.filter(pk=attendance.pk).update(activity=activity)
            return f"attendance_move #{attendance.pk} → {activity.code}"
        facility = self.pick(Facility.objects.all())
        Attendance.objects.filter(pk=attendance.pk).update(facility=facility, officer=None)
        return f"attendance_update #{attendance.pk} facility → {facility.name}"

    # undated inputs
    def user_update(self) -> str:
        user = self.pick(User.objects.filter(role__in=[Role.OFFICER, Role.CONSULTANT]))
        changes = self.rng.choice([
            {"cp_trained": not user.cp_trained},
            {"role": Role.CONSULTANT if user.role == Role.OFFICER else Role.OFFICER},
            {"agency": Agency.objects.get(code=self.rng.choice(
                ["phong-ktat-mt", "tt-khuyen-cong", "so-tnmt"]))},
            {"is_active": not user.is_active},
        ])
        User.objects.filter(pk=user.pk).update(**changes)
        return f"user_update {user.username} {changes}"

    def plan_update(self) -> str:
        if self.rng.random() < 0.5:
            target = self.pick(Target.objects.exclude(indicator_code=""))
            value = self.rng.choice([Decimal("0.3"), Decimal("0.5"), Decimal(1), Decimal(4)])
            Target.objects.filter(pk=target.pk).update(value_min=value)
            return f"plan_update target {target.indicator_code} → {value}"
        amount = self.pick(BudgetAmount.objects.filter(line__support__gt=""))
        quantity = Decimal(self.rng.randint(0, 3))
        amount.quantity = quantity
        amount.save()
        return f"plan_update amount {amount.line.code} {amount.year} → {quantity}"

    def guide_update(self) -> str:
        guide = self.pick(Document.objects.filter(kind=Document.Kind.GUIDE))
        roll = self.rng.random()
        if guide is None or roll < 0.4:
            at = dt.datetime.combine(self.day(), dt.time(9), tzinfo=dt.UTC)
            code = self.next()
            made = Document.objects.create(
                title=code, slug=code, summary=code, kind=Document.Kind.GUIDE,
                status=Status.PUBLISHED, published_at=at, file="portal/documents/x.pdf")
            made.vsic_divisions.set(VsicDivision.objects.filter(
                code__in=self.rng.choice([[], ["10"], ["23"]])))
            return f"guide_create {at.date()}"
        if roll < 0.6:
            guide.delete()
            return f"guide_delete {guide.published_at}"
        if roll < 0.8:
            guide.vsic_divisions.set(VsicDivision.objects.filter(
                code__in=self.rng.choice([[], ["10"], ["23"]])))
            return f"guide_divisions {guide.published_at}"
        Document.objects.filter(pk=guide.pk).update(status=self.rng.choice(
            [Status.DRAFT, Status.PUBLISHED]))
        return f"guide_status {guide.published_at}"

    KINDS = ["report_create", "report_update", "report_move", "report_delete", "report_bulk",
             "report_sql", "report_review", "facility_update", "facility_create", "facility_delete",
             "assessment_create", "assessment_update", "assessment_move", "assessment_delete",
             "option_update",
             "activity_update", "activity_create", "attendance_update", "user_update",
             "plan_update", "guide_update"]
    #: Dated writes are drawn more often than undated ones (which recompute every year).
    WEIGHTS = [3, 4, 3, 2, 2, 2, 3, 1, 1, 1, 3, 3, 2, 2, 4, 3, 2, 3, 1, 1, 1]

    def write(self) -> str:
        kind = self.rng.choices(self.KINDS, self.WEIGHTS)[0]
        with transaction.atomic():
            return getattr(self, kind)()


@pytest.fixture
def inputs(users, supports, attendances, settings, tmp_path):
    """The hand-built set with the guides line of the seed (one guide a year 2017–2020)
    and one guide, of 2018 (the activities' small plan is numbered after the seed plan:
    conftest.py)."""
    settings.MEDIA_ROOT = tmp_path
    plan = Target.objects.get(indicator_code="I7").plan
    line = BudgetLine.objects.create(plan=plan, code="2.9", content="Sổ tay hướng dẫn",
                                     support=GUIDES, order=9)
    for year in range(2017, 2021):
        BudgetAmount.objects.create(line=line, year=year, quantity=Decimal(1),
                                    amount_million_vnd=Decimal(10))
    Document.objects.create(title="g", slug="g", summary="g", kind=Document.Kind.GUIDE,
                            status=Status.PUBLISHED, file="portal/documents/x.pdf",
                            published_at=dt.datetime(2018, 3, 1, 9, tzinfo=dt.UTC))
    return supports


# --- Defects found on the way, each pinned by hand ------------------------------------


def i3(b) -> dict[int, tuple]:
    return {y: (r["I3"].numerator, r["I3"].denominator) for y, r in b.series.items()}


def test_an_assessment_moved_to_another_facility_moves_its_options_years_too(supports):
    """G's quick assessment (started 10/5/2018) holds an option implemented on 1/9/2018:
    G applied CP in 2018 by it alone (its 2018 report was returned, its 2016 one says not
    applied). Its start is put off to 2019 (the option stays: the form allows it), then
    the assessment is moved to B (a correction of the facility, by a queryset): the write
    touches an assessment of 2019, but G's option of 2018 goes with it.

    I3 of 2018 (open: A, B, C, D, G, H, J, K — E closed, F not yet open): A, C, H, J by
    their 2018 reports, B by its 2017 one, K by its option of 2017, G by its option: 7 of
    8; then 6 of 8 without G (B counted already). 2019 (open: A, B, C, F, G, H, J, K):
    8 of 8, then 7. The kept 2018 must not stay at 7 (it did: the move was noted in 2019
    only)."""
    scope = Scope(base=Facility.objects.all())
    g = Assessment.objects.get(facility=supports["G"])
    Assessment.objects.filter(pk=g.pk).update(started_on=dt.date(2019, 1, 10))
    before = i3(selectors.cached_board(inputs_version(), scope, 2018))
    assert (before[2018], before[2019]) == ((7, 8), (8, 8))
    Assessment.objects.filter(pk=g.pk).update(facility=supports["B"])
    kept = i3(selectors.cached_board(inputs_version(), scope, 2018))
    assert (kept[2018], kept[2019]) == ((6, 8), (7, 8))
    assert kept == i3(board(scope, 2018))


def i7(b) -> dict[int, tuple]:
    return {y: (r["I7"].numerator, r["I7"].denominator) for y, r in b.series.items()}


def test_a_guide_scheduled_for_later_counts_once_its_time_has_come(inputs):
    """A guide scheduled for 15:00 on 1/6/2019 (a future time holds it back until then)
    is written at 9:00: I7 of 2019 counts the guide of 2018 alone against the line's 1 a
    year 2017–2019: 1 of 3. At 16:00 no write has happened since, but the guide is out: 2
    of 3, as a fresh computation says — the page kept under the same version must not
    still say 1 of 3 (it did, until the cache dropped it a day later)."""
    scope = Scope(base=Facility.objects.all())
    with time_machine.travel(dt.datetime(2019, 6, 1, 9, tzinfo=dt.UTC), tick=False):
        Document.objects.create(
            title="later", slug="later", summary="later", kind=Document.Kind.GUIDE,
            status=Status.PUBLISHED, file="portal/documents/x.pdf",
            published_at=dt.datetime(2019, 6, 1, 15, tzinfo=dt.UTC))
        assert i7(selectors.cached_board(inputs_version(), scope, 2019))[2019] == (1, 3)
    with time_machine.travel(dt.datetime(2019, 6, 1, 16, tzinfo=dt.UTC), tick=False):
        kept = i7(selectors.cached_board(inputs_version(), scope, 2019))
        assert kept[2019] == (2, 3)
        assert kept == i7(board(scope, 2019))


def in_another_connection(write) -> None:
    """``write`` committed by another thread, on its own connection (another process's)."""
    def run() -> None:
        try:
            write()
        finally:
            connection.close()

    other = threading.Thread(target=run)
    other.start()
    other.join()


@pytest.mark.django_db(transaction=True)
def test_a_write_committed_between_the_pages_version_and_the_keepers_read_is_served(
        supports):
    """A page reads the version, another process commits a write, then the page asks for
    its board: the keys are read with that write (``YearKeeper.at``), so the years it
    reaches are computed again, not served as kept under the page's older version.

    A's 2016 report stops saying CP applied: I3 of 2016 (open: A, B, C, E, G, H, J, K;
    applied: A, E, H) 3 of 8 → 2 of 8; of 2017 (D opens: 9; applied: A by its 2016
    report, B, C, D's submitted report does not count, E, H, K by its option of 2017 — 6)
    6 of 9 → 5 of 9; 2018 on, A is counted by its 2018 report: unchanged."""
    scope = Scope(base=Facility.objects.all())
    selectors.cached_board(inputs_version(), scope, 2018)  # every year kept
    make_report(supports["C"], 2020, "accepted", "TTT")  # a version no board is kept for
    version = inputs_version()
    in_another_connection(lambda: Report.objects.filter(
        facility=supports["A"], year=2016).update(cp_applied=False))
    served = i3(selectors.cached_board(version, scope, 2018))
    assert (served[2016], served[2017], served[2018]) == ((2, 8), (5, 9), (7, 8))
    assert served == i3(board(scope, 2018))
    assert i3(selectors.cached_board(inputs_version(), scope, 2018)) == served


@pytest.mark.parametrize("seed", SEEDS)
def test_after_each_random_write_the_kept_years_equal_a_fresh_computation(users, inputs,
                                                                          seed):
    officer = Client()
    officer.force_login(users["canbo"])
    writer = Writer(random.Random(seed), users)
    history: list[str] = []
    compare(users, 0, history)
    for n in range(1, WRITES + 1):
        history.append(writer.write())
        compare(users, n, history)
        if n in PAGES_AFTER:
            compare_pages(officer, history)
