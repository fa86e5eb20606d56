"""The province's decision approves an amount per source; each line's approved amount is
its share of that amount, and the line warnings and totals use it."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from sxsh.plans import models as m
from sxsh.plans import services
from sxsh.plans.selectors import approved_by_line, year_execution

pytestmark = pytest.mark.django_db

D = Decimal


def _approve(plan, users, estimates, appraised, decided):
    """doitac estimates {line: local amount}; canbo consolidates; taichinh appraises
    {line: amount}; canbo records decision 9/QĐ of 20/12/2017 with ``decided``."""
    doitac, canbo = users["doitac"], users["canbo"]
    lines = {line.code: line for line in plan.budget_lines.all()}
    local = plan.funding_sources.get(code="local")
    for code, amount in estimates.items():
        services.estimate_set(plan=plan, year=2018, agency=doitac.agency, line=lines[code],
                              source=local, amount=D(amount), user=doitac)
    year_budget = services.year_budget_consolidate(plan=plan, year=2018, user=canbo)
    services.year_budget_appraise(
        year_budget=year_budget,
        appraised={year_budget.amounts.get(line=lines[code]).pk: D(amount)
                   for code, amount in appraised.items()},
        user=users["taichinh"])
    services.year_budget_approve(year_budget=year_budget, decision_number="9/QĐ",
                                 decision_date=dt.date(2017, 12, 20), amounts=decided,
                                 user=canbo)
    return year_budget


def _approved_cells(page: str) -> dict[str, str]:
    """The "Approved" column (7th cell) of the execution table's local rows, and the total."""
    cells = {}
    for code, row in re.findall(r'<tr data-line="([\d.]+)" data-source="local"[^>]*>(.*?)</tr>',
                                page, re.S):
        cells[code] = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[6]
    total = re.search(r'<tr class="total">(.*?)</tr>', page, re.S).group(1)
    cells["total"] = re.findall(r"<td[^>]*>(.*?)</td>", total, re.S)[6]
    return cells


def test_the_line_approved_amounts_share_the_decision_not_the_appraisal(
        client, seed_plan, users, lines, sources):
    # estimated 80 + 30, appraised 50 + 50 = 100, decided 60 from the local budget:
    # each line is approved 50 × 60 / 100 = 30, total 60 as in the decision
    _approve(seed_plan, users, {"1.3": 80, "1.4": 30}, {"1.3": 50, "1.4": 50},
             {"local": D(60)})
    client.force_login(users["canbo"])
    page = client.get(reverse("plans:budget_year", args=[seed_plan.code, 2018])
                      ).content.decode()
    cells = _approved_cells(page)
    assert (cells["1.3"], cells["1.4"], cells["total"]) == ("30", "30", "60")
    assert 'id="approved-rule"' in page
    assert "số được duyệt của dòng bằng số thẩm định" in page


def test_the_warnings_use_the_approved_share(seed_plan, users, lines, sources):
    _approve(seed_plan, users, {"1.3": 80, "1.4": 30}, {"1.3": 50, "1.4": 50},
             {"local": D(60)})
    services.expenditure_record(line=lines["1.3"], year=2018, source=sources["local"],
                                kind="disbursed", amount=D(40), on=dt.date(2018, 6, 1),
                                user=users["taichinh"])
    rows = {r.line.code: r for r in year_execution(seed_plan, 2018, user=users["canbo"],
                                                   today=dt.date(2019, 6, 1)).rows
            if r.source.code == "local"}
    # 1.3: 40 spent against its 30 approved (under its 50 appraised): over-spent by 10, and
    # not also "unspent" although nothing is settled.
    # 1.4: nothing spent, 30 approved left unsettled (not the 50 appraised); its estimate of
    # 30 asks for a year the plan gives it nothing (1.4 is planned in 2019 only)
    assert rows["1.3"].warnings == ["Chi vượt 10: 40 so với 30 được duyệt."]
    assert rows["1.4"].warnings == [
        "Dự toán vượt kế hoạch 30: 30 so với 0 theo kế hoạch.",
        "Chưa sử dụng hết: 30 trong số kinh phí được duyệt chưa quyết toán."]


def test_the_line_amounts_add_up_to_the_decided_source_total(seed_plan, users):
    # appraised 30 + 30 + 50 = 110, decided 10: 30 × 10 / 110 = 2,7272… → 2,727 twice,
    # 50 × 10 / 110 = 4,5454… → 4,545; sum 9,999, the 0,001 left goes to the largest line
    _approve(seed_plan, users, {"1.3": 30, "1.4": 30, "3.1": 50}, {}, {"local": D(10)})
    execution = year_execution(seed_plan, 2018, user=users["canbo"])
    approved = {r.line.code: r.approved for r in execution.rows if r.source.code == "local"
                and r.appraised}
    assert approved == {"1.3": D("2.727"), "1.4": D("2.727"), "3.1": D("4.546")}
    assert sum(approved.values()) == D(10)
    assert execution.totals["approved"] == D(10)


def test_the_rounding_remainder_goes_to_the_largest_line():
    # appraised 3, 3, 5 = 11, decided 1: 0,2727… → 0,273 twice, 0,4545… → 0,455; sum 1,001,
    # so the largest line gives back 0,001 → 0,454
    shares = approved_by_line({(1, 7): D(3), (2, 7): D(3), (3, 7): D(5)}, {7: D(1)})
    assert shares == {(1, 7): D("0.273"), (2, 7): D("0.273"), (3, 7): D("0.454")}
    assert sum(shares.values()) == D(1)


def test_a_source_the_decision_leaves_out_has_nothing_approved_per_line():
    assert approved_by_line({(1, 7): D(3), (1, 8): D(2)}, {7: D(6)}) == {
        (1, 7): D(6), (1, 8): D(0)}


def test_a_decided_source_with_nothing_appraised_approves_nothing_per_line_and_says_so(
        seed_plan, users):
    # 1.3 local estimated 20, cut to 0 by finance; the decision still approves 5
    _approve(seed_plan, users, {"1.3": 20}, {"1.3": 0}, {"local": D(5)})
    execution = year_execution(seed_plan, 2018, user=users["canbo"])
    row = next(r for r in execution.rows if r.line.code == "1.3" and r.source.code == "local")
    assert (row.appraised, row.approved) == (D(0), D(0))
    assert execution.warnings == [
        "Ngân sách địa phương: quyết định duyệt 5 nhưng nguồn này không có khoản nào được "
        "thẩm định, nên không dòng nào có số được duyệt."]


def test_before_the_decision_no_line_shows_an_approved_amount(seed_plan, users, lines,
                                                              sources):
    services.estimate_set(plan=seed_plan, year=2018, agency=users["doitac"].agency,
                          line=lines["1.3"], source=sources["local"], amount=D(80),
                          user=users["doitac"])
    services.year_budget_consolidate(plan=seed_plan, year=2018, user=users["canbo"])
    execution = year_execution(seed_plan, 2018, user=users["canbo"])
    assert execution.totals["approved"] is None
    assert m.YearBudget.objects.get(year=2018).status == "consolidated"


# --- Money typed as the Vietnamese UI writes it -----------------------------------------


def test_an_estimate_of_1_500_is_one_thousand_five_hundred_million(client, seed_plan, users,
                                                                   lines, sources):
    client.force_login(users["doitac"])
    url = reverse("plans:estimates", args=[seed_plan.code, 2018])
    page = client.get(url).content.decode()
    assert 'type="number"' not in page
    client.post(url, {"line": lines["1.3"].pk, "source": sources["local"].pk,
                      "amount": "1.500", "note": ""})
    client.post(url, {"line": lines["1.4"].pk, "source": sources["local"].pk,
                      "amount": "12,5", "note": ""})
    amounts = dict(m.Estimate.objects.values_list("line__code", "amount_million_vnd"))
    assert amounts == {"1.3": D(1500), "1.4": D("12.5")}


def test_appraisal_decision_and_spending_take_vietnamese_numbers(client, seed_plan, users,
                                                                 lines, sources):
    services.estimate_set(plan=seed_plan, year=2018, agency=users["doitac"].agency,
                          line=lines["1.3"], source=sources["local"], amount=D(2000),
                          user=users["doitac"])
    year_budget = services.year_budget_consolidate(plan=seed_plan, year=2018,
                                                   user=users["canbo"])
    amount = year_budget.amounts.get()
    url = reverse("plans:budget_year", args=[seed_plan.code, 2018])
    client.force_login(users["taichinh"])
    client.post(url, {"action": "appraise", f"apr-amount_{amount.pk}": "1.500",
                      "apr-note": ""})
    amount.refresh_from_db()
    assert amount.appraised_million_vnd == D(1500)
    client.force_login(users["canbo"])
    client.post(url, {"action": "approve", "app-decision_number": "9/QĐ",
                      "app-decision_date": "20/12/2017", "app-source_local": "1.234,5"})
    assert year_budget.approvals.get().amount_million_vnd == D("1234.5")
    client.post(url, {"action": "expenditure", "exp-line": lines["1.3"].pk,
                      "exp-source": sources["local"].pk, "exp-kind": "committed",
                      "exp-amount": "12,5", "exp-on": "01/03/2018", "exp-reference": "",
                      "exp-note": ""})
    assert m.Expenditure.objects.get().amount_million_vnd == D("12.5")
