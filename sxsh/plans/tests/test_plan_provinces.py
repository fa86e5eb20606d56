"""Plans bound to their province: agencies named within it, the document type, a budget
not yet known, an empty plan."""

import io

import pytest
from openpyxl import load_workbook

from sxsh.plans.checks import plan_findings
from sxsh.plans.exports import plan_export
from sxsh.plans.planfile import PlanFileError, parse_plan_text

from .conftest import LAM_DONG_FILE

pytestmark = pytest.mark.django_db


def _errors(text: str) -> list[str]:
    with pytest.raises(PlanFileError) as caught:
        parse_plan_text(text)
    return caught.value.messages


def test_it_binds_the_seed_plan_to_thua_thien_hue(seed_plan):
    assert seed_plan.province.code == "tth"
    assert seed_plan.document_type == "plan"
    assert seed_plan.budget_known is True


def test_it_resolves_the_names_of_a_lam_dong_plan_to_lam_dongs_agencies(lam_dong_plan):
    # "UBND tỉnh" and "Sở Công Thương" are also Huế's names: within Lâm Đồng they are
    # Lâm Đồng's.
    assert lam_dong_plan.province.code == "vn-68"
    assert lam_dong_plan.province.name == "Lâm Đồng"
    assert lam_dong_plan.issuer.code == "ubnd-lam-dong"
    assert lam_dong_plan.tasks.get(code="1.1").lead_agency.code == "sct-lam-dong"
    assert lam_dong_plan.document_type == "decision"
    assert lam_dong_plan.signer == "TM. Ủy ban nhân dân, KT. Chủ tịch, Phó Chủ tịch (dữ liệu thử)"


def test_it_loads_a_plan_whose_budget_is_not_yet_known(lam_dong_plan):
    assert lam_dong_plan.budget_known is False
    assert lam_dong_plan.funding_sources.count() == 0
    assert lam_dong_plan.budget_lines.count() == 0


def test_the_checker_says_the_budget_is_not_yet_known(lam_dong_plan):
    findings = {(f.kind, f.severity) for f in plan_findings(lam_dong_plan)}
    assert ("budget_unknown", "info") in findings
    assert ("empty_plan", "warning") not in findings
    [finding] = [f for f in plan_findings(lam_dong_plan) if f.kind == "budget_unknown"]
    assert finding.kind_label == "Chưa biết kinh phí"


def test_it_refuses_a_name_two_agencies_of_the_province_share(lam_dong_agencies):
    from sxsh.core.models import Agency

    Agency.objects.create(code="sct-lam-dong-2", name="Sở Công Thương (bản trùng)",
                          kind=Agency.Kind.DEPARTMENT,
                          province=lam_dong_agencies["sct"].province, aliases="Sở Công Thương")
    errors = _errors(LAM_DONG_FILE.read_text(encoding="utf-8"))
    assert errors == ["task_groups[0].tasks[0].lead: 'Sở Công Thương' chỉ nhiều cơ quan "
                      "(sct-lam-dong, sct-lam-dong-2): hãy dùng mã"]


def test_it_refuses_an_agency_of_another_province_and_a_name_unknown_in_the_province(
        lam_dong_agencies):
    text = LAM_DONG_FILE.read_text(encoding="utf-8").replace(
        "lead: Sở Công Thương", "lead: so-tai-chinh\n        partners: [Sở Tài chính]")
    assert _errors(text) == [
        "task_groups[0].tasks[0].lead: cơ quan 'so-tai-chinh' thuộc tỉnh khác, không "
        "thuộc tỉnh của kế hoạch",
        "task_groups[0].tasks[0].partners[0]: không có cơ quan nào của tỉnh của kế hoạch "
        "có mã hoặc tên 'Sở Tài chính' (xem danh mục cơ quan trong khu quản trị)",
    ]


def test_an_issuer_name_of_two_provinces_needs_the_province(lam_dong_agencies):
    text = LAM_DONG_FILE.read_text(encoding="utf-8").replace("  province: Lâm Đồng\n", "")
    errors = _errors(text)
    assert errors[0] == ("plan.issuer: 'UBND tỉnh' chỉ nhiều cơ quan (ubnd-lam-dong, "
                         "ubnd-tinh): hãy dùng mã")


def test_an_empty_plan_is_a_finding_not_consistent(reference):
    from sxsh.plans.services import plan_load

    text = LAM_DONG_FILE.read_text(encoding="utf-8").split("\ntargets:")[0].replace(
        "province: Lâm Đồng", "province: tth").replace("issuer: UBND tỉnh", "issuer: ubnd-tinh")
    plan = plan_load(spec=parse_plan_text(text), user=None).plan
    assert plan.province.code == "tth"
    assert [(f.kind, f.severity) for f in plan_findings(plan)] == [
        ("empty_plan", "warning"), ("budget_unknown", "info")]


def test_a_budget_is_refused_when_the_file_says_it_is_not_yet_known(lam_dong_agencies):
    text = LAM_DONG_FILE.read_text(encoding="utf-8") + (
        "\nfunding_sources:\n  - {code: local, name: NS tỉnh}\nbudget:\n  lines: []\n")
    assert _errors(text) == [
        "budget: chưa biết kinh phí của kế hoạch (plan.budget_known: false): hãy bỏ phần "
        "kinh phí"]


def test_the_xlsx_subtitle_names_the_decision(lam_dong_plan, seed_plan):
    wb = load_workbook(io.BytesIO(plan_export(lam_dong_plan, appendix="I", fmt="xlsx")))
    assert wb.active["A3"].value == "(Kèm theo Quyết định số 2645/QĐ-UBND ngày 10/12/2015)"
    wb = load_workbook(io.BytesIO(plan_export(seed_plan, appendix="I", fmt="xlsx")))
    assert wb.active["A3"].value == "(Kèm theo Kế hoạch số 157/KH-UBND ngày 31/10/2016)"
