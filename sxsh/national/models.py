"""Packages of yearly aggregates imported from the provinces' installations."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sxsh.core.scoping import ScopedQuerySet


class PackageQuerySet(ScopedQuerySet):
    """Packages are the provinces' published aggregates, read by whoever holds
    ``national.read`` (administrators read everything through ``for_user``)."""

    def scope_officer(self, user) -> PackageQuerySet:
        return self.all()

    # The ministry holds ``national.read`` too: every province's packages are what it reads.
    scope_ministry = scope_officer


class Package(models.Model):
    """One province's yearly aggregates as exported by its installation
    (``sxsh export-package``): the latest version imported for that province and year."""

    province_code = models.SlugField(_("province code"), max_length=40)
    province_name = models.CharField(_("province"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveBigIntegerField(_("version"))
    schema_version = models.CharField(_("schema version"), max_length=20)
    software_version = models.CharField(_("software version"), max_length=40)
    generated_at = models.DateTimeField(_("generated at"))
    checksum = models.CharField(_("checksum (SHA-256)"), max_length=64)
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    #: The package as exported (figures, targets, budget), checksum included.
    content = models.JSONField(_("content"))

    objects = PackageQuerySet.as_manager()

    class Meta:
        ordering = ["province_name", "-year"]
        constraints = [models.UniqueConstraint(fields=["province_code", "year"],
                                               name="uniq_package_province_year")]
        verbose_name = _("national package")
        verbose_name_plural = _("national packages")

    def __str__(self) -> str:
        return f"{self.province_name} {self.year} v{self.version}"
