"""Writes of the core context."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from auditlog.context import disable_auditlog
from django.db import transaction

from . import models as m
from .scoping import Role

REFERENCE_DIR = Path(__file__).resolve().parent / "data" / "reference"


@dataclass
class LoadResult:
    created: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, created: bool) -> None:
        self.created[name] = self.created.get(name, 0) + int(created)


PROVINCES_SOURCE = "data/reference/provinces (README.md), sources %s"


def _rows(name: str):
    with open(REFERENCE_DIR / name, newline="", encoding="utf-8") as fh:
        yield from csv.DictReader(fh)


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def reference_load() -> LoadResult:
    """Create the reference rows that are missing; rows already present stay as edited.

    Officers may correct reference data (some rows are unverified); loading again must not
    undo their corrections, so existing rows are left alone. Shipped data is the baseline,
    not a user's change, so it stays out of the audit trail.
    """
    with disable_auditlog(), transaction.atomic():
        return _reference_load()


def _reference_load() -> LoadResult:
    result = LoadResult()
    units: dict[str, m.AdminUnit] = {}
    for row in _rows("admin_units.csv"):
        unit, created = m.AdminUnit.objects.get_or_create(
            code=row["code"],
            defaults={
                "name": row["name"], "level": row["level"],
                "parent": units.get(row["parent"]) if row["parent"] else None,
                "valid_from": _date(row["valid_from"]), "valid_to": _date(row["valid_to"]),
                "verified": row["verified"], "note": row["note"],
                "gso_code": row["gso_code"],
                "source": "shared reference hue_admin_units.csv",
            },
        )
        units[unit.code] = unit
        result.add("admin_units", created)
    units.update(_load_provinces(result, units))
    for row in _rows("admin_unit_successions.csv"):
        _, created = m.AdminUnitSuccession.objects.get_or_create(
            predecessor=units[row["predecessor"]], successor=units[row["successor"]],
            defaults={"effective_date": _date(row["effective_date"]),
                      "whole": row["whole"] == "1", "note": row["note"]},
        )
        result.add("admin_unit_successions", created)
    agencies: dict[str, m.Agency] = {}
    for row in _rows("agencies.csv"):
        agency, created = m.Agency.objects.get_or_create(
            code=row["code"],
            defaults={
                "name": row["name"], "short_name": row["short_name"], "kind": row["kind"],
                "parent": agencies.get(row["parent"]) if row["parent"] else None,
                "admin_unit": units.get(row["admin_unit"]) if row["admin_unit"] else None,
                "aliases": "\n".join(a for a in row["aliases"].split("|") if a),
                "province": units.get(row["province"]) if row["province"] else None,
            },
        )
        agencies[agency.code] = agency
        result.add("agencies", created)
    for row in _rows("vsic2018_section_c.csv"):
        _, created = m.VsicDivision.objects.get_or_create(
            code=row["division"],
            defaults={"name_vi": row["name_vi"], "name_en": row["name_en"],
                      "source": "QĐ 27/2018/QĐ-TTg (VSIC 2018), section C"},
        )
        result.add("vsic_divisions", created)
    for row in _rows("enterprise_size_decree80.csv"):
        _, created = m.SizeThreshold.objects.get_or_create(
            sector_group=row["sector_group"], size=row["size"], valid_from_year=2021,
            defaults={
                "max_employees": int(row["max_employees"]),
                "max_revenue_bn_vnd": Decimal(row["max_revenue_bn_vnd"]),
                "max_capital_bn_vnd": Decimal(row["max_capital_bn_vnd"]),
                "source": "Nghị định 80/2021/NĐ-CP, Điều 5",
            },
        )
        result.add("size_thresholds", created)
    for row in _rows("grid_emission_factors.csv"):
        _, created = m.GridEmissionFactor.objects.get_or_create(
            year=int(row["year"]),
            defaults={"tco2e_per_mwh": Decimal(row["tco2e_per_mwh"]),
                      "status": row["status"], "source": row["source"]},
        )
        result.add("grid_emission_factors", created)
    for row in _rows("toe_conversion_factors.csv"):
        _, created = m.EnergyConversionFactor.objects.get_or_create(
            carrier=row["energy_carrier"], unit=row["unit"], grade=row["grade"],
            valid_from_year=int(row["valid_from_year"]),
            defaults={"toe_per_unit": Decimal(row["toe_per_unit"]), "status": row["status"],
                      "source": row["source"]},
        )
        result.add("toe_factors", created)
    for row in _rows("ipcc2006_fuel_factors.csv"):
        _, created = m.FuelEmissionFactor.objects.get_or_create(
            fuel=row["fuel"], valid_from_year=2006,
            defaults={
                "co2_kg_per_tj": Decimal(row["co2_kg_per_tj"]),
                "ncv_tj_per_gg": Decimal(row["ncv_tj_per_gg"]),
                "ch4_kg_per_tj": Decimal(row["ch4_kg_per_tj"]),
                "n2o_kg_per_tj": Decimal(row["n2o_kg_per_tj"]),
                "biogenic": row["biogenic"] == "yes", "source": row["source"],
            },
        )
        result.add("fuel_factors", created)
    return result


def _province_key(code: str, name: str, valid_to: dt.date | None) -> tuple:
    # A GSO code names several versions (46: Thừa Thiên Huế, then Huế; 68: Lâm Đồng
    # before and after 1/7/2025), but never two with the same name and end.
    return (code, name, valid_to)


def _load_provinces(result: LoadResult, units: dict[str, m.AdminUnit]
                    ) -> dict[str, m.AdminUnit]:
    """The 63 provinces until 30/6/2025, the 34 from 1/7/2025 and the mapping between them
    (Resolution 202/2025/QH15), from ``data/reference/provinces``.

    One row of the files is one version of a province; a version the installation already
    has (Thừa Thiên Huế and Huế, with their GSO code in ``admin_units.csv``) is that unit,
    not a copy. Other versions are coded ``vn-<GSO code>``, with ``-<year>`` added for one
    that begins within the files' window (``vn-68-2025`` is Lâm Đồng from 1/7/2025).
    Returns the units by code.
    """
    known = {_province_key(u.gso_code, u.name, u.valid_to): u
             for u in m.AdminUnit.objects.exclude(gso_code="")}
    loaded: dict[str, m.AdminUnit] = {}
    old: dict[str, m.AdminUnit] = {}
    new: dict[str, m.AdminUnit] = {}
    for name in ("vn_provinces_2004_2025.csv", "vn_provinces_2025.csv"):
        for row in _rows(f"provinces/{name}"):
            valid_from, valid_to = _date(row["valid_from"]), _date(row.get("valid_to", ""))
            key = _province_key(row["code"], row["name"], valid_to)
            unit = known.get(key)
            if unit is None:
                suffix = f"-{valid_from.year}" if valid_from else ""
                unit, created = m.AdminUnit.objects.get_or_create(
                    code=f"{m.NATIONAL_PREFIX}{row['code']}{suffix}",
                    defaults={
                        "name": row["name"], "gso_code": row["code"],
                        "level": (m.AdminUnit.Level.CITY if row["kind"] == "city"
                                  else m.AdminUnit.Level.PROVINCE),
                        "valid_from": valid_from, "valid_to": valid_to,
                        "verified": (m.Verification.YES if row["status"] == "verified"
                                     else m.Verification.NO),
                        "note": f"seat: {row['seat']}" if row.get("seat") else "",
                        "source": PROVINCES_SOURCE % row["source"],
                    },
                )
                known[key] = unit
                result.add("provinces", created)
            loaded[unit.code] = unit
            if name == "vn_provinces_2025.csv":
                new[row["code"]] = unit
            elif valid_to is None or valid_to == dt.date(2025, 6, 30):
                old[row["code"]] = unit
    for row in _rows("provinces/vn_province_successions_2025.csv"):
        before, after = old[row["old_code"]], new[row["new_code"]]
        if before == after:  # the 11 unchanged provinces map to themselves
            continue
        _, created = m.AdminUnitSuccession.objects.get_or_create(
            predecessor=before, successor=after,
            defaults={"effective_date": _date(row["effective"]), "whole": True,
                      "note": (f"NQ 202/2025/QH15, sources {row['source']}, "
                               f"{'verified' if row['status'] == 'verified' else 'not verified'}")},
        )
        result.add("province_successions", created)
    return loaded


DEMO_USERS = [
    # username, role, full name, agency code, admin unit code
    ("admin", Role.ADMIN, "Quản trị hệ thống (demo)", "so-cong-thuong", None),
    ("canbo", Role.OFFICER, "Cán bộ Phòng KTAT&MT (demo)", "phong-ktat-mt", None),
    ("tuvan", Role.CONSULTANT, "Tư vấn viên TT Khuyến công (demo)", "tt-khuyen-cong", None),
    ("taichinh", Role.FINANCE, "Chuyên viên Sở Tài chính (demo)", "so-tai-chinh", None),
    ("doitac", Role.PARTNER, "Chuyên viên Sở TN&MT (demo)", "so-tnmt", None),
    ("diaphuong", Role.LOCAL, "Đầu mối huyện Phú Vang (demo)", "ubnd-phu-vang", "phu-vang"),
    ("doanhnghiep", Role.ENTERPRISE, "Cán bộ doanh nghiệp (demo)", None, None),
    ("lanhdao", Role.VIEWER, "Lãnh đạo UBND tỉnh (demo)", "ubnd-tinh", None),
    ("bocongthuong", Role.MINISTRY, "Chuyên viên Bộ Công Thương (demo)", "bo-cong-thuong", None),
]


@transaction.atomic
def demo_users_ensure(*, password: str) -> list[m.User]:
    """One demo user per role, bound to the organisation the role needs. Idempotent."""
    users = []
    for username, role, full_name, agency_code, unit_code in DEMO_USERS:
        user, created = m.User.objects.get_or_create(
            username=username,
            defaults={
                "role": role, "full_name": full_name,
                "agency": m.Agency.objects.get(code=agency_code) if agency_code else None,
                "admin_unit": m.AdminUnit.objects.get(code=unit_code) if unit_code else None,
                "is_staff": role == Role.ADMIN, "is_superuser": role == Role.ADMIN,
                # The demo officer has been trained to guide CP (indicator I5).
                "cp_trained": role == Role.OFFICER,
            },
        )
        if created or not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        users.append(user)
    return users
