"""Loading a plan from its file: the seed transcribed completely, idempotence, audit, errors."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from sxsh.plans import models as m
from sxsh.plans.planfile import PlanFileError, parse_plan_text
from sxsh.plans.services import plan_load

from .conftest import SECOND_FILE, SEED_FILE

pytestmark = pytest.mark.django_db

D = Decimal


def test_the_seed_plan_is_loaded_as_issued(seed_plan):
    plan = seed_plan
    assert plan.number == "157/KH-UBND"
    assert plan.issued_on == dt.date(2016, 10, 31)
    assert plan.issuer.code == "ubnd-tinh"
    assert "Phan Ngọc Thọ" in plan.signer
    assert (plan.start_year, plan.end_year) == (2016, 2020)
    assert plan.general_objective.startswith("Sản xuất sạch hơn được áp dụng rộng rãi")
    assert "1597/TTr-SCT" in plan.proposal


def test_the_seed_typos_are_corrected_and_the_issued_text_noted_in_the_file(seed_plan):
    survey = seed_plan.tasks.get(code="1.4")
    assert survey.content == (
        "Điều tra hiện trạng thực hiện SXSH trong công nghiệp trên địa bàn tỉnh")
    assert seed_plan.budget_lines.get(code="1.4").content == (
        "Điều tra hiện trạng thực hiện SXSH trong công nghiệp trên địa bàn tỉnh (80 "
        "triệu/lượt)")
    assert seed_plan.tasks.get(code="1.3").expected_result.endswith(
        "lợi ích khi áp dụng sản xuất sạch hơn")
    text = SEED_FILE.read_text(encoding="utf-8")
    loaded = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    assert not [line for line in loaded if "Điêù" in line or "xuât" in line]
    notes = [line for line in text.splitlines() if line.lstrip().startswith("# Erratum:")]
    assert [("Điêù" in note, "sản xuât" in note) for note in notes] == [
        (False, True), (True, False), (True, False)]


def test_the_seed_has_its_four_legal_bases_in_order(seed_plan):
    bases = list(seed_plan.legal_bases.values_list("kind", "document"))
    assert bases == [
        ("basis", "1419/QĐ-TTg"), ("basis", "221/2012/TTLT-BTC-BCT"),
        ("basis", "4135/QĐ-BCT"), ("implements", "4108/BCT-KHCN"),
    ]


def test_the_seed_has_six_specific_objectives(seed_plan):
    texts = list(seed_plan.objectives.values_list("text", flat=True))
    assert len(texts) == 6
    assert texts[1] == "50% doanh nghiệp vừa và lớn có cán bộ chuyên trách về SXSH;"


def test_the_seed_targets_match_the_indicator_contract(seed_plan):
    rows = {
        t.indicator_code: (t.value_min, t.value_max, t.national_value_min,
                           t.national_value_max, t.unit, t.year)
        for t in seed_plan.targets.all()
    }
    assert rows == {
        "I1": (D("0.9"), None, D("0.9"), None, "", None),
        "I2": (D("0.5"), None, D("0.9"), None, "", None),
        "I3": (D("0.5"), None, D("0.5"), None, "", None),
        "I4": (D("0.08"), D("0.13"), D("0.08"), D("0.13"), "", None),
        "I5": (D("1"), None, D("0.9"), None, "người", None),
        # 2 pilot models + 5 quick + 3 detailed assessments (Appendix II quantities)
        "I6": (D("10"), None, None, None, "cơ sở", None),
        # the guide of task 2.1, one each year 2017–2020
        "I7": (D("4"), None, None, None, "tài liệu", None),
    }
    assert seed_plan.targets.get(code="I2").national_source == "QĐ 1419/QĐ-TTg"


def test_the_seed_has_five_task_groups_and_thirteen_tasks(seed_plan):
    groups = {g.code: list(g.tasks.order_by("order").values_list("code", flat=True))
              for g in seed_plan.task_groups.all()}
    assert groups == {
        "1": ["1.1", "1.2", "1.3", "1.4"], "2": ["2.1", "2.2", "2.3", "2.4"],
        "3": ["3.1", "3.2"], "4": ["4.1"], "5": ["5.1", "5.2"],
    }


def test_each_task_has_its_agencies_and_timeframe(seed_plan):
    task = seed_plan.tasks.get(code="1.1")
    assert task.lead_agency.code == "so-cong-thuong"
    assert set(task.partner_agencies.values_list("code", flat=True)) == {
        "so-tttt", "dai-trt", "vtv8", "bao-tth"}
    assert (task.start_year, task.end_year) == (2017, 2020)
    pilot = seed_plan.tasks.get(code="2.2")
    assert pilot.lead_agency.code == "tt-khuyen-cong"
    assert pilot.other_partner_list == ["Các đơn vị sản xuất công nghiệp"]
    assert (pilot.start_year, pilot.end_year) == (2018, 2019)
    network = seed_plan.tasks.get(code="3.1")
    assert network.other_partner_list == [
        "Các Sở ban ngành liên quan", "UBND các huyện, thị xã, thành phố Huế"]
    assert seed_plan.tasks.get(code="1.3").partner_agencies.filter(
        code="bo-cong-thuong").exists()
    assert seed_plan.tasks.get(code="1.2").partner_agencies.filter(code="bql-kkt-kcn").exists()
    assert (seed_plan.tasks.get(code="5.1").start_year,
            seed_plan.tasks.get(code="5.1").end_year) == (2016, 2016)


def test_the_funding_sources_are_data(seed_plan):
    assert list(seed_plan.funding_sources.values_list("code", "name")) == [
        ("central", "Ngân sách TW"), ("local", "Ngân sách địa phương"),
        ("enterprise", "Huy động từ DN"),
    ]


def test_budget_line_3_1_of_appendix_ii_pays_for_task_3_2(seed_plan):
    line = seed_plan.budget_lines.get(code="3.1")
    assert line.task.code == "3.2"
    assert line.content.startswith("Học tập kinh nghiệm")


def test_budget_line_2_2_has_the_seed_figures(seed_plan):
    line = seed_plan.budget_lines.get(code="2.2")
    assert line.unit == "Dự án"
    assert {a.year: (a.quantity, a.amount_million_vnd) for a in line.amounts.all()} == {
        2018: (D(1), D(1000)), 2019: (D(1), D(1000))}
    assert line.total_million_vnd == D(2000)
    assert {s.source.code: s.amount_million_vnd for s in line.source_amounts.all()} == {
        "central": D(400), "local": D(600), "enterprise": D(1000)}


def test_the_stated_totals_are_kept_as_printed(seed_plan):
    appendix = {(s.year, s.source.code if s.source else None): s.amount_million_vnd
                for s in seed_plan.stated_totals.filter(place__startswith="Phụ lục II")}
    assert appendix == {
        (2017, None): D(315), (2018, None): D(1375), (2019, None): D(1365),
        (2020, None): D(305), (None, None): D(3360), (None, "central"): D(700),
        (None, "local"): D(1660), (None, "enterprise"): D(1000),
    }
    assert seed_plan.stated_totals.filter(place="Mục III.2").count() == 4
    assert not seed_plan.stated_totals.filter(year=2016).exists()


def test_the_quantities_stated_in_the_text_are_kept(seed_plan):
    rows = {(q.place, q.task.code): (q.quantity_min, q.quantity_max, q.per_year)
            for q in seed_plan.text_quantities.select_related("task")}
    assert rows == {
        ("Mục II.2.c", "2.2"): (D(1), D(2), False),
        ("Mục II.2.d", "2.3"): (D(5), None, True),
        ("Mục II.2.e", "2.4"): (D(3), None, True),
        ("Phụ lục I, 2.2", "2.2"): (D(1), D(2), False),
        ("Phụ lục I, 2.3", "2.3"): (D(5), D(5), False),
        ("Phụ lục I, 2.4", "2.4"): (D(3), D(3), False),
    }


def test_loading_the_same_file_again_changes_nothing_and_logs_nothing(seed_plan):
    entries = LogEntry.objects.count()
    out = StringIO()
    call_command("plan-load", str(SEED_FILE), stdout=out)
    assert LogEntry.objects.count() == entries
    assert "157/KH-UBND" in out.getvalue()
    assert m.BudgetAmount.objects.filter(line__plan=seed_plan).count() == 31


def test_a_changed_file_updates_the_plan_and_the_change_is_audited(seed_plan):
    text = SEED_FILE.read_text(encoding="utf-8").replace(
        "        2017: {qty: 1, amount: 15}", "        2017: {qty: 1, amount: 20}")
    result = plan_load(spec=parse_plan_text(text), user=None)
    assert result.updated == {"budgetamount": 1}
    amount = m.BudgetAmount.objects.get(line__plan=seed_plan, line__code="4.1", year=2017)
    assert amount.amount_million_vnd == D(20)
    entry = LogEntry.objects.get_for_object(amount).latest("timestamp")
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.changes_dict["amount_million_vnd"] == ["15.000", "20"]


def test_a_line_dropped_from_the_file_is_deleted(seed_plan):
    text = SEED_FILE.read_text(encoding="utf-8")
    start = text.index('    - code: "5.2"\n      group: "5"')
    end = text.index("  # Totals as the document prints them")
    result = plan_load(spec=parse_plan_text(text[:start] + text[end:]), user=None)
    assert result.deleted == {"budgetamount": 1, "budgetsourceamount": 3, "budgetline": 1}
    assert not seed_plan.budget_lines.filter(code="5.2").exists()


def test_a_second_different_plan_loads_beside_the_seed(seed_plan, second_plan):
    assert m.Plan.objects.count() == 2
    assert second_plan.issuer.code == "ubnd-tinh"  # given by its name in the file
    assert list(second_plan.funding_sources.values_list("code", flat=True)) == [
        "central", "local", "other"]
    assert second_plan.tasks.get(code="A.1").lead_agency.code == "so-cong-thuong"  # an alias
    assert second_plan.budget_lines.get(code="C.9").task is None
    assert second_plan.targets.get(code="I3").year == 2025


def _errors(text: str) -> list[str]:
    with pytest.raises(PlanFileError) as info:
        parse_plan_text(text)
    return info.value.messages


def test_a_broken_file_names_each_error_with_its_path(reference):
    text = SECOND_FILE.read_text(encoding="utf-8")
    text = text.replace("lead: tt-khuyen-cong", "lead: so-khong-co")
    text = text.replace("years: [2022, 2023]", "years: [2022, 2031]")
    text = text.replace("{qty: 1, amount: 50}", "{qty: 1, amount: năm mươi}")
    text = text.replace("sources: {local: 12}", "sources: {local: 12, aid: 3}")
    errors = _errors(text)
    assert len(errors) == 4
    assert errors[0].startswith("task_groups[1].tasks[0].lead: không có cơ quan")
    assert errors[1].startswith("task_groups[1].tasks[0].years[1]: năm 2031 nằm ngoài")
    assert errors[2].startswith("budget.lines[1] (B.1).years.2024.amount:")
    assert errors[3].startswith("budget.lines[2] (C.9).sources.aid: không có nguồn kinh phí")


def test_a_file_that_is_not_yaml_is_refused_with_its_line(reference):
    errors = _errors("format: sxsh-plan/1\nplan: [unclosed\n")
    assert len(errors) == 1
    assert "YAML" in errors[0] and "dòng 3" in errors[0]


def test_the_command_writes_nothing_when_the_file_has_errors(reference, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SEED_FILE.read_text(encoding="utf-8").replace(
        "issuer: ubnd-tinh", "issuer: ubnd-mars"), encoding="utf-8")
    with pytest.raises(CommandError) as info:
        call_command("plan-load", str(bad))
    assert "plan.issuer" in str(info.value)
    assert "không có gì được nạp" in str(info.value)
    assert not m.Plan.objects.exists()


def test_the_command_refuses_a_missing_file(reference, tmp_path):
    with pytest.raises(CommandError, match="không tồn tại"):
        call_command("plan-load", str(tmp_path / "none.yaml"))


def test_a_line_with_spending_cannot_be_dropped_and_nothing_changes(seed_plan, users):
    import datetime as dt

    from sxsh.plans.services import expenditure_record

    line = seed_plan.budget_lines.get(code="5.2")
    expenditure_record(line=line, year=2020, source=seed_plan.funding_sources.get(code="local"),
                       kind="settled", amount=D(50), on=dt.date(2020, 12, 1),
                       user=users["canbo"])
    text = SEED_FILE.read_text(encoding="utf-8")
    start = text.index('    - code: "5.2"\n      group: "5"')
    end = text.index("  # Totals as the document prints them")
    changed = (text[:start] + text[end:]).replace("amount: 15}", "amount: 16}")
    with pytest.raises(PlanFileError, match="không thể xóa"):
        plan_load(spec=parse_plan_text(changed), user=None)
    assert seed_plan.budget_lines.filter(code="5.2").exists()
    assert m.BudgetAmount.objects.get(line__plan=seed_plan, line__code="4.1",
                                      year=2017).amount_million_vnd == D(15)


def test_the_command_records_the_given_user_as_the_author(users, tmp_path):
    call_command("plan-load", str(SECOND_FILE), "--user", "admin", stdout=StringIO())
    plan = m.Plan.objects.get(code="99-kh-ubnd-2021")
    assert LogEntry.objects.get_for_object(plan).get().actor.username == "admin"
    with pytest.raises(CommandError, match="Không có người dùng"):
        call_command("plan-load", str(SECOND_FILE), "--user", "nobody")


def test_a_national_target_may_have_a_unit_of_its_own(second_plan, seed_plan):
    from django.test import Client

    from sxsh.indicators.templatetags.indicator_tags import target_text

    i5 = second_plan.targets.get(code="I5")
    assert (i5.unit, i5.national_unit) == ("người", "tỉnh")
    assert target_text(i5) == "9 người"
    assert target_text(i5, "national") == "63 tỉnh"
    # The seed's national I5 (90 % of departments) is a share: no unit.
    seed_i5 = seed_plan.targets.get(code="I5")
    assert target_text(seed_i5, "national") == "90 %"
    page = Client().get(f"/plans/{second_plan.code}/").content.decode()
    assert "63 tỉnh" in page
