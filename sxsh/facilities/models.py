"""Facilities: the register of industrial facilities and their yearly CP reports."""

from __future__ import annotations

import re

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from sxsh.core import years
from sxsh.core.models import AdminUnit, SizeThreshold, VsicDivision
from sxsh.core.scoping import ScopedQuerySet

#: ASCII digits only: a fullwidth or Arabic-Indic "digit" would make a look-alike
#: duplicate of a real code.
TAX_CODE_RE = re.compile(r"^[0-9]{10}(-[0-9]{3})?\Z")


def validate_tax_code(value: str) -> None:
    if not TAX_CODE_RE.match(value or ""):
        raise ValidationError(
            _("A tax code has 10 digits, or 10 digits, a hyphen and 3 digits for a branch."),
            code="tax_code",
        )


YEAR_VALIDATORS = years.VALIDATORS
current_year = years.current_year


class FacilityQuerySet(ScopedQuerySet):
    def scope_officer(self, user):
        """The facilities of the user's province (``User.in_province``: its predecessors'
        included); the ministry reads every province's."""
        return self.filter(user.in_province("admin_unit"))

    scope_viewer = scope_officer

    def scope_ministry(self, user):
        return self.all()

    def scope_consultant(self, user):
        """The facilities the consultant's agency serves: an assessment of its own, or an
        assignment to it (EXISTS, so a facility served twice is listed once), in its
        province."""
        return self.filter(served_by_agency(user.agency_id), user.in_province("admin_unit"))

    def scope_local(self, user):
        return self.filter(admin_unit_id__in=user.area_unit_ids())

    def scope_enterprise(self, user):
        return self.filter(accounts=user)

    def public(self):
        return self.filter(published=True)

    def open_in(self, year: int) -> FacilityQuerySet:
        """Facilities open in ``year``: opened ≤ year, and not closed or closed after it.

        Written with COALESCE rather than two ORs: SQLite would otherwise walk the
        (opened, closed) index piece by piece, slower than reading the table once when
        nearly every facility is open (bench/indicators.py).
        """
        return self.with_open_span().filter(open_condition(year))

    def with_open_span(self) -> FacilityQuerySet:
        """Aliases ``opened`` and ``closed`` (unknown: 0 and 9999) for ``open_condition``, so
        that one query can count the facilities open in several years."""
        return self.alias(
            opened=Coalesce("opened_year", Value(0)), closed=Coalesce("closed_year", Value(9999)),
        )


def open_condition(year: int) -> Q:
    """Open in ``year``, over the aliases of ``FacilityQuerySet.with_open_span``."""
    return Q(opened__lte=year, closed__gt=year)


class Facility(models.Model):
    tax_code = models.CharField(_("tax code"), max_length=14, unique=True,
                                validators=[validate_tax_code])
    name = models.CharField(_("name"), max_length=300)
    address = models.CharField(_("address"), max_length=500, blank=True)
    admin_unit = models.ForeignKey(AdminUnit, verbose_name=_("administrative unit"),
                                   on_delete=models.PROTECT, related_name="facilities")
    industrial_zone = models.CharField(_("industrial zone"), max_length=200, blank=True)
    vsic = models.ForeignKey(VsicDivision, verbose_name=_("VSIC division"),
                             on_delete=models.PROTECT, related_name="facilities")
    employees = models.PositiveIntegerField(_("employees with social insurance"), null=True,
                                            blank=True)
    revenue_bn_vnd = models.DecimalField(_("revenue (billion VND)"), max_digits=14,
                                         decimal_places=3, null=True, blank=True,
                                         validators=[MinValueValidator(0)])
    capital_bn_vnd = models.DecimalField(_("capital (billion VND)"), max_digits=14,
                                         decimal_places=3, null=True, blank=True,
                                         validators=[MinValueValidator(0)])
    opened_year = models.PositiveSmallIntegerField(_("opened in"), null=True, blank=True,
                                                   validators=YEAR_VALIDATORS)
    closed_year = models.PositiveSmallIntegerField(_("closed in"), null=True, blank=True,
                                                   validators=YEAR_VALIDATORS)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    # Stored (not computed on read) so that indicators can filter by size in SQL; set by
    # the service that writes the facility, from the Decree 80 thresholds.
    size_class = models.CharField(_("size class"), max_length=10, blank=True,
                                  choices=SizeThreshold.Size.choices)
    size_reason = models.CharField(_("size class reason"), max_length=400, blank=True)
    accounts = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("user accounts"),
                                      blank=True, related_name="facilities")
    published = models.BooleanField(
        _("name may be published"), default=False,
        help_text=_("The public portal may name this facility (e.g. a model case)."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = FacilityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        indexes = [models.Index(fields=["opened_year", "closed_year"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.tax_code})"


def served_by_agency(agency_id: int | None, path: str = "pk") -> Q:
    """Facilities (reached through ``path``) served by a consulting agency: one of its
    assessments there, or an assignment to it. The assessments context owns both models;
    they are looked up by name since it builds on this one."""
    if agency_id is None:
        return Q(pk__in=[])
    assessment = apps.get_model("assessments", "Assessment")
    assignment = apps.get_model("assessments", "Assignment")
    return (Q(Exists(assessment.objects.filter(facility_id=OuterRef(path),
                                               consultant_agency_id=agency_id)))
            | Q(Exists(assignment.objects.filter(facility_id=OuterRef(path),
                                                 agency_id=agency_id))))


class ReportQuerySet(ScopedQuerySet):
    def scope_officer(self, user):
        return self.filter(user.in_province("facility__admin_unit"))

    scope_viewer = scope_officer

    def scope_ministry(self, user):
        return self.all()

    def scope_consultant(self, user):
        """The reports of the facilities the consultant's agency serves (in its province)."""
        return self.filter(served_by_agency(user.agency_id, "facility_id"),
                           user.in_province("facility__admin_unit"))

    def scope_local(self, user):
        return self.filter(facility__admin_unit_id__in=user.area_unit_ids())

    def scope_enterprise(self, user):
        return self.filter(facility__accounts=user)

    def counted(self, provisional: bool = False) -> ReportQuerySet:
        """Reports that indicators count: accepted; with ``provisional`` also submitted."""
        return self.filter(status__in=counted_statuses(provisional))


def counted_statuses(provisional: bool = False) -> list[str]:
    """The statuses indicators count (also for join conditions, where no queryset fits)."""
    statuses = [Report.Status.ACCEPTED]
    if provisional:
        statuses.append(Report.Status.SUBMITTED)
    return statuses


class Report(models.Model):
    """A facility's yearly report on cleaner production."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")

    class Source(models.TextChoices):
        FORM = "form", _("Online form")
        UPLOAD = "upload", _("File upload")
        IMPORT = "import", _("Command-line import")
        DEMO = "demo", _("Demo data")

    class CoalGrade(models.TextChoices):
        GRADE_1 = "coal_1", _("Coal grade 1")
        GRADE_2 = "coal_2", _("Coal grade 2")
        GRADE_3 = "coal_3", _("Coal grade 3")

    facility = models.ForeignKey(Facility, verbose_name=_("facility"),
                                 on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True,
                                                     validators=YEAR_VALIDATORS)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices,
                              default=Source.FORM)
    aware = models.BooleanField(_("aware of CP benefits"), null=True, blank=True)
    cp_staff = models.BooleanField(_("dedicated CP staff"), null=True, blank=True)
    cp_applied = models.BooleanField(_("CP applied"), null=True, blank=True)
    cp_measures = models.TextField(_("CP measures"), blank=True)
    product_unit = models.CharField(_("product unit"), max_length=50, blank=True)
    production = models.DecimalField(_("production"), max_digits=18, decimal_places=3,
                                     null=True, blank=True)
    electricity_kwh = models.DecimalField(_("electricity (kWh)"), max_digits=18,
                                          decimal_places=3, null=True, blank=True)
    coal_t = models.DecimalField(_("coal (t)"), max_digits=18, decimal_places=3, null=True,
                                 blank=True)
    coal_grade = models.CharField(_("coal grade"), max_length=10, blank=True,
                                  choices=CoalGrade.choices)
    do_t = models.DecimalField(_("diesel oil DO (t)"), max_digits=18, decimal_places=3,
                               null=True, blank=True)
    fo_t = models.DecimalField(_("fuel oil FO (t)"), max_digits=18, decimal_places=3,
                               null=True, blank=True)
    lpg_t = models.DecimalField(_("LPG (t)"), max_digits=18, decimal_places=3, null=True,
                                blank=True)
    natural_gas_1000m3 = models.DecimalField(_("natural gas (1000 m³)"), max_digits=18,
                                             decimal_places=3, null=True, blank=True)
    biomass_t = models.DecimalField(_("biomass (t)"), max_digits=18, decimal_places=3,
                                    null=True, blank=True)
    raw_material_t = models.DecimalField(_("raw materials (t)"), max_digits=18,
                                         decimal_places=3, null=True, blank=True)
    aux_material_t = models.DecimalField(_("auxiliary materials (t)"), max_digits=18,
                                         decimal_places=3, null=True, blank=True)
    water_m3 = models.DecimalField(_("water (m³)"), max_digits=18, decimal_places=3,
                                   null=True, blank=True)
    # Derived with the factors of the report's year and stored, so that indicators
    # compute specific consumption in SQL and a later factor never changes a past report.
    energy_toe = models.DecimalField(_("energy (TOE)"), max_digits=18, decimal_places=4,
                                     null=True, blank=True)
    co2e_t = models.DecimalField(_("emissions (t CO₂e)"), max_digits=18, decimal_places=4,
                                 null=True, blank=True)
    # IPCC: CO₂ from burning biomass is biogenic, reported as a memo item, not in co2e_t.
    biogenic_co2_t = models.DecimalField(_("biogenic CO₂, memo (t)"), max_digits=18,
                                         decimal_places=4, null=True, blank=True)
    quality_warnings = models.JSONField(_("data-quality warnings"), default=list, blank=True)
    quality_comment = models.TextField(
        _("comment on data-quality warnings"), blank=True,
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The import that created the report: its audit action says who imported which file,
    # when (one action for the whole file, not one per report; see CONTRIBUTING.md).
    import_batch = models.ForeignKey("ImportBatch", verbose_name=_("created by import"),
                                     null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["facility__name", "-year"]
        verbose_name = _("yearly report")
        verbose_name_plural = _("yearly reports")
        constraints = [
            models.UniqueConstraint(fields=["facility", "year"], name="uniq_report_year")
        ]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self) -> str:
        return f"{self.facility.name} – {self.year}"


class ImportBatchQuerySet(ScopedQuerySet):
    """Officers read every import; anyone else the imports they made themselves."""

    def scope_officer(self, user):
        return self.all()

    def _own(self, user):
        return self.filter(user=user)

    scope_viewer = scope_consultant = scope_finance = scope_partner = _own
    scope_local = scope_enterprise = _own


class ImportBatch(models.Model):
    """An import that changed data: which file, by whom, and how many rows it wrote."""

    class Kind(models.TextChoices):
        FACILITIES = "facilities", _("Facilities")
        REPORTS = "reports", _("Yearly reports")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    file_name = models.CharField(_("file name"), max_length=300)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True,
                             blank=True, on_delete=models.SET_NULL, related_name="+")
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows})"
