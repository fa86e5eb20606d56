from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "sxsh.activities"
    label = "activities"
    verbose_name = _("Activities")

    def ready(self) -> None:
        from sxsh.core.audit import register, register_action

        from . import models as m

        register(m.Activity, m.Attendance, m.Output, m.Survey, m.Question, m.Response,
                 m.FocalPoint, m.LocalReport, m.Award)
        register_action("activities.response.matched", _("survey answer matched to a facility"))
        register_action("activities.response.register_updated",
                        _("register updated from a survey answer"))
        for step, label in (("created", _("local report created")),
                            ("submitted", _("local report submitted")),
                            ("accepted", _("local report accepted")),
                            ("returned", _("local report returned"))):
            register_action(f"activities.local_report.{step}", label)

    def work_items(self, user) -> list:
        """The local network's work waiting for the user (``work.work_items``)."""
        from .work import work_items

        return work_items(user)
