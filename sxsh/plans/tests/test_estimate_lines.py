"""Finding 8 of issue 11: an agency estimates only on the lines of the tasks it leads or
joins; a line on no task is the officer's to estimate.

In the seed plan Sở TN&MT (the partner ``doitac``) joins the tasks of lines 1.2, 1.3, 1.4
and 3.1; lines 2.2–2.4 belong to TT Khuyến công's tasks, which it does not join."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sxsh.plans import models as m
from sxsh.plans import services
from sxsh.plans.forms import EstimateForm
from sxsh.plans.selectors import estimable_lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def line_on_no_task(seed_plan):
    return m.BudgetLine.objects.create(plan=seed_plan, code="9.1", content="Dự phòng")


def _estimate(plan, user, line, source, amount="10"):
    return services.estimate_set(plan=plan, year=2018, agency=user.agency, line=line,
                                 source=source, amount=Decimal(amount), user=user)


def test_it_refuses_a_partner_estimate_on_a_task_it_does_not_join(
        seed_plan, users, lines, sources):
    with pytest.raises(ValidationError) as exc:
        _estimate(seed_plan, users["doitac"], lines["2.2"], sources["central"])
    assert exc.value.messages == [
        "Dòng 2.2 không thuộc nhiệm vụ nào do cơ quan của bạn chủ trì hoặc phối hợp."]
    assert not m.Estimate.objects.exists()


def test_it_refuses_a_partner_estimate_on_a_line_on_no_task(
        seed_plan, users, sources, line_on_no_task):
    with pytest.raises(ValidationError):
        _estimate(seed_plan, users["doitac"], line_on_no_task, sources["central"])
    assert not m.Estimate.objects.exists()


def test_it_lets_the_officer_estimate_a_line_on_no_task_and_consolidates_it(
        seed_plan, users, sources, line_on_no_task):
    _estimate(seed_plan, users["canbo"], line_on_no_task, sources["local"], "25")
    year_budget = services.year_budget_consolidate(plan=seed_plan, year=2018,
                                                   user=users["canbo"])
    assert [(a.line.code, a.estimated_million_vnd) for a in year_budget.amounts.all()] == [
        ("9.1", Decimal("25.000"))]


def test_it_lets_a_partner_estimate_a_task_it_joins(seed_plan, users, lines, sources):
    estimate = _estimate(seed_plan, users["doitac"], lines["3.1"], sources["central"], "12")
    assert (estimate.agency.code, estimate.line.code) == ("so-tnmt", "3.1")


def test_it_offers_a_partner_only_the_lines_of_its_tasks(
        seed_plan, users, line_on_no_task):
    doitac, canbo = users["doitac"], users["canbo"]
    partner = estimable_lines(plan=seed_plan, agency_id=doitac.agency_id, user=doitac)
    assert sorted(line.code for line in partner) == ["1.2", "1.3", "1.4", "3.1"]
    officer = estimable_lines(plan=seed_plan, agency_id=canbo.agency_id, user=canbo)
    assert sorted(line.code for line in officer) == [
        "1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "4.1", "5.2", "9.1"]
    assert isinstance(EstimateForm(plan=seed_plan, lines=partner), EstimateForm)


def test_the_estimate_page_refuses_a_line_outside_the_partners_tasks(
        client, users, seed_plan, lines, sources):
    client.force_login(users["doitac"])
    url = reverse("plans:estimates", args=[seed_plan.code, 2018])
    page = client.get(url).content.decode()
    assert f'value="{lines["1.2"].pk}"' in page
    assert f'value="{lines["2.2"].pk}"' not in page
    response = client.post(url, {"line": lines["2.2"].pk, "source": sources["local"].pk,
                                 "amount": "80", "note": ""})
    assert response.status_code == 200
    assert not m.Estimate.objects.exists()
