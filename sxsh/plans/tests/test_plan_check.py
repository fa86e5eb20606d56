"""The consistency checker: every real finding in the seed plan, pinned one by one."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from sxsh.plans.checks import plan_findings
from sxsh.plans.planfile import parse_plan_text
from sxsh.plans.services import plan_load

from .conftest import SEED_FILE

pytestmark = pytest.mark.django_db


def _by(findings, kind, code=None):
    found = [f for f in findings if f.kind == kind and (code is None or code in f.task_codes)]
    assert len(found) == 1, (kind, code, findings)
    return found[0]


@pytest.fixture
def findings(seed_plan):
    return plan_findings(seed_plan)


def test_the_seed_has_exactly_the_findings_listed_in_the_format_documentation(findings):
    assert sorted((f.kind, tuple(f.task_codes)) for f in findings) == sorted([
        ("timeframe", ("1.2",)), ("timeframe", ("1.4",)), ("timeframe", ("4.1",)),
        ("task_without_budget", ("3.1",)), ("task_without_budget", ("5.1",)),
        ("numbering", ("3.2",)), ("text_quantity", ("2.3",)), ("text_quantity", ("2.4",)),
        ("content_differs", ("2.2",)), ("missing_field", ("2.4",)),
    ])


def test_the_sums_of_the_seed_agree_with_its_stated_totals(findings):
    # 315 + 1.375 + 1.365 + 305 = 3.360 = 700 + 1.660 + 1.000; every row adds up.
    assert not [f for f in findings if f.kind in ("row_sum_years", "row_sum_sources",
                                                  "column_sum", "unit_cost")]


def test_task_1_2_runs_to_2020_but_has_no_budget_in_2020(findings):
    finding = _by(findings, "timeframe", "1.2")
    assert finding.severity == "warning"
    assert finding.message == (
        "Nhiệm vụ 1.2: Phụ lục I ghi thời gian thực hiện 2017–2020, nhưng không có kinh phí "
        "năm 2020 (Phụ lục II bố trí kinh phí 2017–2019).")


def test_task_1_4_is_timed_2018_but_budgeted_in_2019(findings):
    finding = _by(findings, "timeframe", "1.4")
    assert "thời gian thực hiện 2018" in finding.message
    assert "bố trí kinh phí năm 2019, ngoài thời gian thực hiện" in finding.message
    assert "không có kinh phí năm 2018" in finding.message


def test_task_4_1_is_timed_2017_2018_but_budgeted_2017_2020(findings):
    finding = _by(findings, "timeframe", "4.1")
    assert "thời gian thực hiện 2017–2018" in finding.message
    assert "bố trí kinh phí năm 2019–2020, ngoài thời gian thực hiện" in finding.message


def test_the_network_task_3_1_and_task_5_1_have_no_budget(findings):
    assert _by(findings, "task_without_budget", "3.1").message.startswith(
        "Nhiệm vụ 3.1 (Xây dựng mạng lưới hỗ trợ")
    assert "2016" in _by(findings, "task_without_budget", "5.1").message


def test_study_tours_are_3_2_in_appendix_i_but_3_1_in_appendix_ii(findings):
    finding = _by(findings, "numbering", "3.2")
    assert finding.message.endswith("được đánh số 3.2 ở Phụ lục I nhưng 3.1 ở Phụ lục II.")


def test_the_text_asks_5_quick_assessments_each_year_but_the_budget_has_5_in_all(findings):
    finding = _by(findings, "text_quantity", "2.3")
    assert finding.message == (
        "Mục II.2.d nêu hằng năm ít nhất 5 doanh nghiệp (nhiệm vụ 2.3), nhưng Phụ lục II "
        "bố trí 2017: 1, 2018: 2, 2019: 1, 2020: 1 — tổng cộng 5 trong 2017–2020.")


def test_the_text_asks_3_detailed_assessments_each_year_but_the_budget_has_3_in_all(findings):
    finding = _by(findings, "text_quantity", "2.4")
    assert "Mục II.2.e" in finding.message
    assert "2018: 1, 2019: 1, 2020: 1 — tổng cộng 3 trong 2018–2020" in finding.message


def test_the_quantities_in_appendix_i_agree_with_appendix_ii(findings):
    # (01-02 mô hình): 2 projects; (05 doanh nghiệp): 1+2+1+1; (03 doanh nghiệp): 1+1+1.
    assert not [f for f in findings
                if f.kind == "text_quantity" and f.message.startswith("Phụ lục I,")]


def test_pilot_models_are_worded_differently_in_the_two_appendices(findings):
    finding = _by(findings, "content_differs", "2.2")
    assert finding.severity == "info"


def test_task_2_4_has_no_expected_result(findings):
    assert _by(findings, "missing_field", "2.4").severity == "info"


def test_a_changed_figure_breaks_the_row_and_column_sums(seed_plan):
    text = SEED_FILE.read_text(encoding="utf-8").replace(
        "        2017: {qty: 1, amount: 15}", "        2017: {qty: 1, amount: 20}")
    plan_load(spec=parse_plan_text(text), user=None)
    findings = plan_findings(seed_plan)
    row = _by(findings, "row_sum_years", "4.1")
    assert row.severity == "error"
    # 20 + 5 + 5 + 5 = 35 against the printed 30
    assert "35" in row.message and "30" in row.message
    columns = [f.message for f in findings if f.kind == "column_sum"]
    # 2017 now adds up to 320 against 315; the grand total keeps the printed line totals.
    assert len(columns) == 1 and "320" in columns[0] and "315" in columns[0]


def test_the_second_plan_has_its_own_findings(second_plan):
    findings = plan_findings(second_plan)
    kinds = sorted((f.kind, tuple(f.task_codes), f.severity) for f in findings)
    assert kinds == sorted([
        # B.1: 150,5 + 50 = 200,5 against the printed 200; sources 0 + 100 + 100,5 = 200,5
        ("row_sum_years", ("B.1",), "error"), ("row_sum_sources", ("B.1",), "error"),
        # A.1 2023: 2 × 20 = 40, printed 45
        ("unit_cost", ("A.1",), "error"),
        # local: 90 + 100 + 12 = 202, stated 200
        ("column_sum", (), "error"),
        ("timeframe", ("A.1",), "warning"), ("timeframe", ("B.1",), "warning"),
        ("line_without_task", (), "warning"), ("text_quantity", ("B.1",), "warning"),
    ])
    unit_cost = _by(findings, "unit_cost", "A.1")
    assert unit_cost.message == (
        "Dòng kinh phí A.1, năm 2023: 2 × 20 triệu đồng là 40, không phải 45 như đã ghi.")
    assert "200,5" in _by(findings, "row_sum_years", "B.1").message


def test_the_command_prints_findings_as_json(seed_plan):
    out = StringIO()
    call_command("plan-check", "157/KH-UBND", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert len(data) == 10
    assert set(data[0]) == {"kind", "severity", "task_codes", "message", "kind_label",
                            "severity_label"}
    numbering = next(f for f in data if f["kind"] == "numbering")
    assert (numbering["kind_label"], numbering["severity_label"]) == (
        "Số thứ tự giữa các phụ lục", "Cảnh báo")
    assert {"kind": "numbering", "severity": "warning", "task_codes": ["3.2"]}.items() <= next(
        f for f in data if f["kind"] == "numbering").items()


def test_the_command_prints_findings_as_text(seed_plan):
    out = StringIO()
    call_command("plan-check", "157-kh-ubnd-2016", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[-1] == "10 phát hiện."
    assert any(line.startswith(
        "[Cảnh báo] Thời gian thực hiện và năm bố trí kinh phí (1.4): Nhiệm vụ 1.4")
        for line in lines)
    assert not [line for line in lines if "timeframe" in line or "[warning]" in line]


def test_the_checker_reads_the_plan_in_a_fixed_number_of_queries(
        seed_plan, django_assert_num_queries):
    # budget (5), tasks, stated totals, text quantities
    with django_assert_num_queries(8):
        plan_findings(seed_plan)
