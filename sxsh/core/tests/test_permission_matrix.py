"""The permission matrix: every named URL × every role (and anonymous) → the answer.

The URLs come from the URL configuration itself (``get_resolver``), so a new page cannot be
forgotten: a named pattern without an entry in ``PAGES`` (or, in the administration area,
outside ``ADMIN_PAGES`` and the registered models) fails ``test_every_named_url_is_in_the_
matrix``. The answers are worked out from the capability table written out by hand in
``test_capabilities.EXPECTED`` and from the readers of each record written out below (the
``scope_<role>`` rules of the models, as their docstrings state them) — never by asking the
view's own check.

One data set, built once for the module (``world``), gives each kind of record an id inside
and outside each role's scope:

- facilities ``own`` (Phú Vang; the enterprise's, served by the demo consultant's centre
  through assessment ``own``), ``near`` (Phú Vang, nobody's) and ``far`` (Hương Thủy); a
  report submitted for 2023 and a pilot-model assessment (``near`` and ``far`` by Sở KH&CN,
  ``own`` by TT Khuyến công) with a CP option and a team member on each;
- tasks of the seed plan ``partner`` (1.2, joined by Sở TN&MT, the demo partner),
  ``consultant`` (2.2, led by TT Khuyến công) and ``far`` (1.1, neither): an activity with
  an output file and a progress report with evidence on each;
- the local network of Phú Vang (``own``) and Hương Thủy (``far``): a focal point each;
  a survey with one answer, an award.

A GET is asked of every page; a page that takes only POST is posted a body that would write
if it were accepted, and a refused POST must leave the audit trail (which records every
change) as it was. Each check runs in a savepoint rolled back after it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal
from http.cookies import SimpleCookie
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from sxsh.core.models import AdminUnit, Agency, AuditAction, User
from sxsh.core.tests.test_capabilities import EXPECTED

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
#: The demo users (``core.services.DEMO_USERS``) by role, and the anonymous visitor.
USERS = {"admin": "admin", "officer": "canbo", "consultant": "tuvan", "finance": "taichinh",
         "partner": "doitac", "local": "diaphuong", "enterprise": "doanhnghiep",
         "viewer": "lanhdao", "ministry": "bocongthuong", ANONYMOUS: None}
ROLES = tuple(USERS)
SIGNED_IN = frozenset(ROLES) - {ANONYMOUS}

PUBLIC = "public"  # a page anyone may open
LOGIN = "login"  # a page for anyone signed in

# --- who reads which record (the models' scope_<role> rules, written out by hand) ----------

#: Facilities, their reports, assessments, options and team members: the officer, the viewer
#: and the administrator read all; the consultant what its agency serves (``own``: assessed
#: by TT Khuyến công); the local focal point its area (Phú Vang: ``own`` and ``near``); the
#: enterprise its own facility. Finance and partners read none.
#: The ministry reads every province's facilities and reports (and no assessment).
REGISTER = {"own": {"admin", "officer", "viewer", "consultant", "local", "enterprise"},
            "near": {"admin", "officer", "viewer", "local"},
            "far": {"admin", "officer", "viewer"}}
REGISTER_READ = {which: roles | {"ministry"} for which, roles in REGISTER.items()}
#: The agencies a task involves, by the task's id here.
INVOLVED = {"partner": {"partner"}, "consultant": {"consultant"}, "far": set()}
#: Activities (and their outputs): all for those who run, fund or oversee the programme and
#: for local focal points; a task's activities for the agencies it involves (the enterprise
#: attended none of them).
ACTIVITY = {task: {"admin", "officer", "finance", "viewer", "local"} | agencies
            for task, agencies in INVOLVED.items()}
#: Progress reports: those who keep, fund or oversee the plan, and the task's agencies.
PROGRESS = {task: {"admin", "officer", "finance", "viewer"} | agencies
            for task, agencies in INVOLVED.items()}
DEPARTMENT = {"the": {"admin", "officer", "viewer"}}  # surveys, answers, awards
#: Focal points: the department and leadership all; the local focal point its area.
NETWORK = {"own": {"admin", "officer", "viewer", "local"}, "far": {"admin", "officer", "viewer"}}
EVERYONE = {"the": set(ROLES)}
#: Annual reports and their versions: the officer (and the administrator) all of them,
#: drafts included; leadership and the ministry only what is issued.
REPORTS = {"issued": {"admin", "officer", "viewer", "ministry"}, "draft": {"admin", "officer"}}
READERS: dict[str, dict[str, set[str]]] = {
    "facility": REGISTER_READ, "report": REGISTER_READ, "assessment": REGISTER, "option": REGISTER,
    "member": REGISTER, "activity": ACTIVITY, "output": ACTIVITY, "progress": PROGRESS,
    "task": {task: set(ROLES) for task in INVOLVED}, "unit": {"own": set(ROLES),
                                                               "far": set(ROLES)},
    "focal_point": NETWORK, "survey": DEPARTMENT, "response": DEPARTMENT, "award": DEPARTMENT,
    "plan": EVERYONE,
    "annual_report": REPORTS, "report_version": REPORTS,
}
#: The rules of the capability table that depend on the object: who passes them, by id.
TASK_AGENCY = {task: {"admin", "officer"} | agencies for task, agencies in INVOLVED.items()}
IN_AREA = {"own": {"admin", "officer", "viewer", "local"}, "far": {"admin", "officer", "viewer"}}


@dataclasses.dataclass(frozen=True)
class Page:
    """What a page asks: ``need`` a capability (or PUBLIC, LOGIN); ``kind`` the record in its
    address; ``rule`` who passes the capability's rule for that record, answered ``denied``."""

    need: str
    kind: str = ""
    ok: int = 200
    post: dict[str, Any] | None = None  # a page that takes only POST: the body posted
    rule: dict[str, set[str]] | None = None
    denied: int = 403
    anonymous: int | str = "login"  # what a visitor not signed in gets (the API: 401)

    def expected(self, role: str, which: str) -> int | str:
        if role == ANONYMOUS and self.need != PUBLIC:
            return self.anonymous
        holders = (set(ROLES) if self.need == PUBLIC else SIGNED_IN if self.need == LOGIN
                   else EXPECTED[self.need] | {"admin"})
        if role not in holders:
            return 403
        if self.kind and role not in READERS[self.kind][which]:
            return 404
        if self.rule is not None and role not in self.rule[which]:
            return self.denied
        return self.ok


# fmt: off
PAGES: dict[str, Page] = {
    "welcome": Page(PUBLIC),
    # The API's index, schema and documentation are open; each resource asks its own.
    "api-root": Page(PUBLIC),
    "api-schema": Page(PUBLIC),
    # The API's resources: 401 without a token or session; reading the reports is exporting
    # them, writing them filing them (the submitted report of 2023 cannot be submitted
    # again, nor is a form a JSON list: 400 for those who may try).
    "api-facility-list": Page("facilities.view", anonymous=401),
    "api-facility-detail": Page("facilities.view", "facility", anonymous=401),
    "api-report-list": Page("facilities.export_reports", anonymous=401),
    "api-report-detail": Page("facilities.export_reports", "report", anonymous=401),
    "api-report-submit": Page("facilities.file_report", "report", ok=400, post={},
                              anonymous=401),
    "api-report-bulk": Page("facilities.file_report", ok=400, post={}, anonymous=401),
    # Personal API tokens: each user's own; a token of nobody is not found.
    "tokens:list": Page(LOGIN),
    "tokens:new": Page(LOGIN),
    "tokens:revoke": Page(LOGIN, rule={"the": set()}, denied=404),
    "api-docs": Page(PUBLIC),
    "home": Page(LOGIN),
    "audit_log": Page("core.view_audit"),
    "login": Page(PUBLIC),
    "logout": Page(PUBLIC, ok=302, post={}),  # signed out (or already), sent home
    "password_change": Page(LOGIN),
    "password_change_done": Page(LOGIN),
    "set_language": Page(PUBLIC, ok=302),  # GET changes nothing and goes back home
    "javascript-catalog": Page(PUBLIC),
    # plans
    "plans:list": Page(PUBLIC),
    "plans:detail": Page(PUBLIC, "plan"),
    "plans:check": Page("plans.check", "plan"),
    "plans:download": Page(PUBLIC, "plan"),
    "plans:budget_year": Page("plans.view_budget", "plan"),
    "plans:budget_current": Page("plans.view_budget", "plan", ok=302),  # to the year at work
    "plans:estimates_current": Page("plans.estimate", "plan", ok=302),
    "plans:budget_year_export": Page("plans.view_budget", "plan"),
    "plans:estimates": Page("plans.estimate", "plan"),
    "plans:progress": Page(LOGIN, "plan"),
    "plans:task_report": Page(LOGIN, "task", rule=TASK_AGENCY),
    "plans:evidence": Page(LOGIN, "progress"),
    # facilities
    "facilities:list": Page("facilities.view"),
    "facilities:create": Page("facilities.register"),
    "facilities:detail": Page("facilities.view", "facility"),
    "facilities:edit": Page("facilities.register", "facility"),
    "facilities:report": Page("facilities.file_report", "facility"),
    "facilities:review": Page("facilities.review"),
    "facilities:report_review": Page("facilities.review", "report", ok=302,
                                     post={"action": "accept"}),
    "facilities:completeness": Page("facilities.completeness"),
    "facilities:upload": Page("facilities.file_report"),
    "facilities:template": Page("facilities.file_report"),
    "facilities:reminders": Page("facilities.completeness"),
    # a job of nobody: each user reads only their own (jobs/tests check another's job)
    "jobs:detail": Page(LOGIN, rule={"the": set()}, denied=404),
    # a token of nobody's upload: not found for those who upload, refused for the others
    "facilities:upload_errors": Page("facilities.file_report", rule={"the": set()}, denied=404),
    "facilities:report_export": Page("facilities.export_reports"),
    # indicators
    "indicators:dashboard": Page("indicators.dashboard"),
    "indicators:public": Page(PUBLIC),
    # user guides: the list and the visitor's for everyone, each role's for anyone signed in
    "help:index": Page(PUBLIC), "help:visitor": Page(PUBLIC), "help:guide": Page(LOGIN),
    "indicators:provinces": Page("indicators.provinces"),
    "indicators:province": Page("indicators.provinces"),
    # The public CP section: lists, search, feed and sitemap for anyone; a piece nobody
    # published is not found (portal/tests read real ones); the editor for its officers.
    "portal:search": Page(PUBLIC), "portal:feed": Page(PUBLIC),
    "portal:sitemap": Page(PUBLIC), "portal:articles": Page(PUBLIC),
    "portal:documents": Page(PUBLIC), "portal:case_studies": Page(PUBLIC),
    "portal:solutions": Page(PUBLIC),
    **{name: Page(PUBLIC, rule={"the": set()}, denied=404)
       for name in ("portal:article", "portal:document", "portal:download",
                    "portal:case_study", "portal:picture", "portal:gallery_picture")},
    "portal:edit_list": Page("portal.edit"),
    "portal:create": Page("portal.edit"),
    "portal:edit": Page("portal.edit", rule={"the": set()}, denied=404),
    "portal:step": Page("portal.edit", post={}, rule={"the": set()}, denied=404),
    "portal:picture_add": Page("portal.edit", post={}, rule={"the": set()}, denied=404),
    "portal:picture_change": Page("portal.edit", post={}, rule={"the": set()}, denied=404),
    "national:list": Page("national.read"),
    "national:year": Page("national.read"),
    # a package nobody imported: not found for those who read packages (national/tests
    # read real ones)
    "national:detail": Page("national.read", rule={"the": set()}, denied=404),
    "indicators:facilities": Page("indicators.dashboard"),
    # assessments
    "assessments:list": Page("assessments.view"),
    "assessments:create": Page("assessments.manage"),
    "assessments:assign": Page("assessments.assign"),
    "assessments:options_upload": Page("assessments.import_options"),
    "assessments:options_export": Page("assessments.import_options"),
    "assessments:detail": Page("assessments.view", "assessment"),
    "assessments:part_add": Page("assessments.manage", "assessment", ok=302,
                                 post={"team-name": "Nguyễn Văn Bình"}),
    "assessments:close": Page("assessments.manage", "assessment", ok=302,
                              post={"finished_on": "2019-06-28"}),
    "assessments:funding": Page("assessments.view", "assessment"),
    "assessments:results": Page("assessments.manage", "assessment", ok=302,
                                post={"summary": "Giảm 12 % điện năng"}),
    "assessments:report_docx": Page("assessments.view", "assessment"),
    "assessments:report_xlsx": Page("assessments.view", "assessment"),
    "assessments:part_remove": Page("assessments.manage", "member", ok=302, post={}),
    "assessments:option_edit": Page("assessments.manage", "option"),
    "assessments:option_step": Page("assessments.manage", "option", ok=302,
                                    post={"step": "screen", "status": "implement_now"}),
    "assessments:option_verify": Page("assessments.manage", "option"),
    # activities
    "activities:list": Page("activities.view"),
    "activities:create": Page("activities.manage"),
    "activities:upload": Page("activities.manage", post={}),  # no file: the form again
    "activities:surveys": Page("activities.surveys"),
    "activities:survey": Page("activities.surveys", "survey"),
    "activities:survey_xlsform": Page("activities.surveys", "survey"),
    "activities:survey_import": Page("activities.manage", "survey", post={}),
    "activities:response_enter": Page("activities.manage", "survey"),
    "activities:response": Page("activities.surveys", "response"),
    "activities:network": Page("activities.network"),
    "activities:focal_point_create": Page("activities.manage"),
    "activities:focal_point": Page("activities.manage", "focal_point"),
    "activities:local_report": Page("activities.network", "unit", rule=IN_AREA, denied=404),
    "activities:awards": Page("activities.awards"),
    "activities:award_create": Page("activities.manage"),
    "activities:award": Page("activities.manage", "award"),
    "activities:detail": Page("activities.view", "activity"),
    "activities:edit": Page("activities.manage", "activity"),
    "activities:attendance_upload": Page("activities.manage", "activity", post={}),
    "activities:output_add": Page("activities.manage", "activity", ok=302,
                                  post={"title": "Phóng sự", "url": "https://trt.vn/sxsh"}),
    "activities:output_file": Page("activities.view", "output"),
    "activities:output_remove": Page("activities.manage", "output", ok=302, post={}),
    # reports: report ``issued`` (version 1 issued, its files generated; version 2 a draft)
    # and report ``draft`` (only a draft)
    "reports:list": Page("reports.view"),
    "reports:open": Page("reports.prepare", ok=400, post={}),  # no plan: the form again
    "reports:version": Page("reports.view", "report_version"),
    "reports:narrative": Page("reports.prepare", "report_version", ok=302,
                              post={"difficulties": "Thiếu kinh phí."}),
    # No. 16 of 2021, after the years the draft (the five-year summary to 2020) covers; the
    # second role's post finds the draft being issued and is sent back to its page.
    "reports:issue": Page("reports.issue", "report_version", ok=302, post={
        "document_number": "16", "issued_on": "15/01/2021", "confirm": "on"}),
    "reports:file": Page("reports.view", "report_version"),
    "reports:new_version": Page("reports.prepare", "annual_report", ok=302, post={}),
    "reports:compare": Page("reports.view", "annual_report"),
}
# fmt: on


# --- the data set, built once for the module ------------------------------------------------

PDF = b"%PDF-1.4 matrix"


@dataclasses.dataclass
class World:
    users: dict[str, User | None]
    args: dict[str, dict[str, list]]  # URL name → id → the URL's arguments
    sessions: dict[str, str] = dataclasses.field(default_factory=dict)  # role → session key
    # One client for every check: a new one would load the middleware again (and WhiteNoise
    # with it walks the static files).
    browser: Client = dataclasses.field(default_factory=Client)

    def client(self, role: str) -> Client:
        """The client, signed in as ``role`` (its session opened once for the module)."""
        client = self.browser
        client.cookies = SimpleCookie()
        if role != ANONYMOUS:
            if role not in self.sessions:
                client.force_login(self.users[role])
                self.sessions[role] = client.session.session_key
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        return client


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), \
            translation.override("vi"), transaction.atomic():
        built = _build()
        for role in ROLES:  # each role signs in once
            built.client(role)
        yield built
        transaction.set_rollback(True)


def _build() -> World:
    from sxsh.activities import services as activities
    from sxsh.activities.interchange import import_activities
    from sxsh.activities.models import Activity, Award, FocalPoint, LocalReport
    from sxsh.assessments import services as assessments
    from sxsh.assessments.models import Assessment
    from sxsh.core.services import DEMO_USERS, demo_users_ensure
    from sxsh.core.tests import snapshots
    from sxsh.facilities.models import Report
    from sxsh.facilities.services import report_derive
    from sxsh.facilities.tests.factories import FacilityFactory
    from sxsh.plans.models import Plan
    from sxsh.plans.services import task_progress_report
    from sxsh.plans.tests.conftest import SEED_FILE, _loaded

    snapshots.restore("users", lambda: demo_users_ensure(password="Test-pass-2016"))
    by_name = User.objects.in_bulk([n for n, *_ in DEMO_USERS], field_name="username")
    users = {role: by_name[name] if name else None for role, name in USERS.items()}
    officer = users["officer"]
    plan: Plan = _loaded("seed_plan", SEED_FILE)

    facility = {
        "own": FacilityFactory(admin_unit_code="phu-vang", accounts=[users["enterprise"]]),
        "near": FacilityFactory(admin_unit_code="phu-vang"),
        "far": FacilityFactory(admin_unit_code="huong-thuy"),
    }
    report = {}
    for which, f in facility.items():
        report[which] = Report(facility=f, year=2023, status=Report.Status.SUBMITTED,
                               electricity_kwh=Decimal(100_000))
        report_derive(report[which])
        report[which].save()
    agency = {"own": Agency.objects.get(code="tt-khuyen-cong"),
              "near": Agency.objects.get(code="so-khcn"), "far": Agency.objects.get(code="so-khcn")}
    assessment, option, member = {}, {}, {}
    for which, f in facility.items():
        a = assessment[which] = assessments.assessment_start(
            user=officer, facility=f, kind=Assessment.Kind.PILOT, reference=f"MH-{which}",
            started_on=dt.date(2019, 3, 4), consultant_agency=agency[which])
        option[which] = assessments.option_save(assessment=a, user=officer, data={
            "code": "GP1", "category": "good_housekeeping", "description": "Tắt đèn"})
        member[which] = assessments.team_member_add(assessment=a, user=officer,
                                                    name="Trần Thị Hoa")

    task_code = {"partner": "1.2", "consultant": "2.2", "far": "1.1"}
    rows = [f"M-{t},training,{code},{code},2018-05-03,Tập huấn {code},Huế,Sở Công Thương,,10,"
            for t, code in task_code.items()]
    content = ("\ufeffcode,kind,task_code,budget_line_code,date,title,place,organiser,"
               "cost_central_mvnd,cost_local_mvnd,cost_enterprise_mvnd\r\n"
               + "\r\n".join(rows) + "\r\n").encode()
    result = import_activities(lambda: io.BytesIO(content), file_name="hd.csv", user=None,
                               as_upload=False)
    assert result.ok, result.errors
    activity = {t: Activity.objects.get(code=f"M-{t}") for t in task_code}
    output = {t: activities.output_add(activity=a, title="Báo cáo", user=officer,
                                       file=SimpleUploadedFile("bao-cao.pdf", PDF))
              for t, a in activity.items()}
    reporter = {"partner": users["partner"], "consultant": users["consultant"], "far": officer}
    progress = {t: task_progress_report(
        task=plan.tasks.get(code=code), status="in_progress", percent=40, narrative="Đã làm",
        reported_on=dt.date(2018, 7, 1), user=reporter[t],
        evidence=SimpleUploadedFile("bien-ban.pdf", PDF)) for t, code in task_code.items()}

    unit = {"own": AdminUnit.objects.get(code="phu-vang"),
            "far": AdminUnit.objects.get(code="huong-thuy")}
    focal = {w: FocalPoint.objects.create(admin_unit=u, person_name="Lê Văn Hải")
             for w, u in unit.items()}
    for u in unit.values():
        LocalReport.objects.create(admin_unit=u, year=2023, facilities_reached=3)
    survey = activities.survey_create(data={"code": "ks-2018", "title": "Khảo sát 2018",
                                            "year": 2018}, user=officer)
    response = activities.response_enter(survey=survey, facility=facility["own"], raw={},
                                         user=officer)
    award = Award.objects.create(nominee_kind=Award.Nominee.FACILITY, facility=facility["own"],
                                 achievement="Tiết kiệm điện", level=Award.Level.PROVINCE,
                                 decision_number="12/QĐ-UBND",
                                 decision_date=dt.date(2019, 1, 15), year=2018)

    def each(kind: dict, make) -> dict[str, list]:
        return {which: make(obj) for which, obj in kind.items()}

    p = plan.code
    the = {"the": None}
    args: dict[str, dict[str, list]] = {
        "plans:detail": {"the": [p]}, "plans:check": {"the": [p]},
        "plans:download": {"the": [p, "II", "xlsx"]},
        "plans:budget_year": {"the": [p, 2018]}, "plans:budget_year_export": {"the": [p, 2018]},
        "plans:estimates": {"the": [p, 2018]}, "plans:progress": {"the": [p]},
        "plans:budget_current": {"the": [p]}, "plans:estimates_current": {"the": [p]},
        "facilities:upload_errors": {"the": ["no-such-upload"]},
        "jobs:detail": {"the": [987654]},
        "tokens:revoke": {"the": [987654]},
        "api-facility-detail": each(facility, lambda f: [f.pk]),
        "api-report-detail": each(report, lambda r: [r.pk]),
        "api-report-submit": each(report, lambda r: [r.pk]),
        "indicators:province": {"the": ["hue"]},
        "help:guide": {role: [role] for role in SIGNED_IN},
        "national:year": {"the": [2018]}, "national:detail": {"the": [987654]},
        **{name: {"the": ["khong-co"]} for name in (
            "portal:article", "portal:document", "portal:download", "portal:case_study")},
        "portal:picture": {"the": ["article", "khong-co"]},
        "portal:gallery_picture": {"the": ["article", "khong-co", 987654]},
        "portal:picture_add": {"the": ["article", 987654]},
        "portal:picture_change": {"the": ["article", 987654, 987654, "remove"]},
        "portal:create": {"the": ["article"]},
        "portal:edit": {"the": ["article", 987654]},
        "portal:step": {"the": ["article", 987654, "publish"]},
        "plans:task_report": each(task_code, lambda c: [p, c]),
        "plans:evidence": each(progress, lambda r: [r.pk]),
        "facilities:detail": each(facility, lambda f: [f.pk]),
        "facilities:edit": each(facility, lambda f: [f.pk]),
        "facilities:report": each(facility, lambda f: [f.pk, 2023]),
        "facilities:report_review": each(report, lambda r: [r.pk]),
        "facilities:template": each(the, lambda _: ["facilities", "csv"]),
        "indicators:facilities": each(the, lambda _: ["I1", "numerator"]),
        "assessments:part_add": each(assessment, lambda a: [a.pk, "team"]),
        "assessments:part_remove": each(member, lambda m: ["team", m.pk]),
        "activities:survey": {"the": [survey.code]},
        "activities:survey_xlsform": {"the": [survey.code]},
        "activities:survey_import": {"the": [survey.code]},
        "activities:response_enter": {"the": [survey.code]},
        "activities:response": {"the": [survey.code, response.pk]},
        "activities:focal_point": each(focal, lambda f: [f.pk]),
        "activities:local_report": each(unit, lambda u: [u.code, 2023]),
        "activities:award": {"the": [award.pk]},
        "activities:output_file": each(output, lambda o: [o.activity.code, o.pk]),
        "activities:output_remove": each(output, lambda o: [o.activity.code, o.pk]),
    }
    reports = _reports(officer, plan)
    args.update({
        "reports:version": {"issued": [reports["issued"], 1], "draft": [reports["issued"], 2]},
        "reports:narrative": {"draft": [reports["issued"], 2]},
        "reports:issue": {"draft": [reports["draft"], 1]},
        "reports:file": {"issued": [reports["issued"], 1, "xlsx"]},
        "reports:new_version": {which: [pk] for which, pk in reports.items()},
        "reports:compare": {which: [pk] for which, pk in reports.items()},
    })
    for name in ("detail", "close", "funding", "results", "report_docx", "report_xlsx"):
        args[f"assessments:{name}"] = each(assessment, lambda a: [a.pk])
    for name in ("option_edit", "option_step", "option_verify"):
        args[f"assessments:{name}"] = each(option, lambda o: [o.pk])
    for name in ("detail", "edit", "attendance_upload", "output_add"):
        args[f"activities:{name}"] = each(activity, lambda a: [a.code])
    return World(users=users, args=args)


def _reports(officer: User, plan) -> dict[str, int]:
    """An annual report of 2018 issued (its files generated as the worker does) with a new
    draft after it, and a five-year summary still a draft: their ids."""
    from sxsh.reports import services

    version = services.report_open(plan=plan, kind="annual", year=2018, user=officer)
    version = services.version_issue(version=version, user=officer, document_number="15",
                                     issued_on=dt.date(2019, 1, 15))
    services.version_issue_complete(version_id=version.pk)
    services.version_new(report=version.report, user=officer)
    draft = services.report_open(plan=plan, kind="five_year", year=2020, user=officer)
    return {"issued": version.report_id, "draft": draft.report_id}


# --- the administration area: staff only -----------------------------------------------------

#: The administration's pages other than a model's: the administrator's answer.
ADMIN_PAGES: dict[str, int | str] = {
    "admin:index": 200, "admin:app_list": 200, "admin:login": "admin-index",
    "admin:logout": 405, "admin:password_change": 200, "admin:password_change_done": 200,
    "admin:jsi18n": 200, "admin:autocomplete": 403, "admin:view_on_site": 404,
    "admin:auth_user_password_change": 200,
}
ADMIN_ACTIONS = ("changelist", "add", "change", "delete", "history")
#: Models the administration only shows: nothing is added or deleted there.
READ_ONLY = {"auditlog.logentry", "facilities.report", "django_tasks_database.dbtaskresult"}


def _admin_models() -> dict[str, type]:
    return {f"admin:{m._meta.app_label}_{m._meta.model_name}_{action}": m
            for m in admin.site._registry for action in ADMIN_ACTIONS}


# --- walking the URL configuration ------------------------------------------------------------


def _named_urls(resolver: URLResolver | None = None, namespace: str = "") -> Iterator[str]:
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _named_urls(p, inner)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}"


ALL_URLS = sorted(set(_named_urls()))
ADMIN_URLS = [n for n in ALL_URLS if n.startswith("admin:")]


def _api_endpoints() -> set[str]:
    """The API router's endpoints: their matrix is ``sxsh/api/tests/test_api_matrix.py``."""
    from sxsh.api.urls import router

    return {p.name for p in router.urls if p.name and p.name != "api-root"}


def test_every_named_url_is_in_the_matrix():
    missing = [n for n in ALL_URLS if n not in PAGES and n not in ADMIN_PAGES
               and n not in _admin_models() and n not in _api_endpoints()]
    assert missing == [], (
        f"Add these URLs to PAGES in {__name__} with the answer each role gets: {missing}")
    assert sorted(set(PAGES) - set(ALL_URLS)) == []  # and nothing stale is left there
    assert sorted(set(ADMIN_PAGES) - set(ADMIN_URLS)) == []


# --- asking ---------------------------------------------------------------------------------


def _trail_size() -> int:
    return LogEntry.objects.count() + AuditAction.objects.count()


def _answer(world: World, role: str, url: str, post: dict[str, Any] | None) -> int | str:
    """What ``role`` gets for ``url`` (a POST of ``post`` if given), in a savepoint rolled
    back after: the status, "login"/"admin-login"/"admin-index" for those redirects, or
    "wrote" when a refused POST changed the audited data."""
    with transaction.atomic():
        client = world.client(role)
        before = _trail_size()
        response = client.post(url, post) if post is not None else client.get(url)
        if response.streaming:
            # Read to the end: the client then closes the file without closing the
            # connection (closing the response here would, on PostgreSQL, in a savepoint).
            b"".join(response.streaming_content)
        answer: int | str = response.status_code
        location = response.get("Location", "")
        if response.status_code == 302:
            for prefix, name in ((reverse("login") + "?", "login"),
                                 (reverse("admin:login") + "?", "admin-login"),
                                 (reverse("admin:index"), "admin-index")):
                if location.startswith(prefix) and (name != "admin-index" or
                                                    location == prefix):
                    answer = name
        if post is not None and answer not in (200, 302) and _trail_size() != before:
            answer = "wrote"
        transaction.set_rollback(True)
    return answer


def _ids(world: World, name: str) -> dict[str, list]:
    return world.args.get(name, {"the": []})


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_page_answers_each_role_as_the_capability_table_says(world, name):
    page = PAGES[name]
    wrong = []
    for which, args in _ids(world, name).items():
        url = reverse(name, args=args)
        for role in ROLES:
            expected = page.expected(role, which)
            got = _answer(world, role, url, page.post)
            if got != expected:
                wrong.append(f"{role} {'POST' if page.post is not None else 'GET'} {url} "
                             f"({which}): {got}, expected {expected}")
    assert wrong == []


def _admin_args(name: str) -> tuple[list, int | str]:
    """The arguments of an administration page and the administrator's answer."""
    if name in ADMIN_PAGES:
        from django.contrib.contenttypes.models import ContentType

        from sxsh.facilities.models import Facility

        args = {"admin:app_list": ["core"],
                "admin:auth_user_password_change": [User.objects.get(username="admin").pk],
                "admin:view_on_site": [ContentType.objects.get_for_model(Facility).pk,
                                  Facility.objects.order_by("pk").first().pk]}.get(name, [])
        return args, ADMIN_PAGES[name]
    model = _admin_models()[name]
    action = name.rsplit("_", 1)[1]
    if action in ("changelist", "add"):
        read_only = model._meta.label_lower in READ_ONLY or model._meta.app_label == "axes"
        return [], 403 if action == "add" and read_only else 200
    row = model._base_manager.order_by("pk").first()
    read_only = model._meta.label_lower in READ_ONLY
    if action == "delete" and read_only:  # refused before the record is looked up
        return [row.pk if row else 0], 403
    if row is None:  # the administration sends a missing record back to its index
        return [0], "admin-index"
    return [row.pk], 200


@pytest.mark.parametrize("name", ADMIN_URLS)
def test_the_administration_is_open_to_the_administrator_alone(world, name):
    args, expected = _admin_args(name)
    url = reverse(name, args=args)
    got = {role: _answer(world, role, url, None) for role in ROLES}
    # Others are sent to sign in as staff; its own form is theirs, and signing out sends
    # them to the index first.
    others = {"admin:login": 200, "admin:logout": "admin-index"}.get(name, "admin-login")
    assert got == {role: expected if role == "admin" else others for role in ROLES}
