from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "sxsh.activities"
    label = "activities"
    verbose_name = _("Activities")

    def ready(self) -> None:
        from sxsh.core.audit import register, register_action

        from . import models as m

        register(m.Activity, m.Attendance, m.Output, m.Survey, m.Question, m.Response)
        register_action("activities.response.matched", _("survey answer matched to a facility"))
        register_action("activities.response.register_updated",
                        _("register updated from a survey answer"))
