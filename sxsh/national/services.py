"""Writes of the national context: importing a province's package."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sxsh.core.audit import log_action
from sxsh.core.models import AdminUnit
from sxsh.facilities.models import Facility

from .models import Package
from .package import package_check


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did: ``created``, ``replaced`` or ``unchanged``."""

    package: Package
    outcome: str
    previous_version: int | None = None


def _holds_facilities_of(province_code: str) -> bool:
    """Whether this installation registers facilities of the province itself: its
    figures are computed here, a package must not stand beside them."""
    unit = AdminUnit.objects.filter(code=province_code).first()
    return unit is not None and Facility.objects.filter(
        admin_unit_id__in=unit.area_ids()).exists()


def _fields(package: dict) -> dict:
    return {
        "province_name": package["province"]["name"], "version": package["version"],
        "schema_version": package["schema_version"],
        "software_version": package["software"]["version"],
        "generated_at": dt.datetime.fromisoformat(package["generated_at"]),
        "checksum": package["checksum"], "content": package, "imported_at": timezone.now(),
    }


@transaction.atomic
def package_import(*, text: str | bytes, user=None) -> ImportOutcome:
    """Store the package in ``text`` (checked against the schema and its checksum) for its
    province and year: a new one is created, a newer version replaces the stored one (an
    audited step naming both versions), the same package changes nothing; an older version,
    another package under the same version, or a province whose facilities this
    installation registers is refused (ValidationError, nothing written)."""
    package = package_check(text)
    code, year, version = package["province"]["code"], package["year"], package["version"]
    if _holds_facilities_of(code):
        raise ValidationError(
            _("This installation registers the facilities of %(province)s: its figures are "
              "computed here and no package is imported for it.")
            % {"province": package["province"]["name"]})
    stored = (Package.objects.select_for_update()
              .filter(province_code=code, year=year).first())
    if stored is None:
        created = Package.objects.create(province_code=code, year=year, **_fields(package))
        log_action(created, "national.package.imported", user=user,
                   data={"version": version, "checksum": package["checksum"]})
        return ImportOutcome(created, "created")
    if stored.version == version and stored.checksum == package["checksum"]:
        return ImportOutcome(stored, "unchanged", stored.version)
    if version <= stored.version:
        raise ValidationError(
            _("%(province)s %(year)s: version %(version)s is not newer than the imported "
              "version %(stored)s; nothing was changed.")
            % {"province": stored.province_name, "year": year, "version": version,
               "stored": stored.version})
    previous = stored.version
    for name, value in _fields(package).items():
        setattr(stored, name, value)
    stored.save()
    log_action(stored, "national.package.replaced", user=user,
               data={"from": previous, "to": version, "checksum": package["checksum"]})
    return ImportOutcome(stored, "replaced", previous)
