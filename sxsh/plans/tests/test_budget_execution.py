"""A year of the seed plan carried out: estimates → consolidation → appraisal → approval,
then spending, with planned vs estimated vs approved vs spent and the warnings."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sxsh.core.audit import history
from sxsh.core.models import Agency
from sxsh.plans import models as m
from sxsh.plans import services
from sxsh.plans.selectors import year_execution

pytestmark = pytest.mark.django_db

D = Decimal


def _estimate(plan, user, line, source, amount):
    return services.estimate_set(plan=plan, year=2018, agency=user.agency, line=line,
                                 source=source, amount=D(amount), user=user)


@pytest.fixture
def approved_2018(seed_plan, users, lines, sources):
    """2018: three agencies estimate, the officer consolidates, finance appraises (cutting
    2.2 local from 300 to 250), the province approves central 230 and local 350."""
    canbo, doitac, tuvan = users["canbo"], users["doitac"], users["tuvan"]
    _estimate(seed_plan, canbo, lines["2.2"], sources["central"], 200)
    _estimate(seed_plan, canbo, lines["2.2"], sources["local"], 300)
    _estimate(seed_plan, doitac, lines["1.2"], sources["central"], 30)
    _estimate(seed_plan, tuvan, lines["2.3"], sources["local"], 100)
    year_budget = services.year_budget_consolidate(plan=seed_plan, year=2018, user=canbo)
    cut = year_budget.amounts.get(line=lines["2.2"], source=sources["local"])
    services.year_budget_appraise(year_budget=year_budget, appraised={cut.pk: D(250)},
                                  user=users["taichinh"])
    services.year_budget_approve(year_budget=year_budget, decision_number="123/QĐ-UBND",
                                 decision_date=dt.date(2018, 3, 1),
                                 amounts={"central": D(230), "local": D(350)}, user=canbo)
    return year_budget


def test_the_budget_moves_through_its_steps_with_a_history(approved_2018):
    approved_2018.refresh_from_db()
    assert approved_2018.status == "approved"
    assert approved_2018.decision_number == "123/QĐ-UBND"
    steps = [(a.action_type, a.data["from"], a.data["to"], a.actor.username)
             for a in history(approved_2018)]
    assert steps == [("plans.budget.consolidated", "collecting", "consolidated", "canbo"),
                     ("plans.budget.appraised", "consolidated", "appraised", "taichinh"),
                     ("plans.budget.approved", "appraised", "approved", "canbo")]
    assert {a.source.code: a.amount_million_vnd for a in approved_2018.approvals.all()} == {
        "central": D(230), "local": D(350)}


def test_consolidation_adds_the_estimates_up_per_line_and_source(approved_2018):
    rows = {(a.line.code, a.source.code): (a.estimated_million_vnd, a.appraised_million_vnd)
            for a in approved_2018.amounts.select_related("line", "source")}
    assert rows == {
        ("2.2", "central"): (D(200), D(200)), ("2.2", "local"): (D(300), D(250)),
        ("1.2", "central"): (D(30), D(30)), ("2.3", "local"): (D(100), D(100)),
    }


def test_planned_estimated_approved_and_spent_side_by_side_with_warnings(
        seed_plan, users, approved_2018, lines, sources):
    taichinh = users["taichinh"]
    services.expenditure_record(line=lines["2.2"], year=2018, source=sources["central"],
                                kind="disbursed", amount=D(220), on=dt.date(2018, 9, 1),
                                user=taichinh)
    services.expenditure_record(line=lines["2.3"], year=2018, source=sources["local"],
                                kind="settled", amount=D(100), on=dt.date(2018, 12, 1),
                                user=taichinh)
    execution = year_execution(seed_plan, 2018, user=users["canbo"],
                               today=dt.date(2019, 6, 1))
    rows = {(r.line.code, r.source.code): r for r in execution.rows}
    pilot = rows[("2.2", "central")]
    # 2018's 1.000 of line 2.2 in the proportion 400 : 600 : 1.000 of its 2.000
    assert (pilot.planned, rows[("2.2", "local")].planned,
            rows[("2.2", "enterprise")].planned) == (D(200), D(300), D(500))
    assert (pilot.estimated, pilot.appraised, pilot.approved, pilot.disbursed) == (
        D(200), D(200), D(200), D(220))
    # 220 disbursed of 200 approved, nothing settled: over-spent, and only that
    assert (pilot.status.code, pilot.warnings) == (
        "over", ["Chi vượt 20: 220 so với 200 được duyệt."])
    assert rows[("2.3", "local")].warnings == []
    assert rows[("2.2", "local")].warnings == [
        "Chưa sử dụng hết: 250 trong số kinh phí được duyệt chưa quyết toán."]
    # central: 220 spent against 230 approved; local: 100 against 350
    assert [(s.code, a, u) for s, a, u in execution.approvals] == [
        ("central", D(230), D(220)), ("local", D(350), D(100)), ("enterprise", None, D(0))]
    assert execution.warnings == []
    # planned 2018 is the printed year total 1.375
    assert execution.totals["planned"] == D(1375)


def test_spending_beyond_a_source_approval_is_flagged(seed_plan, users, approved_2018,
                                                      lines, sources):
    services.expenditure_record(line=lines["1.2"], year=2018, source=sources["central"],
                                kind="committed", amount=D(31), on=dt.date(2018, 5, 1),
                                user=users["canbo"])
    services.expenditure_record(line=lines["2.2"], year=2018, source=sources["central"],
                                kind="disbursed", amount=D(200), on=dt.date(2018, 9, 1),
                                user=users["canbo"])
    execution = year_execution(seed_plan, 2018, user=users["canbo"],
                               today=dt.date(2018, 10, 1))
    # central: 31 + 200 = 231 against the decision's 230
    assert execution.warnings == [
        "Ngân sách TW: đã chi 231 so với 230 được duyệt theo quyết định."]


def test_money_spent_before_approval_is_flagged(seed_plan, users, lines, sources):
    services.expenditure_record(line=lines["1.1"], year=2017, source=sources["local"],
                                kind="committed", amount=D(10), on=dt.date(2017, 2, 1),
                                user=users["canbo"])
    row = next(r for r in year_execution(seed_plan, 2017, user=users["canbo"]).rows
               if r.line.code == "1.1" and r.source.code == "local")
    assert row.warnings == ["Chi trước khi dự toán năm được duyệt."]


def test_a_partner_enters_estimates_only_for_its_own_agency(seed_plan, users, lines, sources):
    other = Agency.objects.get(code="so-khcn")
    with pytest.raises(PermissionDenied):
        services.estimate_set(plan=seed_plan, year=2018, agency=other, line=lines["1.2"],
                              source=sources["central"], amount=D(1), user=users["doitac"])


def test_only_finance_appraises_and_only_the_officer_records_the_decision(
        seed_plan, users, lines, sources):
    _estimate(seed_plan, users["canbo"], lines["1.1"], sources["local"], 30)
    year_budget = services.year_budget_consolidate(plan=seed_plan, year=2018,
                                                   user=users["canbo"])
    with pytest.raises(PermissionDenied):
        services.year_budget_appraise(year_budget=year_budget, appraised={},
                                      user=users["canbo"])
    with pytest.raises(ValidationError):  # not appraised yet
        services.year_budget_approve(year_budget=year_budget, decision_number="1",
                                     decision_date=dt.date(2018, 1, 1), amounts={},
                                     user=users["canbo"])
    with pytest.raises(PermissionDenied):
        services.year_budget_return(year_budget=year_budget, note="x", user=users["doitac"])


def test_finance_returns_a_budget_and_estimates_reopen(seed_plan, users, lines, sources):
    _estimate(seed_plan, users["canbo"], lines["1.1"], sources["local"], 30)
    year_budget = services.year_budget_consolidate(plan=seed_plan, year=2018,
                                                   user=users["canbo"])
    with pytest.raises(ValidationError):
        _estimate(seed_plan, users["canbo"], lines["1.1"], sources["local"], 40)
    with pytest.raises(ValidationError):
        services.year_budget_return(year_budget=year_budget, note=" ", user=users["taichinh"])
    services.year_budget_return(year_budget=year_budget, note="Thiếu thuyết minh",
                                user=users["taichinh"])
    _estimate(seed_plan, users["canbo"], lines["1.1"], sources["local"], 40)
    assert m.Estimate.objects.get(line=lines["1.1"]).amount_million_vnd == D(40)


def test_a_year_outside_the_plan_or_a_negative_amount_is_refused(seed_plan, users, lines,
                                                                 sources):
    with pytest.raises(ValidationError, match="nằm ngoài giai đoạn"):
        services.expenditure_record(line=lines["1.1"], year=2021, source=sources["local"],
                                    kind="settled", amount=D(1), on=dt.date(2021, 1, 1),
                                    user=users["canbo"])
    with pytest.raises(ValidationError):
        services.expenditure_record(line=lines["1.1"], year=2018, source=sources["local"],
                                    kind="settled", amount=D(0), on=dt.date(2018, 1, 1),
                                    user=users["canbo"])
    assert not m.Expenditure.objects.exists()


# --- pages --------------------------------------------------------------------------


def test_the_budget_page_shows_the_year_to_finance(client, users, approved_2018, seed_plan,
                                                   django_assert_max_num_queries):
    client.force_login(users["taichinh"])
    url = reverse("plans:budget_year", args=[seed_plan.code, 2018])
    with django_assert_max_num_queries(23):
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Quyết định 123/QĐ-UBND ngày 01/03/2018" in page
    assert 'data-line="2.2" data-source="central"' in page


def test_the_budget_page_reads_in_a_fixed_number_of_queries(client, users, approved_2018,
                                                            seed_plan,
                                                            django_assert_num_queries):
    client.force_login(users["lanhdao"])
    # session, user, plan, year budget, its amounts, sources; execution: sources, lines,
    # amounts, source amounts, groups, year budget, estimates, its amounts, spending,
    # activities' costs, approvals; history; year switch: steps, years with money;
    # spending list
    with django_assert_num_queries(21):
        client.get(reverse("plans:budget_year", args=[seed_plan.code, 2018]))


def test_the_officer_consolidates_from_the_page(client, users, seed_plan, lines, sources):
    _estimate(seed_plan, users["doitac"], lines["1.2"], sources["central"], 30)
    client.force_login(users["canbo"])
    url = reverse("plans:budget_year", args=[seed_plan.code, 2018])
    response = client.post(url, {"action": "consolidate"}, follow=True)
    assert "Đã tổng hợp dự toán" in response.content.decode()
    assert m.YearBudget.objects.get(year=2018).status == "consolidated"


def test_a_bad_step_gives_a_message_not_an_error(client, users, seed_plan):
    client.force_login(users["canbo"])
    url = reverse("plans:budget_year", args=[seed_plan.code, 2018])
    response = client.post(url, {"action": "consolidate"}, follow=True)
    assert response.status_code == 200
    assert "Chưa có dự toán nào cho năm 2018." in response.content.decode()


@pytest.mark.parametrize("username", ["doitac", "doanhnghiep", "diaphuong", "tuvan"])
def test_the_budget_page_is_refused_to_other_roles(client, users, seed_plan, username):
    client.force_login(users[username])
    url = reverse("plans:budget_year", args=[seed_plan.code, 2018])
    assert client.get(url).status_code == 403


def test_a_year_outside_the_plan_is_404(client, users, seed_plan):
    client.force_login(users["canbo"])
    assert client.get(reverse("plans:budget_year", args=[seed_plan.code, 2015])
                      ).status_code == 404


def test_a_partner_sees_only_its_own_estimates(client, users, seed_plan, lines, sources):
    _estimate(seed_plan, users["doitac"], lines["1.2"], sources["central"], 30)
    _estimate(seed_plan, users["tuvan"], lines["2.3"], sources["local"], 100)
    client.force_login(users["doitac"])
    url = reverse("plans:estimates", args=[seed_plan.code, 2018])
    page = client.get(url).content.decode()
    assert "Sở TN&amp;MT" in page and "TT Khuyến công" not in page
    response = client.post(url, {"line": lines["1.3"].pk, "source": sources["local"].pk,
                                 "amount": "80", "note": ""}, follow=True)
    assert "Đã lưu dự toán" in response.content.decode()
    assert m.Estimate.objects.filter(agency__code="so-tnmt").count() == 2


def test_an_enterprise_cannot_enter_estimates(client, users, seed_plan):
    client.force_login(users["doanhnghiep"])
    assert client.get(reverse("plans:estimates", args=[seed_plan.code, 2018])
                      ).status_code == 403


def test_finance_appraises_and_the_officer_approves_through_the_page(
        client, users, seed_plan, lines, sources):
    _estimate(seed_plan, users["canbo"], lines["1.1"], sources["local"], 30)
    year_budget = services.year_budget_consolidate(plan=seed_plan, year=2018,
                                                   user=users["canbo"])
    amount = year_budget.amounts.get()
    url = reverse("plans:budget_year", args=[seed_plan.code, 2018])
    client.force_login(users["taichinh"])
    page = client.get(url).content.decode()
    assert f'name="apr-amount_{amount.pk}"' in page
    response = client.post(url, {"action": "appraise", f"apr-amount_{amount.pk}": "25",
                                 "apr-note": "Giảm theo định mức"}, follow=True)
    assert "Đã ghi kết quả thẩm định" in response.content.decode()
    client.force_login(users["canbo"])
    response = client.post(url, {"action": "approve", "app-decision_number": "45/QĐ-UBND",
                                 "app-decision_date": "15/03/2018", "app-source_local": "25"},
                           follow=True)
    assert "Đã ghi quyết định phê duyệt" in response.content.decode()
    year_budget.refresh_from_db()
    assert (year_budget.status, year_budget.decision_date) == ("approved", dt.date(2018, 3, 15))
    assert year_budget.approvals.get().amount_million_vnd == D(25)
    response = client.post(url, {"action": "expenditure", "exp-line": lines["1.1"].pk,
                                 "exp-source": sources["local"].pk, "exp-kind": "settled",
                                 "exp-amount": "25", "exp-on": "20/12/2018",
                                 "exp-reference": "UNC 12", "exp-note": ""}, follow=True)
    assert "Đã ghi khoản chi" in response.content.decode()
    assert m.Expenditure.objects.get().reference == "UNC 12"


def test_a_viewer_cannot_take_a_step(client, users, seed_plan, lines, sources):
    _estimate(seed_plan, users["canbo"], lines["1.1"], sources["local"], 30)
    client.force_login(users["lanhdao"])
    url = reverse("plans:budget_year", args=[seed_plan.code, 2018])
    assert client.post(url, {"action": "consolidate"}).status_code == 403
    assert not m.YearBudget.objects.filter(status="consolidated").exists()


def test_the_estimates_page_reads_in_a_fixed_number_of_queries(
        client, users, seed_plan, lines, sources, django_assert_num_queries):
    _estimate(seed_plan, users["doitac"], lines["1.2"], sources["central"], 30)
    client.force_login(users["doitac"])
    # session, user, agency, plan, form choices (lines, sources), count, page; the plan's
    # budget for the planned column (sources, lines, amounts, source amounts, groups); year
    # switch: steps, years with money
    with django_assert_num_queries(15):
        client.get(reverse("plans:estimates", args=[seed_plan.code, 2018]))


def test_the_year_execution_counts_only_the_budget_work_the_user_may_read(
        seed_plan, users, approved_2018):
    # The officer reads the approved 2018 budget; a partner agency reads no yearly budget,
    # and of the estimates only its own: 30 on line 1.2 from the central budget.
    assert year_execution(seed_plan, 2018, user=users["canbo"]).year_budget == approved_2018
    execution = year_execution(seed_plan, 2018, user=users["doitac"])
    assert execution.year_budget is None
    assert {(r.line.code, r.source.code): r.estimated for r in execution.rows
            if r.estimated is not None} == {("1.2", "central"): D(30)}
    assert year_execution(seed_plan, 2018, user=users["doanhnghiep"]).totals["estimated"] is None
