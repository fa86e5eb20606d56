"""A file uploaded to be imported in the background, and what became of it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sxsh.core.scoping import ScopedQuerySet


class ImportJobQuerySet(ScopedQuerySet):
    """A job is read by the user who uploaded its file, and by nobody else (administrators
    read everything, as for every model)."""

    def _own(self, user):
        return self.filter(user=user)

    scope_officer = scope_consultant = scope_finance = scope_partner = _own
    scope_local = scope_enterprise = scope_viewer = _own


class ImportJob(models.Model):
    class Kind(models.TextChoices):
        REPORTS = "facilities.reports", _("Yearly reports")
        FACILITIES = "facilities.facilities", _("Facilities")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"),
                             on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    file_name = models.CharField(_("file name"), max_length=300)
    #: The file's name in ``settings.JOBS_DIR`` while it waits (removed when the job ends).
    stored_name = models.CharField(max_length=100, editable=False)
    size_bytes = models.PositiveBigIntegerField(_("size (bytes)"))
    #: The uploader's language: the worker writes the result's messages in it.
    language = models.CharField(max_length=10, default="vi", editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.WAITING)
    #: The import's answer (``ImportResult`` as plain data) once it has run.
    result = models.JSONField(_("result"), null=True, blank=True)
    #: Why the job failed, in the user's words (an unexpected error is named, not shown).
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
