"""A few clearly labelled demo assessments on the demo register, so that the assessments
pages show a living context: every reference starts with "DEMO-", every facility is a
"[DEMO] " one. Deterministic (the first demo facilities by tax code) and idempotent
(nothing is written twice)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from sxsh.core.models import Agency
from sxsh.facilities.models import Facility

from .models import Assessment, Flow, Measurement, Option, ProcessStep, TeamMember, WasteStream

DEMO_REFERENCE = "DEMO-"
CENTRE = "tt-khuyen-cong"
D = Decimal

#: (kind, reference, started, focus step, options: (code, category, description,
#: investment, yearly saving, kWh a year, status, implemented on, measured kWh a year))
DEMO_ASSESSMENTS = [
    ("quick", "DEMO-ĐGN-2018-01", dt.date(2018, 4, 9), "Lò hơi", [
        ("PA-01", "good_housekeeping", "Bảo ôn đường ống hơi", D(45), D(60), D(0),
         "implemented", dt.date(2018, 8, 1), None),
        ("PA-02", "equipment_modification", "Lắp biến tần cho quạt lò", D(120), D(50),
         D(90_000), "verified", dt.date(2018, 10, 15), D(84_000)),
        ("PA-03", "technology_change", "Thay lò hơi đốt than bằng lò sinh khối", D(1800),
         D(300), D(0), "study", None, None),
    ]),
    ("detailed", "DEMO-ĐGCT-2019-01", dt.date(2019, 3, 4), "Nấu", [
        ("PA-01", "process_control", "Kiểm soát nhiệt độ nồi nấu", D(30), D(25),
         D(40_000), "implemented", dt.date(2019, 9, 2), None),
        ("PA-02", "onsite_recovery", "Thu hồi nước ngưng", D(200), D(70), D(0),
         "implement_now", None, None),
        ("PA-03", "byproduct", "Bán bã làm thức ăn chăn nuôi", D(0), D(15), D(0),
         "rejected", None, None),
    ]),
    ("pilot", "DEMO-MH-2019-01", dt.date(2019, 5, 6), "Sấy", [
        ("PA-01", "technology_change", "Máy sấy bơm nhiệt", D(900), D(260), D(350_000),
         "proposed", None, None),
    ]),
]


@transaction.atomic
def demo_assessments_ensure() -> int:
    """Create the demo assessments that are missing; returns how many were created."""
    facilities = list(Facility.objects.filter(is_demo=True).order_by("tax_code")
                      [:len(DEMO_ASSESSMENTS)])
    centre = Agency.objects.filter(code=CENTRE).first()
    created = 0
    for facility, (kind, reference, started, focus, options) in zip(
            facilities, DEMO_ASSESSMENTS, strict=False):
        assessment, new = Assessment.objects.get_or_create(
            facility=facility, reference=reference,
            defaults={"kind": kind, "started_on": started, "consultant_agency": centre,
                      "title": f"[DEMO] {facility.name.removeprefix('[DEMO] ')}",
                      "focus": focus})
        if not new:
            continue
        created += 1
        _parts(assessment, focus, options)
    return created


def _parts(assessment: Assessment, focus: str, options) -> None:
    TeamMember.objects.create(assessment=assessment, name="Nguyễn Văn A (demo)",
                              position="Phó giám đốc", team_role="Trưởng nhóm")
    TeamMember.objects.create(assessment=assessment, name="Trần Thị B (demo)",
                              position="Quản đốc", team_role="Thành viên")
    step = ProcessStep.objects.create(assessment=assessment, order=1, name=focus,
                                      is_focus=True)
    ProcessStep.objects.create(assessment=assessment, order=2, name="Đóng gói")
    for direction, kind, name, qty, unit in [
            ("input", "material", "Nguyên liệu", D(1000), "tấn"),
            ("input", "energy", "Điện", D(600_000), "kWh"),
            ("output", "product", "Bán thành phẩm", D(880), "tấn"),
            ("output", "waste", "Chất thải rắn", D(90), "tấn")]:
        Flow.objects.create(step=step, direction=direction, kind=kind, name=name,
                            quantity_per_year=qty, unit=unit)
    stream = WasteStream.objects.create(
        assessment=assessment, step=step, name="Chất thải rắn", quantity_per_year=D(90),
        unit="tấn", material_cost_mvnd_yr=D(180), treatment_cost_mvnd_yr=D(27),
        causes="Rơi vãi khi nạp liệu; thiết bị cũ")
    for code, category, text, invest, saving, kwh, status, done, measured in options:
        option = Option.objects.create(
            assessment=assessment, waste_stream=stream, code=code, category=category,
            description=text, investment_mvnd=invest, annual_saving_mvnd=saving,
            life_years=10, discount_rate=D("0.10"), electricity_kwh_saved_yr=kwh or None,
            status=status, implemented_on=done)
        if status == "verified":
            Measurement.objects.create(
                option=option, method=Measurement.Method.SEC, grade=Measurement.Grade.B,
                quantity="electricity_kwh", saved_per_year=measured or kwh,
                measured_on=done + dt.timedelta(days=180), note="[DEMO]")
