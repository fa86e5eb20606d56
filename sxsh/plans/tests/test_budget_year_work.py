"""A year's budget as finance and the agencies work it: the year switch that opens on the year
waiting for the user, estimates above the plan, one spending status per line, the appraisal
typed in the table, and the year's budget as XLSX.

The figures are the seed plan's (Appendix II, million VND): line 1.3 (training) plans 80 in
2017 and 2018 and 40 in 2019 and 2020, all from the local budget; the year totals are
315 (2017), 1.375 (2018), 1.365 (2019) and 305 (2020); 2016 has no money at all.
"""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sxsh.core.tests.clock import stopped_at
from sxsh.plans import services
from sxsh.plans.selectors import (
    BudgetYear,
    LineStatus,
    above_plan_message,
    excess,
    spending_status,
    work_year,
    year_execution,
)

pytestmark = [pytest.mark.django_db, stopped_at(2026, 6, 15)]

D = Decimal
TRAINING = ("Tổ chức tập huấn, hội nghị, hội thảo chuyên đề, trao đổi kinh nghiệm về sản xuất "
            "sạch hơn")


# --- The warnings, worked out by hand ----------------------------------------------------


def test_an_estimate_of_45_5_against_a_plan_of_40_is_5_5_above_it():
    assert excess(D("45.5"), D(40)) == D("5.5")
    assert above_plan_message(D("45.5"), D(40)) == (
        "Dự toán vượt kế hoạch 5,5: 45,5 so với 40 theo kế hoạch.")


def test_an_estimate_equal_to_the_plan_or_below_it_is_not_flagged():
    assert excess(D(40), D(40)) is None
    assert excess(D("39.5"), D(40)) is None
    assert excess(None, D(40)) is None
    assert above_plan_message(D(40), D(40)) == ""


def test_spending_45_5_of_40_approved_is_over_spent_and_nothing_else():
    # the year is over and nothing is settled: still only "over-spent", not also "unspent 40"
    status = spending_status(approved_year=True, approved=D(40), used=D("45.5"),
                             settled=D(0), year_over=True)
    assert (status.code, status.tone, status.message) == (
        "over", LineStatus.ERROR, "Chi vượt 5,5: 45,5 so với 40 được duyệt.")


@pytest.mark.parametrize(("approved_year", "used", "settled", "year_over", "expected"), [
    # 30 settled of 40 once the year is over: 10 unspent
    (True, D(30), D(30), True, ("unspent",
                                "Chưa sử dụng hết: 10 trong số kinh phí được duyệt chưa quyết "
                                "toán.")),
    # 30 disbursed of 40 during the year: within
    (True, D(30), D(0), False, ("within", "Trong phạm vi kinh phí được duyệt.")),
    # all 40 settled after the year: within
    (True, D(40), D(40), True, ("within", "Trong phạm vi kinh phí được duyệt.")),
    # 5 committed before any decision
    (False, D(5), D(0), False, ("early", "Chi trước khi dự toán năm được duyệt.")),
])
def test_each_line_has_one_status(approved_year, used, settled, year_over, expected):
    status = spending_status(approved_year=approved_year, approved=D(40), used=used,
                             settled=settled, year_over=year_over)
    assert (status.code, status.message) == expected


def test_a_line_with_nothing_approved_or_spent_has_no_status():
    assert spending_status(approved_year=False, approved=None, used=D(0), settled=D(0),
                           year_over=True) is None


# --- The year switch ---------------------------------------------------------------------


def _years(*waiting: int) -> list[BudgetYear]:
    return [BudgetYear(year=y, status="collecting", waiting=y in waiting)
            for y in range(2016, 2021)]


def test_the_page_opens_on_the_first_year_waiting_from_the_current_year_on():
    # in 2018 the 2019 budget is being prepared; 2017, left behind, is reached by its link
    assert work_year(_years(2017, 2019, 2020), today=dt.date(2018, 10, 1)) == 2019
    assert work_year(_years(2017, 2018, 2019), today=dt.date(2018, 10, 1)) == 2018


def test_after_the_plan_the_page_opens_on_the_earliest_year_still_waiting():
    assert work_year(_years(2019, 2020), today=dt.date(2026, 6, 15)) == 2019


def test_with_nothing_waiting_the_page_opens_on_the_current_year_or_the_nearest():
    assert work_year(_years(), today=dt.date(2018, 6, 1)) == 2018
    assert work_year(_years(), today=dt.date(2026, 6, 15)) == 2020
    assert work_year(_years(), today=dt.date(2015, 1, 1)) == 2016


def _estimate(plan, user, line, source, amount, year=2019):
    return services.estimate_set(plan=plan, year=year, agency=user.agency, line=line,
                                 source=source, amount=D(amount), user=user)


def test_estimates_open_on_the_first_year_with_money_that_still_takes_them(
        client, seed_plan, users, lines, sources):
    client.force_login(users["doitac"])
    url = reverse("plans:estimates_current", args=[seed_plan.code])
    # nothing done yet: 2016 has no money, 2017 is the first year to estimate
    assert client.get(url)["Location"] == reverse("plans:estimates",
                                                  args=[seed_plan.code, 2017])
    for year in (2017, 2018):
        _estimate(seed_plan, users["doitac"], lines["1.3"], sources["local"], 10, year=year)
        services.year_budget_consolidate(plan=seed_plan, year=year, user=users["canbo"])
    assert client.get(url)["Location"] == reverse("plans:estimates",
                                                  args=[seed_plan.code, 2019])


def test_finance_opens_the_budget_on_the_year_waiting_for_its_appraisal(
        client, seed_plan, users, lines, sources):
    _estimate(seed_plan, users["doitac"], lines["1.3"], sources["local"], 10)
    services.year_budget_consolidate(plan=seed_plan, year=2019, user=users["canbo"])
    url = reverse("plans:budget_current", args=[seed_plan.code])
    client.force_login(users["taichinh"])
    assert client.get(url)["Location"] == reverse("plans:budget_year",
                                                  args=[seed_plan.code, 2019])
    # the officer's work is the years still collecting (2017 first) — not 2019
    client.force_login(users["canbo"])
    assert client.get(url)["Location"] == reverse("plans:budget_year",
                                                  args=[seed_plan.code, 2017])
    # the province's leader has no step to take: the plan's year nearest to 2026
    client.force_login(users["lanhdao"])
    assert client.get(url)["Location"] == reverse("plans:budget_year",
                                                  args=[seed_plan.code, 2020])


def test_the_plan_page_links_to_the_year_that_waits_not_to_a_fixed_year(client, seed_plan,
                                                                        users):
    client.force_login(users["canbo"])
    page = client.get(reverse("plans:detail", args=[seed_plan.code])).content.decode()
    assert f'href="/plans/{seed_plan.code}/budget/"' in page
    assert f'href="/plans/{seed_plan.code}/estimates/"' in page


def test_the_estimates_page_links_every_year_of_the_plan_with_its_step(
        client, seed_plan, users, lines, sources):
    _estimate(seed_plan, users["doitac"], lines["1.3"], sources["local"], 10, year=2018)
    services.year_budget_consolidate(plan=seed_plan, year=2018, user=users["canbo"])
    client.force_login(users["doitac"])
    page = client.get(reverse("plans:estimates", args=[seed_plan.code, 2019])).content.decode()
    switch = re.search(r'<nav class="year-switch".*?</nav>', page, re.S).group(0)
    links = re.findall(r'href="/plans/157-kh-ubnd-2016/estimates/(\d+)/"', switch)
    assert links == ["2016", "2017", "2018", "2020"]
    assert '<strong aria-current="page">2019</strong>' in switch
    assert "Đã tổng hợp" in switch  # 2018's step
    # 2017, 2019 and 2020 have money and take estimates: they wait for the agency
    assert switch.count("chờ bạn xử lý") == 3


def test_a_year_no_longer_collecting_shows_no_estimate_form(client, seed_plan, users, lines,
                                                            sources):
    _estimate(seed_plan, users["doitac"], lines["1.3"], sources["local"], 10, year=2018)
    services.year_budget_consolidate(plan=seed_plan, year=2018, user=users["canbo"])
    client.force_login(users["doitac"])
    page = client.get(reverse("plans:estimates", args=[seed_plan.code, 2018])).content.decode()
    assert 'id="estimates-closed"' in page
    assert "Dự toán năm 2018 không còn nhận dự toán của các đơn vị." in page
    assert 'name="amount"' not in page


def test_the_estimates_page_shows_the_plan_beside_an_estimate_above_it(
        client, seed_plan, users, lines, sources):
    _estimate(seed_plan, users["doitac"], lines["1.3"], sources["local"], "45.5")
    client.force_login(users["doitac"])
    page = client.get(reverse("plans:estimates", args=[seed_plan.code, 2019])).content.decode()
    row = re.search(r'<tr data-line="1.3" data-source="local">(.*?)</tr>', page, re.S).group(1)
    cells = re.findall(r'<td class="num">(.*?)</td>', row)
    assert cells == ["40", "45,5"]
    assert "Dự toán vượt kế hoạch 5,5: 45,5 so với 40 theo kế hoạch." in row


# --- A year taken from estimates to spending ------------------------------------------------


@pytest.fixture
def over_2019(seed_plan, users, lines, sources):
    """2019: the environment department estimates 45,5 on 1.3 (local), 40 planned; finance
    appraises 40; the province approves 40 from the local budget; 45,5 is disbursed."""
    _estimate(seed_plan, users["doitac"], lines["1.3"], sources["local"], "45.5")
    year_budget = services.year_budget_consolidate(plan=seed_plan, year=2019,
                                                   user=users["canbo"])
    services.year_budget_appraise(year_budget=year_budget,
                                  appraised={year_budget.amounts.get().pk: D(40)},
                                  user=users["taichinh"])
    services.year_budget_approve(year_budget=year_budget, decision_number="7/QĐ-UBND",
                                 decision_date=dt.date(2019, 1, 15), amounts={"local": D(40)},
                                 user=users["canbo"])
    services.expenditure_record(line=lines["1.3"], year=2019, source=sources["local"],
                                kind="disbursed", amount=D("45.5"), on=dt.date(2019, 6, 1),
                                user=users["taichinh"])
    return year_budget


def test_a_line_estimated_above_its_plan_and_over_spent_says_both_once(seed_plan, users,
                                                                      over_2019):
    execution = year_execution(seed_plan, 2019, user=users["canbo"])
    [row] = [r for r in execution.rows if r.estimated is not None]
    assert (row.line.code, row.planned, row.estimated, row.appraised, row.approved,
            row.disbursed, row.settled) == ("1.3", D(40), D("45.5"), D(40), D(40), D("45.5"),
                                            D(0))
    assert row.above_plan == D("5.5")
    assert row.status.code == "over"
    assert row.warnings == ["Dự toán vượt kế hoạch 5,5: 45,5 so với 40 theo kế hoạch.",
                            "Chi vượt 5,5: 45,5 so với 40 được duyệt."]
    # 45,5 estimated in all against the 1.365 planned for 2019: the year is not above
    assert execution.above_plan is None


def test_the_page_shows_one_status_per_line(client, seed_plan, users, over_2019):
    client.force_login(users["taichinh"])
    page = client.get(reverse("plans:budget_year", args=[seed_plan.code, 2019])
                      ).content.decode()
    row = re.search(r'<tr data-line="1.3" data-source="local" data-status="over">(.*?)</tr>',
                    page, re.S).group(1)
    assert re.findall(r'<span class="badge (\w+) line-status">(.*?)</span>', row) == [
        ("err", "Chi vượt 5,5: 45,5 so với 40 được duyệt.")]
    assert "Chưa sử dụng hết" not in row
    assert "Dự toán vượt kế hoạch 5,5" in row


def test_estimates_above_the_year_plan_are_flagged_with_the_difference(
        client, seed_plan, users, lines, sources):
    # 2017 plans 315 in all, 80 of it on 1.3 (local); an estimate of 400 on 1.3 is 320
    # above the line and 85 above the year
    _estimate(seed_plan, users["doitac"], lines["1.3"], sources["local"], 400, year=2017)
    execution = year_execution(seed_plan, 2017, user=users["canbo"])
    assert execution.above_plan == D(85)
    assert execution.warnings == [
        "Dự toán năm 2017: Dự toán vượt kế hoạch 85: 400 so với 315 theo kế hoạch."]
    client.force_login(users["canbo"])
    page = client.get(reverse("plans:budget_year", args=[seed_plan.code, 2017])
                      ).content.decode()
    total = re.search(r'<tr class="total">(.*?)</tr>', page, re.S).group(1)
    assert "Dự toán vượt kế hoạch 85: 400 so với 315 theo kế hoạch." in total
    assert "Dự toán vượt kế hoạch 320: 400 so với 80 theo kế hoạch." in page


# --- The appraisal in the table --------------------------------------------------------------


@pytest.fixture
def consolidated_2019(seed_plan, users, lines, sources):
    """2019 consolidated: 1.3 local 45,5 and 2.2 central 1.234,5 (the pilot), 4.1 local 20."""
    _estimate(seed_plan, users["doitac"], lines["1.3"], sources["local"], "45.5")
    _estimate(seed_plan, users["canbo"], lines["2.2"], sources["central"], "1234.5")
    _estimate(seed_plan, users["canbo"], lines["4.1"], sources["local"], 20)
    return services.year_budget_consolidate(plan=seed_plan, year=2019, user=users["canbo"])


def _row(page: str, line: str, source: str) -> str:
    return re.search(rf'<tr data-line="{line}" data-source="{source}"[^>]*>(.*?)</tr>', page,
                     re.S).group(1)


def test_finance_types_the_appraisal_in_the_table_beside_plan_and_estimate(
        client, seed_plan, users, consolidated_2019):
    amounts = {(a.line.code, a.source.code): a
               for a in consolidated_2019.amounts.select_related("line", "source")}
    client.force_login(users["taichinh"])
    page = client.get(reverse("plans:budget_year", args=[seed_plan.code, 2019])
                      ).content.decode()
    table = re.search(r'<table class="data execution" id="execution">.*?</table>', page,
                      re.S).group(0)
    training = _row(table, "1.3", "local")
    field = f"apr-amount_{amounts[('1.3', 'local')].pk}"
    assert re.findall(r'<td class="num">([^<]*)</td>', training)[:2] == ["40", "45,5"]
    assert f'name="{field}" value="45,5"' in training
    assert 'inputmode="decimal"' in training
    label = re.search(rf'<label class="visually-hidden" for="id_{field}">(.*?)</label>',
                      training).group(1)
    assert label == (f"Số thẩm định của dòng 1.3. {TRAINING} (40 triệu/lớp) — Ngân sách địa "
                     "phương")
    # twenty is "20" and the pilot's estimate "1.234,5", never "20,000" or "1234,500"
    assert 'value="20"' in _row(table, "4.1", "local")
    assert 'value="1.234,5"' in _row(table, "2.2", "central")
    # no input where nothing was estimated
    assert "<input" not in _row(table, "2.2", "local")


def test_the_appraisal_typed_in_the_table_is_recorded(client, seed_plan, users,
                                                      consolidated_2019):
    amounts = {(a.line.code, a.source.code): a for a in
               consolidated_2019.amounts.select_related("line", "source")}
    client.force_login(users["taichinh"])
    url = reverse("plans:budget_year", args=[seed_plan.code, 2019])
    response = client.post(url, {
        "action": "appraise", f"apr-amount_{amounts[('1.3', 'local')].pk}": "40",
        f"apr-amount_{amounts[('2.2', 'central')].pk}": "1.200",
        f"apr-amount_{amounts[('4.1', 'local')].pk}": "20", "apr-note": "Theo định mức"},
        follow=True)
    assert "Đã ghi kết quả thẩm định" in response.content.decode()
    assert dict(((a.line.code, a.source.code), a.appraised_million_vnd)
                for a in consolidated_2019.amounts.select_related("line", "source")) == {
        ("1.3", "local"): D(40), ("2.2", "central"): D(1200), ("4.1", "local"): D(20)}
    consolidated_2019.refresh_from_db()
    assert consolidated_2019.status == "appraised"


def test_a_wrong_amount_is_shown_on_its_line(client, seed_plan, users, consolidated_2019):
    amount = consolidated_2019.amounts.get(line__code="1.3")
    client.force_login(users["taichinh"])
    url = reverse("plans:budget_year", args=[seed_plan.code, 2019])
    page = client.post(url, {"action": "appraise", f"apr-amount_{amount.pk}": "bốn mươi"}
                       ).content.decode()
    training = _row(page, "1.3", "local")
    assert 'class="errorlist"' in training and 'value="bốn mươi"' in training
    consolidated_2019.refresh_from_db()
    assert consolidated_2019.status == "consolidated"


def test_the_officer_sees_the_amounts_but_no_appraisal_box(client, seed_plan, users,
                                                           consolidated_2019):
    client.force_login(users["canbo"])
    page = client.get(reverse("plans:budget_year", args=[seed_plan.code, 2019])
                      ).content.decode()
    assert 'id="appraisal"' not in page and "apr-amount_" not in page


def test_the_budget_page_for_finance_reads_in_a_fixed_number_of_queries(
        client, seed_plan, users, consolidated_2019, django_assert_num_queries):
    client.force_login(users["taichinh"])
    # session, user, plan, year budget, its amounts, sources; execution: sources, lines,
    # amounts, source amounts, groups, year budget, estimates, its amounts, spending,
    # activities' costs, approvals; history; year switch: steps, years with money;
    # spending list; the spending form's lines and sources (three lines to appraise, and
    # no query for any of them)
    with django_assert_num_queries(23):
        client.get(reverse("plans:budget_year", args=[seed_plan.code, 2019]))


def test_the_redirects_read_in_a_fixed_number_of_queries(client, seed_plan, users,
                                                         django_assert_num_queries):
    client.force_login(users["taichinh"])
    # session, user, plan, steps, years with money
    with django_assert_num_queries(5):
        client.get(reverse("plans:budget_current", args=[seed_plan.code]))
    client.force_login(users["doitac"])
    with django_assert_num_queries(5):
        client.get(reverse("plans:estimates_current", args=[seed_plan.code]))


@pytest.mark.parametrize(("username", "name"), [
    ("doanhnghiep", "plans:budget_current"), ("doitac", "plans:budget_current"),
    ("doanhnghiep", "plans:estimates_current"), ("lanhdao", "plans:estimates_current")])
def test_the_redirects_are_refused_to_whoever_may_not_use_the_page(client, seed_plan, users,
                                                                   username, name):
    client.force_login(users[username])
    assert client.get(reverse(name, args=[seed_plan.code])).status_code == 403


# --- The year's budget as XLSX ---------------------------------------------------------------


def test_the_year_budget_xlsx_has_vietnamese_headers_and_the_figures(
        client, seed_plan, users, over_2019, django_assert_num_queries):
    client.force_login(users["taichinh"])
    url = reverse("plans:budget_year_export", args=[seed_plan.code, 2019])
    # session, user, plan; execution: sources, lines, amounts, source amounts, groups, year
    # budget, estimates, its amounts, approvals, spending, activities' costs; the sources
    # of the total rows
    with django_assert_num_queries(15):
        response = client.get(url)
        content = b"".join(response.streaming_content)
    assert response["Content-Disposition"].endswith('"157-kh-ubnd-2016-thuc-hien-2019.xlsx"')
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(content)).active.rows]
    assert rows[0] == ["TT", "Nội dung", "Nguồn kinh phí", "Mã nguồn", "Kế hoạch", "Dự toán",
                       "Thẩm định", "Đã phê duyệt", "Đã cam kết", "Đã giải ngân",
                       "Đã quyết toán", "Trạng thái"]
    training = next(r for r in rows if r[0] == "1.3")
    assert training == [
        "1.3", TRAINING + " (40 triệu/lớp)", "Ngân sách địa phương", "local", 40, 45.5, 40,
        40, 0, 45.5, 0, "Dự toán vượt kế hoạch 5,5: 45,5 so với 40 theo kế hoạch. "
        "Chi vượt 5,5: 45,5 so với 40 được duyệt."]
    # 2019 plans 1.365 (Appendix II's year split by each line's sources): central 30 (1.2)
    # + 15 (2.1) + 200 (2.2) + 50 (2.4) = 295; local 30 + 40 + 80 + 15 + 300 + 50 + 50 + 5 =
    # 570; enterprise 500 (2.2)
    assert rows[-1][1:11] == ["TỔNG CỘNG", None, None, 1365, 45.5, 40, 40, 0, 45.5, 0]
    local = next(r for r in rows if r[1] == "Tổng" and r[3] == "local")
    assert local[4:11] == [570, 45.5, 40, 40, 0, 45.5, 0]
