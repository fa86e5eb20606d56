"""A clearly labelled, deterministic demo register: facilities and their 2016–2020 reports.

Every row is ``is_demo=True`` and every name starts with "[DEMO] ". The same number of
facilities and seed always give the same rows, and running again creates only what is
missing, so the generator is idempotent. Rows are written with ``bulk_create`` so that a
benchmark-sized register (100 000 facilities × 5 years) is possible.

The figures follow what 2016–2020 programmes saw: awareness rising year by year, 30–50 %
of facilities applying CP, and only about one applying facility in eight reaching 8 %
savings per unit product.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from sxsh.core.bulk import insert_rows
from sxsh.core.models import AdminUnit, User, VsicDivision
from sxsh.core.reference import classify_size, size_thresholds

from .energy import FactorBook, energy_and_emissions
from .models import Facility, Report

DEMO_PREFIX = "[DEMO] "
YEARS = range(2016, 2021)
DISTRICTS_2016 = ("tp-hue", "huong-thuy", "huong-tra", "phong-dien", "quang-dien", "phu-vang",
                  "phu-loc", "nam-dong", "a-luoi")
BATCH = 2000
THREE = Decimal("0.001")


@dataclass(frozen=True)
class Sector:
    division: str
    weight: int
    noun: str
    product_unit: str
    kwh: float          # electricity per unit product
    coal_t: float       # coal per unit product (grade 2–3), 0 if none
    do_t: float
    biomass_t: float
    raw_t: float
    aux_t: float
    water_m3: float


SECTORS = (
    Sector("10", 24, "Chế biến thủy sản", "tấn", 450, 0, 0.004, 0.25, 1.6, 0.05, 12),
    Sector("11", 8, "Nước giải khát", "1000 lít", 90, 0.02, 0.002, 0, 1.05, 0.02, 5.5),
    Sector("13", 10, "Dệt may sợi", "tấn", 3200, 0.35, 0.01, 0, 1.1, 0.12, 90),
    Sector("14", 14, "May mặc", "1000 sản phẩm", 600, 0, 0.003, 0, 0.4, 0.03, 2),
    Sector("16", 12, "Chế biến gỗ", "m³", 160, 0, 0.006, 0.08, 1.9, 0.04, 0.4),
    Sector("23", 16, "Gạch tuynel", "1000 viên", 35, 0.16, 0.001, 0, 2.4, 0.01, 0.3),
    Sector("25", 10, "Cơ khí", "tấn", 900, 0, 0.008, 0, 1.15, 0.06, 3),
    Sector("22", 6, "Nhựa", "tấn", 1100, 0, 0.004, 0, 1.05, 0.03, 2.5),
)
SIZES = (  # employees, revenue bn, capital bn, production range, share
    ("micro", (3, 10), (0.5, 2.8), (0.3, 2.8), (50, 400), 40),
    ("small", (12, 95), (4, 45), (2, 18), (400, 4000), 38),
    ("medium", (105, 195), (55, 190), (25, 95), (4000, 20000), 15),
    ("large", (210, 900), (220, 900), (110, 600), (20000, 90000), 7),
)
PLACES = ("Phú Bài", "Phong Điền", "La Sơn", "Tứ Hạ", "Thuận An", "Chân Mây", "Hương Sơ",
          "Phú Đa", "A Lưới", "Khe Tre", "Lăng Cô", "Điền Lộc")


@dataclass
class DemoResult:
    facilities_created: int = 0
    reports_created: int = 0


def tax_code(seed: int, index: int) -> str:
    """Ten digits starting with 99: outside the province's real range (33…)."""
    return f"99{seed % 100:02d}{index:06d}"


def _facility(rng: random.Random, seed: int, index: int, units: dict[str, int],
              vsic: dict[str, int], thresholds) -> tuple[Facility, Sector, float]:
    sector = rng.choices(SECTORS, weights=[s.weight for s in SECTORS])[0]
    size = rng.choices(SIZES, weights=[s[5] for s in SIZES])[0]
    _name, emp, rev, cap, prod, _share = size
    employees = rng.randint(*emp)
    revenue = Decimal(str(round(rng.uniform(*rev), 1)))
    capital = Decimal(str(round(rng.uniform(*cap), 1)))
    roll = rng.random()
    opened = rng.randint(2017, 2019) if roll < 0.10 else rng.randint(1995, 2015)
    closed = rng.randint(2018, 2020) if 0.10 <= roll < 0.16 else None
    district = rng.choice(DISTRICTS_2016)
    place = rng.choice(PLACES)
    size_class = classify_size(employees=employees, revenue_bn_vnd=revenue,
                               capital_bn_vnd=capital, thresholds=thresholds)
    facility = Facility(
        tax_code=tax_code(seed, index),
        name=f"{DEMO_PREFIX}{sector.noun} {place} {index}",
        address=f"{rng.randint(1, 300)} đường {place}", admin_unit_id=units[district],
        vsic_id=vsic[sector.division], employees=employees, revenue_bn_vnd=revenue,
        capital_bn_vnd=capital, opened_year=opened, closed_year=closed,
        industrial_zone=f"KCN {place}" if rng.random() < 0.35 else "",
        size_class=size_class.size, size_reason=size_class.reason, is_demo=True,
        # The facilities that save most (see _reports) agreed to be named as model cases.
        published=index % 8 == 3,
    )
    return facility, sector, rng.uniform(*prod)


def _reports(rng: random.Random, index: int, facility: Facility, sector: Sector,
             production: float, book: FactorBook) -> list[Report]:
    years = [y for y in YEARS if facility.opened_year <= y and
             (facility.closed_year is None or y < facility.closed_year)]
    if not years:
        return []
    aware_from = rng.choices([2016, 2017, 2018, 2019, 2020, 9999],
                             weights=[40, 14, 12, 10, 9, 15])[0]
    applies_from = (max(aware_from, rng.choice([2017, 2018, 2019]))
                    if rng.random() < 0.55 else 9999)
    # One applying facility in eight saves 8–15 %; the others save less than 7 %.
    # (by index, so that the share holds for a small register too)
    target = rng.uniform(0.085, 0.15) if index % 8 == 3 else rng.uniform(0.0, 0.07)
    # Savings differ by category, as in real programmes: the measures of one facility save
    # most in one of energy, raw or auxiliary materials, less in the others and in water.
    lead = rng.choice(["energy", "raw", "aux"])
    share = {key: 1.0 if key == lead else rng.uniform(0.1, 0.8)
             for key in ("energy", "raw", "aux", "water")}
    staff = facility.size_class in ("medium", "large") and rng.random() < 0.45
    grade = rng.choice(["coal_2", "coal_3"])
    reports = []
    for year in years:
        if year != years[0] and rng.random() < 0.05:
            continue  # a missing year
        applied = year >= applies_from
        factor = {key: (1 - target * part * applied) * rng.uniform(0.997, 1.003)
                  for key, part in share.items()}
        output = production * rng.uniform(0.9, 1.15)

        def q(per_unit: float, key: str, _output: float = output, _factor: dict = factor):
            return (Decimal(str(round(per_unit * _output * _factor[key], 3))).quantize(THREE)
                    if per_unit else None)

        values = dict(
            production=Decimal(str(round(output, 3))).quantize(THREE),
            electricity_kwh=q(sector.kwh, "energy"), coal_t=q(sector.coal_t, "energy"),
            coal_grade=grade if sector.coal_t else "", do_t=q(sector.do_t, "energy"),
            biomass_t=q(sector.biomass_t, "energy"), raw_material_t=q(sector.raw_t, "raw"),
            aux_material_t=q(sector.aux_t, "aux"), water_m3=q(sector.water_m3, "water"),
        )
        derived = energy_and_emissions(values, year, book)
        status = (Report.Status.SUBMITTED if year == 2020 and rng.random() < 0.08
                  else Report.Status.ACCEPTED)
        reports.append(Report(
            facility=facility, year=year, baseline_year=years[0], status=status,
            source=Report.Source.DEMO, aware=year >= aware_from,
            cp_staff=staff and year >= aware_from, cp_applied=applied,
            cp_measures="Quản lý nội vi; thay thiết bị tiết kiệm điện" if applied else "",
            product_unit=sector.product_unit, energy_toe=derived.energy_toe,
            co2e_t=derived.co2e_t, biogenic_co2_t=derived.biogenic_co2_t, **values,
        ))
    return reports


def demo_data_ensure(*, facilities: int, seed: int) -> DemoResult:
    """Create the demo facilities and reports that are missing for this size and seed,
    and link the demo enterprise user to one of them."""
    result = DemoResult()
    rng = random.Random(seed)
    units = dict(AdminUnit.objects.filter(code__in=DISTRICTS_2016).values_list("code", "pk"))
    vsic = dict(VsicDivision.objects.values_list("code", "pk"))
    thresholds = size_thresholds()
    book = FactorBook()
    existing = set(Facility.objects.filter(is_demo=True, tax_code__startswith=tax_code(seed, 0)[:4])
                   .values_list("tax_code", flat=True))
    with transaction.atomic():
        for start in range(0, facilities, BATCH):
            generated = []
            for index in range(start, min(start + BATCH, facilities)):
                facility, sector, production = _facility(rng, seed, index, units, vsic,
                                                         thresholds)
                # The report stream draws from its own generator so that a facility's
                # reports do not depend on whether it existed before.
                generated.append((facility, sector, production, index,
                                  random.Random(f"{seed}-{index}")))
            new = [g for g in generated if g[0].tax_code not in existing]
            Facility.objects.bulk_create([g[0] for g in new], batch_size=BATCH)
            result.facilities_created += len(new)
            saved = Facility.objects.in_bulk([g[0].tax_code for g in generated],
                                             field_name="tax_code")
            have = set(Report.objects.filter(facility__in=saved.values())
                       .values_list("facility_id", "year"))
            reports = []
            for facility, sector, production, index, report_rng in generated:
                stored = saved[facility.tax_code]
                for report in _reports(report_rng, index, stored, sector, production, book):
                    if (stored.pk, report.year) not in have:
                        reports.append(report)
            now = timezone.now()
            insert_rows(Report, [{**_attrs(r), "created_at": now, "updated_at": now}
                                 for r in reports])
            result.reports_created += len(reports)
        _link_enterprise_user(seed)
    return result


def _attrs(report: Report) -> dict:
    return {f.attname: getattr(report, f.attname) for f in Report._meta.concrete_fields
            if not f.primary_key}


def _link_enterprise_user(seed: int) -> None:
    user = User.objects.filter(username="doanhnghiep").first()
    facility = (Facility.objects.filter(is_demo=True, admin_unit__code="phu-vang",
                                        tax_code__startswith=tax_code(seed, 0)[:4],
                                        closed_year__isnull=True)
                .order_by("tax_code").first())
    if user is not None and facility is not None and not user.facilities.exists():
        facility.accounts.add(user)
