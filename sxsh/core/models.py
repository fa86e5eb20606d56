"""Core: administrative units, agencies, users and their roles, reference tables."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import ClassVar, Self

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Value
from django.utils.translation import gettext_lazy as _

from . import formatting
from .capabilities import ROLE_BINDING, can
from .scoping import PublicQuerySet, Role, ScopedQuerySet


class Verification(models.TextChoices):
    YES = "yes", _("Verified")
    PARTLY = "partly", _("Partly verified")
    NO = "no", _("Not verified")


#: The code prefix of the provinces loaded from the national list
#: (``data/reference/provinces``): the other provinces of the country, not units of the
#: installation's own province, so the lists of units people pick from leave them out.
NATIONAL_PREFIX = "vn-"


class AdminUnitQuerySet(PublicQuerySet):
    """The province's units are public knowledge: anyone may read them."""

    def local(self) -> AdminUnitQuerySet:
        """The installation's own units (its province and the units below), without the
        other provinces of the national list."""
        return self.exclude(code__startswith=NATIONAL_PREFIX)

    def provinces(self) -> AdminUnitQuerySet:
        """Provincial-level units: provinces and centrally-run cities, every version."""
        return self.filter(level__in=PROVINCIAL_LEVELS)

    def in_provinces(self, provinces: models.QuerySet) -> AdminUnitQuerySet:
        """The units lying in one of ``provinces`` (a query of provincial units' ids): the
        provinces themselves and the units below them, down to the commune under a district
        (three levels), as one subquery: a user's scope adds no query to a list."""
        return self.filter(Q(pk__in=provinces) | Q(parent_id__in=provinces)
                           | Q(parent__parent_id__in=provinces)
                           | Q(parent__parent__parent_id__in=provinces))

    def valid_on(self, day: dt.date) -> AdminUnitQuerySet:
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )


class AdminUnit(models.Model):
    """A unit of the province's administration, with the dates it existed."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city_centrally_run", _("Centrally-run city")
        DISTRICT = "district", _("District level")
        COMMUNE = "commune", _("Commune level")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    gso_code = models.CharField(
        _("GSO code"), max_length=5, blank=True, default="", db_index=True,
        help_text=_("The statistics office's code of a province (Decision 124/2004/QĐ-TTg, "
                    "Decision 19/2025/QĐ-TTg); one code may name several versions."),
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    verified = models.CharField(
        _("verification"), max_length=10, choices=Verification.choices, default=Verification.YES
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        ordering = ["level", "name"]
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date is before the start date.")})

    def area_ids(self) -> frozenset[int]:
        """This unit's area: the unit, every unit below it, and the former units that
        passed wholly into one of them — the one meaning of "area" for the register, the
        indicators and the exports.

        Reads the two small tables whole (two queries) and walks them in memory, so that
        an old district (before the 2025 reforms) and today's units both work: the city
        of Huế includes the former province's districts, Phú Lộc includes Nam Đông. A
        unit that was split (partly passed) is not folded into its successors: its
        facilities count under the unit they are registered in.
        """
        return AdminUnit.areas([self.pk])[self.pk]

    @staticmethod
    def areas(pks: list[int]) -> dict[int, frozenset[int]]:
        """``area_ids`` of each unit of ``pks``, from the same two queries (the ministry's
        table of provinces reads every province's area at once)."""
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in AdminUnit.objects.values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        wholly_from: dict[int, list[int]] = {}
        for pred, succ in AdminUnitSuccession.objects.filter(whole=True).values_list(
            "predecessor_id", "successor_id"
        ):
            wholly_from.setdefault(succ, []).append(pred)
        found = {}
        for start in pks:
            area: set[int] = set()
            stack = [start]
            while stack:
                pk = stack.pop()
                if pk in area:
                    continue
                area.add(pk)
                stack.extend(children.get(pk, ()))
                stack.extend(wholly_from.get(pk, ()))
            found[start] = frozenset(area)
        return found

    @staticmethod
    def plan_provinces(unit_id: int | None = None, *, agency_id: int | None = None
                       ) -> tuple[int | None, frozenset[int]]:
        """The province a unit lies in (without a unit, the province of the agency
        ``agency_id`` — the reader's department —, else the installation's,
        ``settings.HOME_PROVINCE``) and the provinces whose plans hold for it: that
        province and those that passed wholly into it (Thừa Thiên Huế into Huế; Lâm Đồng,
        Đắk Nông and Bình Thuận into today's Lâm Đồng). Two queries (the agency's province
        is read in the first)."""
        from django.conf import settings

        rows = AdminUnit.objects.all()
        if unit_id is None and agency_id is not None:
            rows = rows.annotate(agency_home=Exists(
                Agency.objects.filter(pk=agency_id, province_id=OuterRef("pk"))))
        else:
            rows = rows.annotate(agency_home=Value(False))
        units: dict[int, tuple[int | None, str, str]] = {}
        agency_province = None
        for pk, parent_id, level, code, agency_home in rows.values_list(
                "pk", "parent_id", "level", "code", "agency_home"):
            units[pk] = (parent_id, level, code)
            if agency_home:
                agency_province = pk
        wholly_from: dict[int, list[int]] = {}
        wholly_to: dict[int, int] = {}
        for pred, succ in AdminUnitSuccession.objects.filter(whole=True).values_list(
                "predecessor_id", "successor_id"):
            wholly_from.setdefault(succ, []).append(pred)
            wholly_to[pred] = succ
        if unit_id is None and agency_province is not None:
            # the department's province as it stands today (Thừa Thiên Huế's serves Huế)
            unit_id = agency_province
            while unit_id in wholly_to:
                unit_id = wholly_to[unit_id]
        elif unit_id is None:
            unit_id = next((pk for pk, (_p, _l, code) in units.items()
                            if code == settings.HOME_PROVINCE), None)
        while unit_id is not None and units[unit_id][1] not in PROVINCIAL_LEVELS:
            unit_id = units[unit_id][0]
        if unit_id is None:
            return None, frozenset()
        found: set[int] = set()
        stack = [unit_id]
        while stack:
            pk = stack.pop()
            if pk not in found and units[pk][1] in PROVINCIAL_LEVELS:
                found.add(pk)
                stack.extend(wholly_from.get(pk, ()))
        return unit_id, frozenset(found)

    @property
    def is_provincial(self) -> bool:
        return self.level in PROVINCIAL_LEVELS

    def province(self) -> AdminUnit | None:
        """The provincial-level unit this unit lies in (itself for a province)."""
        unit: AdminUnit | None = self
        while unit is not None and not unit.is_provincial:
            unit = unit.parent
        return unit


PROVINCIAL_LEVELS = (AdminUnit.Level.PROVINCE, AdminUnit.Level.CITY)


class AdminUnitSuccession(models.Model):
    """An old unit whose area passed (in whole or in part) to a new unit on a date."""

    predecessor = models.ForeignKey(
        AdminUnit, verbose_name=_("old unit"), on_delete=models.CASCADE, related_name="successions"
    )
    successor = models.ForeignKey(
        AdminUnit, verbose_name=_("new unit"), on_delete=models.CASCADE,
        related_name="predecessions",
    )
    effective_date = models.DateField(_("effective date"))
    whole = models.BooleanField(
        _("whole area"), default=True,
        help_text=_("Unticked when only part of the old unit went to the new one."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["effective_date", "predecessor__name"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="uniq_succession")
        ]
        verbose_name = _("administrative unit succession")
        verbose_name_plural = _("administrative unit successions")

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({formatting.day(self.effective_date)})"


class Agency(models.Model):
    """A body named in a plan: a department, a centre, a committee, a newspaper."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        PROVINCE = "province", _("Provincial People's Committee")
        DEPARTMENT = "department", _("Provincial department")
        CENTRE = "centre", _("Centre")
        BOARD = "board", _("Management board")
        DISTRICT = "district", _("District People's Committee")
        MEDIA = "media", _("Press and media")
        OTHER = "other", _("Other")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent agency"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    admin_unit = models.ForeignKey(
        AdminUnit, verbose_name=_("administrative unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="agencies",
    )
    aliases = models.TextField(
        _("other names"), blank=True,
        help_text=_("Other spellings used in documents, one per line."),
    )
    province = models.ForeignKey(
        AdminUnit, verbose_name=_("province"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="province_agencies",
        limit_choices_to={"level__in": ("province", "city_centrally_run")},
        help_text=_("The province the agency serves; empty for a national body (a ministry). "
                    "Plan files name agencies within their plan's province."),
    )

    # Agencies are named in public plans: anyone may read them.
    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.short_name or self.name


class User(AbstractUser):
    """A person with one role, bound to the organisation that role needs."""

    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    cp_trained = models.BooleanField(
        _("trained to guide CP"), default=False,
        help_text=_("Officers of the department able to guide cleaner production (indicator I5)."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="users",
    )
    admin_unit = models.ForeignKey(
        AdminUnit, verbose_name=_("administrative unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="users",
        help_text=_("The area of a local focal point."),
    )

    objects: ClassVar[UserManager[Self]] = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        super().clean()
        binding = ROLE_BINDING.get(self.role)
        if binding == "admin_unit" and not self.admin_unit_id:
            raise ValidationError(
                {"admin_unit": _("A local focal point must be bound to an administrative unit.")}
            )
        if binding == "agency" and not self.agency_id:
            raise ValidationError({"agency": _("This role must be bound to an agency.")})

    @property
    def is_province_wide(self) -> bool:
        return can(self, "core.whole_province")

    def provinces(self) -> models.QuerySet:
        """The provinces whose records this user reads, as a subquery of ids: its agency's
        province as it stands today (Thừa Thiên Huế's department serves Huế; Đắk Nông's
        serves today's Lâm Đồng) and the provinces that passed wholly into it (Huế reads
        Thừa Thiên Huế's records, today's Lâm Đồng those of Lâm Đồng, Đắk Nông and Bình
        Thuận until 30/6/2025). Empty for a user whose organisation names no province."""
        if self.agency_id is None:
            return AdminUnit.objects.none().values("pk")
        own = Agency.objects.filter(pk=self.agency_id).values("province_id")
        today = AdminUnit.objects.filter(
            Q(pk__in=own) | Q(predecessions__predecessor_id__in=own, predecessions__whole=True)
        ).values("pk")
        return AdminUnit.objects.provinces().filter(
            Q(pk__in=today) | Q(successions__successor_id__in=today, successions__whole=True)
        ).values("pk")

    def in_province(self, unit: str) -> Q:
        """The rows of this user's province(s) (``provinces``), for a province-wide role:
        ``unit`` is the lookup from the row to its admin unit (``"admin_unit"``,
        ``"facility__admin_unit"``, ``"plan__province"``). A user whose organisation names
        no province (no agency, or a national one) reads as before provinces were told
        apart: every row the installation holds, which is its home province's when the
        installation holds one province. In SQL, so a list gains no query by it."""
        if not self.agency_id:
            return Q()
        unbound = Exists(Agency.objects.filter(pk=self.agency_id, province__isnull=True))
        return Q(unbound) | Q(**{f"{unit}__in": AdminUnit.objects.in_provinces(
            self.provinces()).values("pk")})

    def area_unit_ids(self) -> frozenset[int]:
        """The units a local focal point answers for: ``AdminUnit.area_ids`` of its unit
        (kept for the request, as the user object is)."""
        if not self.admin_unit_id:
            return frozenset()
        cached = getattr(self, "_area_unit_ids", None)
        if cached is None or cached[0] != self.admin_unit_id:
            unit = AdminUnit.objects.get(pk=self.admin_unit_id) if self.admin_unit is None \
                else self.admin_unit
            cached = (self.admin_unit_id, unit.area_ids())
            self._area_unit_ids = cached
        return cached[1]


# --- Reference tables -------------------------------------------------------------
# Reference data is public knowledge: anyone may read it (``PublicQuerySet``). Every
# factor carries the first year it applies to, so adding a newer factor never changes a
# result computed for an earlier year.


class VsicDivision(models.Model):
    code = models.CharField(_("division"), max_length=2, unique=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300)
    source = models.CharField(_("source"), max_length=300)

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("VSIC 2018 division")
        verbose_name_plural = _("VSIC 2018 divisions")

    def __str__(self) -> str:
        return f"{self.code} – {self.name_vi}"

    @property
    def is_manufacturing(self) -> bool:
        return 10 <= int(self.code) <= 33


class SizeThreshold(models.Model):
    """Decree 80/2021/NĐ-CP: the upper bounds of micro, small and medium enterprises."""

    class SectorGroup(models.TextChoices):
        INDUSTRY = "industry_construction_agriculture", _("Industry, construction, agriculture")
        TRADE = "trade_services", _("Trade and services")

    class Size(models.TextChoices):
        MICRO = "micro", _("Micro")
        SMALL = "small", _("Small")
        MEDIUM = "medium", _("Medium")
        LARGE = "large", _("Large")

    sector_group = models.CharField(_("sector group"), max_length=40, choices=SectorGroup.choices)
    size = models.CharField(_("size"), max_length=10, choices=Size.choices)
    valid_from_year = models.PositiveSmallIntegerField(_("valid from year"), default=2021)
    max_employees = models.PositiveIntegerField(_("max. employees with social insurance"))
    max_revenue_bn_vnd = models.DecimalField(
        _("max. revenue (billion VND)"), max_digits=12, decimal_places=2
    )
    max_capital_bn_vnd = models.DecimalField(
        _("max. capital (billion VND)"), max_digits=12, decimal_places=2
    )
    source = models.CharField(_("source"), max_length=300)

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["sector_group", "valid_from_year", "max_employees"]
        constraints = [
            models.UniqueConstraint(
                fields=["sector_group", "size", "valid_from_year"], name="uniq_size_threshold"
            )
        ]
        verbose_name = _("size threshold")
        verbose_name_plural = _("size thresholds")

    def __str__(self) -> str:
        return f"{self.get_sector_group_display()} – {self.get_size_display()}"


class GridEmissionFactor(models.Model):
    class Status(models.TextChoices):
        ANNOUNCED = "announced", _("Announced")
        PROVISIONAL = "provisional", _("Provisional")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    tco2e_per_mwh = models.DecimalField(
        _("tCO₂e per MWh"), max_digits=8, decimal_places=4,
        validators=[MinValueValidator(Decimal("0"))],
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    source = models.CharField(_("source"), max_length=300)

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["year"]
        verbose_name = _("grid emission factor")
        verbose_name_plural = _("grid emission factors")

    def __str__(self) -> str:
        return f"{self.year}: {self.tco2e_per_mwh}"


class EnergyConversionFactor(models.Model):
    """Tonnes of oil equivalent per unit of an energy carrier (per coal grade for coal)."""

    carrier = models.CharField(_("energy carrier"), max_length=40)
    unit = models.CharField(_("unit"), max_length=20)
    grade = models.CharField(_("grade"), max_length=40, blank=True)
    valid_from_year = models.PositiveSmallIntegerField(_("valid from year"), default=2011)
    toe_per_unit = models.DecimalField(
        _("TOE per unit"), max_digits=12, decimal_places=7,
        validators=[MinValueValidator(Decimal("0"))],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Verification.choices, default=Verification.YES
    )
    source = models.CharField(_("source"), max_length=300)

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["carrier", "unit", "grade", "valid_from_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["carrier", "unit", "grade", "valid_from_year"], name="uniq_toe_factor"
            )
        ]
        verbose_name = _("TOE conversion factor")
        verbose_name_plural = _("TOE conversion factors")

    def __str__(self) -> str:
        grade = f" ({self.grade})" if self.grade else ""
        return f"{self.carrier}{grade}, {self.unit}: {self.toe_per_unit}"


class FuelEmissionFactor(models.Model):
    """IPCC 2006 default emission factors and net calorific value of a fuel."""

    fuel = models.CharField(_("fuel"), max_length=40)
    valid_from_year = models.PositiveSmallIntegerField(_("valid from year"), default=2006)
    co2_kg_per_tj = models.DecimalField(_("CO₂ (kg/TJ)"), max_digits=10, decimal_places=2)
    ncv_tj_per_gg = models.DecimalField(_("net calorific value (TJ/Gg)"), max_digits=8,
                                        decimal_places=3)
    ch4_kg_per_tj = models.DecimalField(_("CH₄ (kg/TJ)"), max_digits=8, decimal_places=3)
    n2o_kg_per_tj = models.DecimalField(_("N₂O (kg/TJ)"), max_digits=8, decimal_places=3)
    biogenic = models.BooleanField(_("biogenic"), default=False)
    source = models.CharField(_("source"), max_length=300)

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["fuel", "valid_from_year"]
        constraints = [
            models.UniqueConstraint(fields=["fuel", "valid_from_year"], name="uniq_fuel_factor")
        ]
        verbose_name = _("fuel emission factor")
        verbose_name_plural = _("fuel emission factors")

    def __str__(self) -> str:
        return self.fuel


# --- Audit actions ----------------------------------------------------------------


class AuditActionQuerySet(ScopedQuerySet):
    """The trail is read by the programme officers (the audit page); a record's own steps
    are shown beside the record to whoever reads it (``audit.history``)."""

    def scope_officer(self, user):
        return self.all()


class AuditAction(models.Model):
    """A step a person took on a record, in the project's vocabulary
    (``facilities.report.accepted``, ``plans.budget.approved``), with what it carried
    (statuses, comment, decision). django-auditlog keeps the field diffs beside it; the
    audit page reads both. Written by ``audit.log_action`` only."""

    action_type = models.CharField(_("action"), max_length=80, db_index=True)
    content_type = models.ForeignKey("contenttypes.ContentType", verbose_name=_("record type"),
                                     on_delete=models.PROTECT, related_name="+")
    object_pk = models.CharField(_("record ID"), max_length=64, db_index=True)
    object_repr = models.CharField(_("record"), max_length=300)
    actor = models.ForeignKey("core.User", verbose_name=_("user"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    data = models.JSONField(_("data"), default=dict, blank=True)
    timestamp = models.DateTimeField(_("time"), db_index=True)

    objects = AuditActionQuerySet.as_manager()

    class Meta:
        ordering = ["timestamp", "pk"]
        indexes = [models.Index(fields=["content_type", "object_pk"])]
        verbose_name = _("audited action")
        verbose_name_plural = _("audited actions")

    def __str__(self) -> str:
        return f"{self.action_type} {self.object_repr}"
