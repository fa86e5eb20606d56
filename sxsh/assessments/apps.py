from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: The steps of an assessment and of an option, as the audit trail names them.
ASSESSMENT_ACTIONS = {
    "assessment.started": _("Assessment started"),
    "assessment.closed": _("Assessment closed"),
    "option.screened": _("CP option screened"),
    "option.implemented": _("CP option implemented"),
    "option.verified": _("CP option savings verified"),
}


class AssessmentsConfig(AppConfig):
    name = "sxsh.assessments"
    label = "assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        from sxsh.core.audit import register, register_action

        from . import models as m

        register(m.Assessment, m.Assignment, m.TeamMember, m.ProcessStep, m.Flow,
                 m.WasteStream, m.Option, m.Measurement, m.PilotFunding)
        statuses = dict(m.Option.Status.choices)
        for code, label in ASSESSMENT_ACTIONS.items():
            register_action(f"assessments.{code}", label,
                            choices={"from": statuses, "to": statuses})
