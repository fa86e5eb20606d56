"""The capability table: who may do what, asked in one place."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import URLPattern, URLResolver, get_resolver

from sxsh.core.capabilities import CAPABILITIES, can, holds_only, require
from sxsh.core.models import AdminUnit, AdminUnitSuccession, Agency, User
from sxsh.core.scoping import Role

ROOT = Path(__file__).resolve().parents[3]

# What each role may do, written out by hand from the README's table of roles — the table
# in ``capabilities.py`` must say the same. Administrators hold everything.
EXPECTED = {
    "core.view_audit": {"officer"},
    "core.whole_province": {"officer", "viewer"},
    "plans.check": {"officer", "finance", "viewer"},
    "plans.view_budget": {"officer", "finance", "viewer"},
    "plans.estimate": {"officer", "partner", "consultant"},
    "plans.consolidate": {"officer"},
    "plans.appraise": {"finance"},
    "plans.approve": {"officer"},
    "plans.record_expenditure": {"officer", "finance"},
    "plans.report_progress": {"officer", "partner", "consultant"},
    "plans.read_progress": {"officer", "finance", "viewer", "partner", "consultant"},
    "facilities.view": {"officer", "viewer", "consultant", "local", "enterprise"},
    "facilities.register": {"officer", "local"},
    "facilities.publish": {"officer"},
    "facilities.file_report": {"officer", "local", "enterprise"},
    "facilities.review": {"officer"},
    "facilities.completeness": {"officer", "viewer", "local"},
    "facilities.export_reports": {"officer", "viewer", "local", "enterprise"},
    "facilities.linked_account": {"enterprise"},
    "assessments.view": {"officer", "viewer", "consultant", "local", "enterprise"},
    "assessments.manage": {"officer", "consultant"},
    "assessments.assign": {"officer"},
    "assessments.import_options": {"officer", "consultant"},
    "activities.view": {"officer", "finance", "viewer", "partner", "consultant", "local"},
    "activities.manage": {"officer"},
    "activities.surveys": {"officer", "viewer"},
    "activities.network": {"officer", "viewer", "local"},
    "activities.local_report": {"local"},
    "activities.review_local": {"officer"},
    "activities.awards": {"officer", "viewer"},
    "indicators.dashboard": {"officer", "viewer", "consultant", "local"},
    "indicators.provinces": {"ministry"},
    "national.read": {"officer", "ministry"},
    "portal.edit": {"officer"},
    "reports.view": {"officer", "viewer", "ministry"},
    "reports.prepare": {"officer"},
    "reports.issue": {"officer"},
    "portal.publish": {"officer"},
}


def test_the_table_names_the_capabilities_written_out_here():
    assert set(CAPABILITIES) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_role_holds_exactly_the_capabilities_of_the_table(name, role):
    user = User(username=f"u-{role}", role=role, is_active=True)
    expected = role == Role.ADMIN or role in EXPECTED[name]
    assert can(user, name) is expected
    assert user.has_perm(name) is expected


def test_anonymous_and_inactive_users_hold_nothing():
    inactive = User(username="gone", role=Role.OFFICER, is_active=False)
    for name in CAPABILITIES:
        assert not can(AnonymousUser(), name)
        assert not can(inactive, name)


def test_an_unknown_capability_is_an_error_not_a_silent_no():
    with pytest.raises(LookupError):
        can(User(role=Role.OFFICER), "facilities.reveiw")


def test_a_partner_reports_only_on_the_tasks_its_agency_leads_or_joins(users):
    from sxsh.plans.models import Plan, Task, TaskGroup

    plan = Plan.objects.create(code="p", number="1/KH", title="Kế hoạch",
                               issuer=Agency.objects.first(), issued_on="2016-10-31",
                               province=AdminUnit.objects.get(code="tth"),
                               start_year=2016, end_year=2020)
    group = TaskGroup.objects.create(plan=plan, code="1", title="Nhóm 1")
    partner = users["doitac"]
    other = Agency.objects.exclude(pk=partner.agency_id).first()
    led = Task.objects.create(plan=plan, code="1.1", content="a", lead_agency=partner.agency,
                              group=group, start_year=2017, end_year=2017)
    joined = Task.objects.create(plan=plan, code="1.2", content="b", lead_agency=other,
                                 group=group, start_year=2017, end_year=2017)
    joined.partner_agencies.add(partner.agency)
    foreign = Task.objects.create(plan=plan, code="1.3", content="c", lead_agency=other,
                                  group=group, start_year=2017, end_year=2017)
    assert [can(partner, "plans.report_progress", t) for t in (led, joined, foreign)] == [
        True, True, False]
    # The same rule in SQL, as the progress reports are scoped.
    assert set(Task.objects.filter(Task.involving(partner.agency_id))) == {led, joined}
    assert can(users["canbo"], "plans.report_progress", foreign)
    assert not can(users["taichinh"], "plans.report_progress", led)
    assert can(users["taichinh"], "plans.read_progress", foreign)
    with pytest.raises(PermissionDenied):
        require(partner, "plans.report_progress", foreign)


def test_a_local_point_registers_in_its_area_including_units_merged_into_it(users):
    local = users["diaphuong"]  # Phú Vang
    phu_vang = local.admin_unit
    elsewhere = AdminUnit.objects.exclude(pk__in=phu_vang.area_ids()).exclude(
        level=AdminUnit.Level.PROVINCE).first()
    assert can(local, "facilities.register", phu_vang)
    assert not can(local, "facilities.register", elsewhere)
    absorbed = AdminUnit.objects.create(code="test-absorbed", name="Xã đã sáp nhập",
                                        level=phu_vang.level, parent=phu_vang.parent)
    AdminUnitSuccession.objects.create(predecessor=absorbed, successor=phu_vang, whole=True,
                                       effective_date=dt.date(2025, 7, 1))
    local = User.objects.get(pk=local.pk)  # a new request, a new user object
    assert can(local, "facilities.register", absorbed)
    assert holds_only(users["canbo"], "facilities.register")
    assert not holds_only(local, "facilities.register")


def _source_files(*suffixes: str):
    for path in sorted((ROOT / "sxsh").rglob("*")):
        if path.suffix in suffixes and "tests" not in path.parts \
                and "migrations" not in path.parts:
            yield path


ROLE_TEST = re.compile(
    r"role\s+(not\s+)?in\s*[(\[{]|role\s*[!=]=\s*[\"']|Role\.\w+\s*,\s*Role\.|is_officer")


def test_no_role_is_compared_outside_the_capability_table():
    allowed = {ROOT / "sxsh/core/capabilities.py"}
    assert len(list(_source_files(".py", ".html"))) > 100
    found = [f"{p.relative_to(ROOT)}:{n}" for p in _source_files(".py", ".html")
             if p not in allowed
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if ROLE_TEST.search(line)]
    assert found == []


def test_every_capability_a_template_asks_for_is_in_the_table():
    asked = {m.group(1) for p in _source_files(".html")
             for m in re.finditer(r"perms\.(\w+\.\w+)", p.read_text(encoding="utf-8"))}
    assert asked  # the templates do ask (the menu, the register's sub-menu)
    assert asked - set(CAPABILITIES) == set()


def _views(resolver=None):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern)
        elif isinstance(pattern, URLPattern):
            yield pattern.callback


def test_every_guarded_view_names_a_capability_of_the_table():
    guarded = {v.capability for v in _views() if hasattr(v, "capability")}
    assert "facilities.review" in guarded
    assert guarded - set(CAPABILITIES) == set()
