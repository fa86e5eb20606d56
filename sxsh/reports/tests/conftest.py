"""``content``: a small annual report built by hand, its figures chosen so that each can be
checked in the documents: 5 of 8 facilities assessed is 62,5 %; the budget 1.200 + 350,5 =
1.550,5 million đồng.

``year_2018``: a small year of the seed plan (157/KH-UBND, 2016–2020), worked out by hand.

2018:
- two facilities in Phú Vang, open since 2010: ``assessed`` (a quick assessment started
  4/3/2018, two CP options, one implemented) and ``reporting`` (a report for 2018 saying
  aware, submitted but not yet accepted). I1 2018 = aware ÷ open = 1 ÷ 2 = 50,0 %; once the
  report is accepted, 2 ÷ 2 = 100,0 %.
- activities: TH-2018-01, a training class of task 1.3 on line 1.3, 3/5/2018, 35 million VND
  from the local budget, 3 attendees; PS-2018-01, a media story of task 1.1 on line 1.1,
  1/9/2018, 20 million VND local, nobody attending; TH-2017-01 (task 1.3, 2017, 40 million)
  is outside the year. Group 1 in 2018: 2 activities, 3 attendees, 55 million VND.
- the budget planned for 2018 (Appendix II): 1.375 million VND in all; line 1.3 80 (local),
  line 1.1 30 (local). Spent on line 1.3: the training class, 35 (its cost counts as
  disbursed); on line 1.1: 20.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from sxsh.activities.models import Activity, Attendance
from sxsh.assessments.models import Assessment, Option
from sxsh.facilities.models import Facility, Report
from sxsh.facilities.tests.factories import FacilityFactory
from sxsh.plans.models import Plan
from sxsh.plans.tests.conftest import seed_plan  # noqa: F401  (the fixture)
from sxsh.reports.content import ChartSeries, ReportContent, Section, Signature, Table


@pytest.fixture(autouse=True)
def vietnamese():
    from django.utils import translation

    with translation.override("vi"):
        yield


@pytest.fixture(autouse=True)
def reports_dir(settings, tmp_path):
    settings.REPORTS_DIR = tmp_path / "reports"
    return settings.REPORTS_DIR


@dataclass
class Year:
    plan: Plan
    officer: object
    assessed: Facility
    reporting: Facility
    report: Report


@pytest.fixture
def year_2018(seed_plan, users) -> Year:  # noqa: F811
    plan = seed_plan
    tasks = {t.code: t for t in plan.tasks.all()}
    lines = {line.code: line for line in plan.budget_lines.all()}
    assessed = FacilityFactory(name="Công ty Bia Huế")
    reporting = FacilityFactory(name="Công ty Dệt Phú Vang")
    assessment = Assessment.objects.create(
        facility=assessed, kind=Assessment.Kind.QUICK, reference="ĐGN-2018-01",
        started_on=dt.date(2018, 3, 4), budget_line=lines["2.2"])
    Option.objects.create(assessment=assessment, code="GP1", category="good_housekeeping",
                          description="Tắt đèn khi không dùng",
                          status=Option.Status.IMPLEMENTED, implemented_on=dt.date(2018, 6, 1))
    Option.objects.create(assessment=assessment, code="GP2", category="good_housekeeping",
                          description="Sửa rò rỉ hơi")
    training = Activity.objects.create(
        code="TH-2018-01", kind=Activity.Kind.TRAINING, task=tasks["1.3"],
        budget_line=lines["1.3"], date=dt.date(2018, 5, 3), title="Tập huấn SXSH",
        cost_local_mvnd=Decimal("35"))
    for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"):
        Attendance.objects.create(activity=training, person_name=name, gender="male")
    Activity.objects.create(
        code="PS-2018-01", kind=Activity.Kind.MEDIA, task=tasks["1.1"],
        budget_line=lines["1.1"], date=dt.date(2018, 9, 1), title="Phóng sự SXSH",
        cost_local_mvnd=Decimal("20"))
    Activity.objects.create(
        code="TH-2017-01", kind=Activity.Kind.TRAINING, task=tasks["1.3"],
        budget_line=lines["1.3"], date=dt.date(2017, 6, 1), title="Tập huấn 2017",
        cost_local_mvnd=Decimal("40"))
    report = Report.objects.create(facility=reporting, year=2018, aware=True,
                                   status=Report.Status.SUBMITTED)
    return Year(plan=plan, officer=users["canbo"], assessed=assessed, reporting=reporting,
                report=report)

@pytest.fixture
def content() -> ReportContent:
    indicators = Table(
        caption="Bảng 1. Các chỉ tiêu năm 2018",
        columns=["TT", "Chỉ tiêu", "Mục tiêu", "Kết quả"],
        rows=[["1", "Cơ sở được đánh giá SXSH", "50 %", "62,5 %"],
              ["2", "Cơ sở tiết kiệm năng lượng", "8 % – 13 %", "9,4 %"]],
        numeric=[False, False, True, True],
        note="Nguồn: Sở Công Thương tổng hợp.",
    )
    budget = Table(
        caption="Bảng 2. Kinh phí năm 2018 (triệu đồng)",
        columns=["Nguồn", "Kế hoạch", "Đã chi"],
        rows=[["Ngân sách tỉnh", "1.200", "1.150"], ["Doanh nghiệp", "350,5", "300"],
              ["Tổng cộng", "1.550,5", "1.450"]],
        numeric=[False, True, True],
        total_rows=[2],
    )
    chart = ChartSeries(title="Biểu đồ 1. Tỷ lệ cơ sở được đánh giá SXSH",
                        series=[(2016, 0.25), (2017, None), (2018, 0.625)], target=0.5,
                        target_label=("Mục tiêu", "50 %"))
    return ReportContent(
        kind="annual", year=2018, years=[2018], plan_code="157/KH-UBND",
        plan_title="Kế hoạch sản xuất sạch hơn trong công nghiệp giai đoạn 2016–2020",
        issuer_lines=["UBND TỈNH THỪA THIÊN HUẾ", "SỞ CÔNG THƯƠNG"],
        number="Số:      /BC-SCT", place_date="Thừa Thiên Huế, ngày 15 tháng 01 năm 2019",
        title="BÁO CÁO",
        subject="Kết quả thực hiện Kế hoạch sản xuất sạch hơn trong công nghiệp năm 2018",
        sections=[
            Section(number="I.", heading="KẾT QUẢ THỰC HIỆN",
                    paragraphs=["Năm 2018, Sở Công Thương đã hỗ trợ 8 cơ sở áp dụng sản xuất "
                                "sạch hơn; 5 cơ sở đã được đánh giá."],
                    tables=[indicators, budget], charts=[chart],
                    subsections=[Section(number="1.", heading="Tuyên truyền, nâng cao nhận thức",
                                         paragraphs=["Tổ chức 3 hội thảo với 240 lượt người."])]),
            Section(number="II.", heading="KHÓ KHĂN, VƯỚNG MẮC",
                    paragraphs=["Kinh phí đối ứng của doanh nghiệp còn hạn chế."],
                    narrative_key="difficulties"),
        ],
        signature=Signature(capacity=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], name="Nguyễn Văn An"),
        recipients=["- UBND tỉnh;", "- Bộ Công Thương;", "- Lưu: VT, QLCN."],
    )
