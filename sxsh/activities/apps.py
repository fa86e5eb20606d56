from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "sxsh.activities"
    label = "activities"
    verbose_name = _("Activities")

    def ready(self) -> None:
        from sxsh.core.audit import register

        from . import models as m

        register(m.Activity, m.Attendance, m.Output)
