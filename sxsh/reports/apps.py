from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: The steps of a report's version, as the audit trail names them.
VERSION_ACTIONS = {
    "created": _("Report version created"),
    "narrative_saved": _("Report narrative saved"),
    "issuing": _("Report version being issued"),
    "issued": _("Report version issued"),
    "issue_failed": _("Report version failed to issue"),
    # Before the worker issued a version whole, it generated the files of an issued one.
    "files_generated": _("Report files generated"),
}


class ReportsConfig(AppConfig):
    name = "sxsh.reports"
    label = "reports"
    verbose_name = _("Annual reports")

    def ready(self) -> None:
        from sxsh.core.audit import register, register_action

        from . import models as m

        register(m.Report)
        register(m.ReportVersion, exclude_fields=["content", "files", "updated_at"])
        for code, label in VERSION_ACTIONS.items():
            register_action(f"reports.version.{code}", label)
