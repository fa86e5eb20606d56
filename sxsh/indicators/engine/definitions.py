"""The indicators of a plan's section I.2, as code, with the text users read.

DESIGN.md section 4 is the source of every definition below. The texts are msgids in
English, translated to plain Vietnamese in the context's catalogue; the dashboard, the
public page and the drill-down lists show them beside the figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

#: A facility reached the savings indicator (I4) when it saved at least this share.
SAVING_THRESHOLD = 0.08
#: Medium and large enterprises by Decree 80/2021 (the population of I2).
MEDIUM_AND_LARGE = ("medium", "large")
#: The agency tree of the provincial Department of Industry and Trade (I5).
DEPARTMENT_AGENCY_CODES = ("so-cong-thuong", "phong-ktat-mt", "tt-khuyen-cong")
#: Savings categories of I4: key, report field, label. The first three decide I4.
CATEGORIES: tuple[tuple[str, str, Promise], ...] = (
    ("energy", "energy_toe", _("Energy")),
    ("raw", "raw_material_t", _("Raw materials")),
    ("aux", "aux_material_t", _("Auxiliary materials")),
    ("water", "water_m3", _("Water")),
)
DECIDING_CATEGORIES = ("energy", "raw", "aux")


@dataclass(frozen=True)
class Definition:
    code: str
    name: Promise
    text: Promise
    #: Whether the figure lists facilities (I5, I6 and I7 count other things).
    has_facility_list: bool = True

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


DEFINITIONS: dict[str, Definition] = {
    d.code: d
    for d in (
        Definition(
            "I1", _("Awareness of CP benefits"),
            _("Share of the facilities open in the year (opened in or before it, not closed "
              "by then) that are aware of the benefits of cleaner production. A facility "
              "counts when any of its reports for that year or an earlier one says it is "
              "aware, or when a CP assessment of it (quick, detailed or a pilot model) "
              "started on or before 31 December of the year, or when someone attended a "
              "programme activity for it (its tax code on the sign-in sheet: a training "
              "class, a workshop, a study tour…) dated on or before that day."),
        ),
        Definition(
            "I2", _("Dedicated CP staff in medium and large enterprises"),
            _("Among the medium and large facilities open in the year, the share whose "
              "report for that year (or, without one, its latest earlier report) says it "
              "has staff dedicated to cleaner production."),
        ),
        Definition(
            "I3", _("Facilities applying CP"),
            _("Share of the facilities open in the year whose report for that year (or, "
              "without one, its latest earlier report) says it applies cleaner production, "
              "or that implemented a CP option (implemented or verified) on or before 31 "
              "December of the year, whatever its report says."),
        ),
        Definition(
            "I4", _("Savings per unit product"),
            _("Among the facilities counted in I3 that have a report for the year and a "
              "baseline report (the baseline year stated in the report, else the facility's "
              "earliest report), both with production above zero: specific consumption = "
              "consumption divided by production, for energy (TOE), raw materials, "
              "auxiliary materials and water; saving = 1 minus the specific consumption of "
              "the year divided by that of the baseline. The figure is the share of these "
              "facilities that saved at least 8 % in energy, raw materials or auxiliary "
              "materials; each category is also shown on its own, with its median saving."),
        ),
        Definition(
            "I5", _("Department staff able to guide CP"),
            _("Programme officers of the Department of Industry and Trade, its Technical "
              "Safety and Environment Division and its Industry Promotion Centre: how many "
              "there are, and how many are able to guide cleaner production in the year — "
              "those marked as trained on their account, and those who attended a CP "
              "training class (an activity of kind training) dated on or before 31 December "
              "of the year. An attendee is taken for an officer when the sign-in sheet gives "
              "the department, the division or the centre as organisation and the officer's "
              "full name as on the account (spaces and capitals aside), and no other officer "
              "has that name; other attendees are not counted. It counts today's user "
              "accounts, so the number of officers is the same for every year, and no filter "
              "changes the figure."),
            has_facility_list=False,
        ),
        Definition(
            "I6", _("Facilities given technical support"),
            _("Supports given from the plan's first year through 31 December of the year, "
              "a support being one facility given one kind of support: a quick assessment, "
              "a detailed assessment or a pilot model (two quick assessments of the same "
              "facility are one support), counted by the day it started and within the "
              "filters; against the quantities the plan's technical-support budget lines "
              "(Appendix II, lines marked in the plan file) plan for the years up to the "
              "year. The list shows each support with its kind and the day it started."),
            has_facility_list=False,
        ),
        Definition(
            "I7", _("Technical guides published"),
            _("Technical guides published in the portal's library from the plan's first "
              "year through 31 December of the year (documents of the type technical guide, "
              "public on that day or earlier), against the quantities the plan's guides "
              "budget line (Appendix II, the line marked in the plan file) plans for the "
              "years up to the year. A guide names the sectors (VSIC divisions) it is written "
              "for; with a sector filter, a guide counts when it names that sector or none "
              "(a guide for every sector). The administrative unit and size filters do not "
              "apply."),
            has_facility_list=False,
        ),
    )
}

NOTES: dict[str, Promise] = {
    "I6": _("The plan marks none of its budget lines as technical support (quick or "
            "detailed assessments, pilot models): the denominator is the plan's target."),
    "I7": _("The plan marks none of its budget lines as planning technical guides: the "
            "denominator is the plan's target and no figure is shown."),
}

COUNTING_TEXT = _(
    "Figures count accepted reports. Provisional figures also count submitted reports that "
    "are waiting for review; drafts and returned reports are never counted."
)
STATUS_TEXT = _(
    "Status: achieved when the figure reaches the provincial target (for a band, its lower "
    "bound); on track when it reaches the straight line drawn from the figure of the plan's "
    "first year to the target in the target's year (the plan's last year unless the target "
    "names one); behind otherwise. Shares are compared as percentages, counts (I5) by their "
    "number; the savings band of I4 (8–13 %) by the median saving of the best of energy, raw "
    "and auxiliary materials."
)
SCOPE_TEXT = _(
    "An administrative unit includes the units below it and the former units that passed "
    "wholly into it (for example Nam Đông into Phú Lộc); a facility of a unit that was split "
    "counts under the unit it is registered in."
)


def fraction(numerator: int | None, denominator: int | Decimal | None) -> float | None:
    """numerator ÷ denominator, or None when either is unknown or the denominator is 0."""
    if numerator is None or not denominator:
        return None
    return numerator / float(denominator)
