from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "sxsh.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        from sxsh.core.audit import register

        from . import models as m

        # The job's creation (who uploaded which file) and its end are in the trail; the
        # rows it imports are audited by the importer, as made by the job's user.
        register(m.ImportJob, include_fields=["kind", "file_name", "user", "status"])
