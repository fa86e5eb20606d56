from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "sxsh.facilities"
    label = "facilities"
    verbose_name = _("Facilities")

    def ready(self) -> None:
        from sxsh.core.audit import register

        from . import models as m

        register(m.Facility, m.Report, m.ReportStatusChange, m.ImportBatch)
