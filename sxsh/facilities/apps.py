from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: The steps of a yearly report, as the audit trail names them.
REPORT_ACTIONS = {
    "created": _("Report created"),
    "submitted": _("Report submitted"),
    "accepted": _("Report accepted"),
    "returned": _("Report returned"),
    "reopened": _("Report reopened"),
    "imported": _("Report imported from a file"),
}
#: The action that audits a reports import as a whole (on its ``ImportBatch``).
IMPORT_ACTION = "facilities.import.reports"


class FacilitiesConfig(AppConfig):
    name = "sxsh.facilities"
    label = "facilities"
    verbose_name = _("Facilities")

    def ready(self) -> None:
        from sxsh.core.audit import register, register_action

        from . import models as m

        # Linking an account grants access to the facility's data: the link is audited.
        register(m.Facility, m2m_fields={"accounts"})
        register(m.Report, m.ImportBatch)
        statuses = {"from": dict(m.Report.Status.choices), "to": dict(m.Report.Status.choices)}
        for code, label in REPORT_ACTIONS.items():
            register_action(f"facilities.report.{code}", label, choices=statuses)
        register_action(IMPORT_ACTION, _("Yearly reports imported from a file"))

    def home_block(self, request) -> dict | None:
        """The user's facilities and what waits for them, on the home page."""
        from .selectors import home_figures

        if not request.user.is_authenticated:
            return None
        figures = home_figures(user=request.user)
        return {"template": "facilities/_home.html", **figures} if figures else None

    def work_items(self, user) -> list:
        """The yearly reports waiting for the user (``selectors.work_items``)."""
        from .selectors import work_items

        return work_items(user)
