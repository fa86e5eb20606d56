"""The province's decision and the spending must be plausible: an approved amount, and
dates that fall within the plan and the budget year, never in the future."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sxsh.core.tests.clock import stopped_at
from sxsh.plans import models as m
from sxsh.plans import services

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def appraised_2020(seed_plan, users):
    """2020: the officer estimates 30 on line 1.1 from the local budget, consolidates,
    finance appraises it unchanged."""
    canbo = users["canbo"]
    services.estimate_set(plan=seed_plan, year=2020, agency=canbo.agency,
                          line=seed_plan.budget_lines.get(code="1.1"),
                          source=seed_plan.funding_sources.get(code="local"), amount=D(30),
                          user=canbo)
    year_budget = services.year_budget_consolidate(plan=seed_plan, year=2020, user=canbo)
    return services.year_budget_appraise(year_budget=year_budget, appraised={},
                                         user=users["taichinh"])


def _approve(year_budget, user, *, on, amounts):
    return services.year_budget_approve(year_budget=year_budget, decision_number="12/QĐ",
                                        decision_date=on, amounts=amounts, user=user)


def _still_appraised(year_budget) -> None:
    year_budget.refresh_from_db()
    assert (year_budget.status, year_budget.decision_number, year_budget.decision_date) == (
        "appraised", "", None)
    assert not year_budget.approvals.exists()


def test_a_decision_without_any_amount_is_refused(appraised_2020, users):
    with pytest.raises(ValidationError, match="ít nhất một nguồn vốn"):
        _approve(appraised_2020, users["canbo"], on=dt.date(2020, 3, 1), amounts={})
    _still_appraised(appraised_2020)


def test_a_decision_of_zero_from_one_source_is_an_amount(appraised_2020, users):
    _approve(appraised_2020, users["canbo"], on=dt.date(2020, 3, 1),
             amounts={"local": D(0), "central": None})
    assert {a.source.code: a.amount_million_vnd for a in appraised_2020.approvals.all()} == {
        "local": D(0)}


@pytest.mark.parametrize("day, message", [
    # the plan was issued on 31/10/2016
    (dt.date(1900, 1, 1), "Ngày quyết định không thể trước ngày ban hành kế hoạch (31/10/2016)."),
    # the 2020 budget is decided from 01/01/2019 on
    (dt.date(2018, 12, 31),
     "Quyết định phê duyệt dự toán năm 2020 không thể có ngày trước 01/01/2019."),
])
def test_a_decision_dated_implausibly_early_is_refused(appraised_2020, users, day, message):
    with pytest.raises(ValidationError) as info:
        _approve(appraised_2020, users["canbo"], on=day, amounts={"local": D(30)})
    assert info.value.messages == [message]
    _still_appraised(appraised_2020)


@stopped_at(2026, 6, 15)
def test_a_decision_dated_in_the_future_is_refused(appraised_2020, users):
    with pytest.raises(ValidationError) as info:
        _approve(appraised_2020, users["canbo"], on=dt.date(2026, 6, 16),
                 amounts={"local": D(30)})
    assert info.value.messages == ["Ngày quyết định không thể ở tương lai."]
    _still_appraised(appraised_2020)


def test_a_decision_late_in_the_year_before_is_accepted(appraised_2020, users):
    _approve(appraised_2020, users["canbo"], on=dt.date(2019, 1, 1), amounts={"local": D(30)})
    assert appraised_2020.status == "approved"


def test_the_reviewers_empty_decision_of_1900_is_refused_on_the_page(client, users, seed_plan,
                                                                     appraised_2020):
    client.force_login(users["canbo"])
    url = reverse("plans:budget_year", args=[seed_plan.code, 2020])
    response = client.post(url, {"action": "approve", "app-decision_number": "12/QD",
                                 "app-decision_date": "1900-01-01"}, follow=True)
    assert response.status_code == 200
    assert "trước ngày ban hành kế hoạch (31/10/2016)" in response.content.decode()
    response = client.post(url, {"action": "approve", "app-decision_number": "12/QD",
                                 "app-decision_date": "01/03/2020"}, follow=True)
    assert "ít nhất một nguồn vốn" in response.content.decode()
    _still_appraised(appraised_2020)


# --- spending -------------------------------------------------------------------------


def _spend(plan, user, *, year, on):
    return services.expenditure_record(
        line=plan.budget_lines.get(code="1.1"), year=year,
        source=plan.funding_sources.get(code="local"), kind="settled", amount=D(5), on=on,
        user=user)


OUTSIDE_2020 = "Khoản chi của dự toán năm 2020 phải có ngày từ 01/01/2020 đến 31/12/2021."


@stopped_at(2026, 6, 15)
@pytest.mark.parametrize(("day", "message"), [
    (dt.date(1999, 1, 1), OUTSIDE_2020),
    (dt.date(2019, 12, 31), OUTSIDE_2020),
    (dt.date(2022, 1, 1), OUTSIDE_2020),
    # after today (15/06/2026): the future is named first
    (dt.date(2035, 1, 1), "Ngày chi không thể ở tương lai."),
])
def test_an_expenditure_dated_outside_its_year_and_the_next_is_refused(seed_plan, users, day,
                                                                       message):
    # the 2020 budget is spent from 01/01/2020 and settled until 31/12/2021
    with pytest.raises(ValidationError) as info:
        _spend(seed_plan, users["taichinh"], year=2020, on=day)
    assert info.value.messages == [message]
    assert not m.Expenditure.objects.exists()


@pytest.mark.parametrize("day", [dt.date(2020, 1, 1), dt.date(2021, 12, 31)])
def test_an_expenditure_on_the_edges_of_its_window_is_accepted(seed_plan, users, day):
    assert _spend(seed_plan, users["taichinh"], year=2020, on=day).on == day


@stopped_at(2026, 6, 15)
def test_an_expenditure_dated_in_the_future_is_refused(seed_plan, users):
    with pytest.raises(ValidationError) as info:
        _spend(seed_plan, users["canbo"], year=2020, on=dt.date(2026, 6, 16))
    assert info.value.messages == ["Ngày chi không thể ở tương lai."]
    assert not m.Expenditure.objects.exists()


def test_an_expenditure_of_1999_through_the_page_gives_a_message(client, users, seed_plan):
    client.force_login(users["taichinh"])
    url = reverse("plans:budget_year", args=[seed_plan.code, 2020])
    response = client.post(url, {
        "action": "expenditure", "exp-line": seed_plan.budget_lines.get(code="1.1").pk,
        "exp-source": seed_plan.funding_sources.get(code="local").pk, "exp-kind": "settled",
        "exp-amount": "5", "exp-on": "01/01/1999", "exp-reference": "", "exp-note": ""},
        follow=True)
    assert response.status_code == 200
    assert "phải có ngày từ 01/01/2020 đến 31/12/2021" in response.content.decode()
    assert not m.Expenditure.objects.exists()
