"""The columns of the interchange files, in order, with their Vietnamese labels and units.

Documented for people in ``sxsh/facilities/data/COLUMNS.md``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

FACILITY_COLUMNS: dict[str, object] = {
    "tax_code": _("Tax code (10 digits, or 10-3 for a branch)"),
    "name": _("Facility name"),
    "address": _("Address"),
    "admin_unit": _("Administrative unit (code or exact name)"),
    "vsic": _("VSIC 2018 division (10–33)"),
    "employees": _("Employees with social insurance"),
    "revenue_bn_vnd": _("Revenue (billion VND)"),
    "capital_bn_vnd": _("Capital (billion VND)"),
    "opened_year": _("Year opened"),
    "closed_year": _("Year closed"),
    "industrial_zone": _("Industrial zone"),
}
REPORT_COLUMNS: dict[str, object] = {
    "tax_code": _("Tax code"),
    "year": _("Report year"),
    "baseline_year": _("Baseline year"),
    "aware": _("Aware of CP benefits (1/0)"),
    "cp_staff": _("Dedicated CP staff (1/0)"),
    "cp_applied": _("CP applied (1/0)"),
    "product_unit": _("Product unit"),
    "production": _("Production (in the product unit)"),
    "electricity_kwh": _("Electricity (kWh)"),
    "coal_t": _("Coal (t)"),
    "coal_grade": _("Coal grade (coal_1, coal_2, coal_3)"),
    "do_t": _("Diesel oil DO (t)"),
    "fo_t": _("Fuel oil FO (t)"),
    "lpg_t": _("LPG (t)"),
    "natural_gas_1000m3": _("Natural gas (1000 m³)"),
    "biomass_t": _("Biomass (t)"),
    "raw_material_t": _("Raw materials (t)"),
    "aux_material_t": _("Auxiliary materials (t)"),
    "water_m3": _("Water (m³)"),
    "cp_measures": _("CP measures taken"),
    "quality_comment": _("Comment on data-quality warnings"),
}
#: Report columns that a file may leave out (files from the templates before them): the
#: stored value then stays as it is.
REPORT_OPTIONAL = ("cp_measures", "quality_comment")
#: Columns of the template that are there for the eye: an import reads past them.
REPORT_TEMPLATE_ONLY: dict[str, object] = {
    "facility_name": _("Facility name (for reference, not imported)"),
}
#: The downloads for people (the pages' exports): Vietnamese labels in the first row, the
#: codes in the second (as the template, so the file imports back), names beside codes.
#: The command line's exports keep the codes alone in the first row (for other tools).
FACILITY_READABLE_COLUMNS: dict[str, object] = {
    **FACILITY_COLUMNS,
    "admin_unit_name": _("Administrative unit (name, for reference)"),
    "size_class": _("Size class, Decree 80/2021"),
}
REPORT_READABLE_COLUMNS: dict[str, object] = {
    "tax_code": REPORT_COLUMNS["tax_code"], **REPORT_TEMPLATE_ONLY,
    **{c: label for c, label in REPORT_COLUMNS.items() if c != "tax_code"},
    "status": _("Status (for reference, not imported)"),
}
#: The column that the file of an upload's errors adds (``errors_file``): read past, so
#: that the corrected file imports as it is.
ERRORS_COLUMN: dict[str, object] = {"errors": _("Errors")}
#: The product units the template offers in its drop-down (another may be typed).
PRODUCT_UNITS = ("tấn", "kg", "m³", "m²", "lít", "sản phẩm", "1000 sản phẩm", "bộ", "chiếc")
REPORT_DECIMALS = ("production", "electricity_kwh", "coal_t", "do_t", "fo_t", "lpg_t",
                   "natural_gas_1000m3", "biomass_t", "raw_material_t", "aux_material_t",
                   "water_m3")
REPORT_BOOLEANS = ("aware", "cp_staff", "cp_applied")
FACILITY_DECIMALS = ("revenue_bn_vnd", "capital_bn_vnd")
