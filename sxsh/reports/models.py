"""Annual reports and five-year summaries: a report per plan, kind and year, in versions.

A version is a draft (its figures come from today's data, its narrative is the officer's)
until it is issued: then its content is frozen as JSON with its number and date, and the
documents printed from that JSON are kept on disk with their checksums. An issued version
never changes; a correction is a new version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sxsh.core.scoping import ScopedQuerySet
from sxsh.plans.models import Plan


class AnnualReportQuerySet(ScopedQuerySet):
    """The officer reads every report; leadership and the ministry those issued."""

    def scope_officer(self, user):
        return self.filter(user.in_province("plan__province"))

    def scope_viewer(self, user):
        return self.filter(user.in_province("plan__province"),
                           versions__status=ReportVersion.Status.ISSUED).distinct()

    def scope_ministry(self, user):
        return self.filter(versions__status=ReportVersion.Status.ISSUED).distinct()


class Report(models.Model):
    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Annual report")
        FIVE_YEAR = "five_year", _("Five-year summary")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.PROTECT,
                             related_name="reports")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "kind", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "kind", "year"],
                                               name="uniq_report")]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"


class ReportVersionQuerySet(ScopedQuerySet):
    """The officer reads every version; leadership and the ministry the issued ones."""

    def scope_officer(self, user):
        return self.filter(user.in_province("report__plan__province"))

    def scope_viewer(self, user):
        return self.filter(user.in_province("report__plan__province"),
                           status=ReportVersion.Status.ISSUED)

    def scope_ministry(self, user):
        return self.filter(status=ReportVersion.Status.ISSUED)


class ReportVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        #: The number and date are reserved; the worker assembles, freezes and prints it.
        ISSUING = "issuing", _("Being issued")
        ISSUED = "issued", _("Issued")

    class Files(models.TextChoices):
        NONE = "", _("Not generated")
        PENDING = "pending", _("Being generated")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    report = models.ForeignKey(Report, verbose_name=_("report"), on_delete=models.CASCADE,
                               related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices,
                              default=Status.DRAFT)
    #: The officer's sections (``assembly.NARRATIVE_KEYS``) and the signer's name.
    narrative = models.JSONField(_("narrative"), default=dict, blank=True)
    #: ``ReportContent.to_dict()`` as issued; empty on a draft.
    content = models.JSONField(_("content"), null=True, blank=True, editable=False)
    document_number = models.CharField(_("document number"), max_length=20, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("issued by"),
                                  null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("prepared by"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    files_status = models.CharField(_("files"), max_length=8, choices=Files.choices,
                                    default=Files.NONE, blank=True)
    #: format → {"name": stored file name, "sha256": …, "size": bytes}.
    files = models.JSONField(_("files"), default=dict, blank=True, editable=False)
    #: The steps of issuing the worker has done (``services.ISSUE_STEPS``).
    progress = models.PositiveSmallIntegerField(_("progress"), default=0, editable=False)
    #: Why issuing failed last, in the officer's words; empty once issued.
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ReportVersionQuerySet.as_manager()

    class Meta:
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"],
                                               name="uniq_report_version")]
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    @property
    def is_issuing(self) -> bool:
        return self.status == self.Status.ISSUING
