from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "sxsh.facilities"
    label = "facilities"
    verbose_name = _("Facilities")

    def ready(self) -> None:
        from sxsh.core.audit import register

        from . import models as m

        # Linking an account grants access to the facility's data: the link is audited.
        register(m.Facility, m2m_fields={"accounts"})
        register(m.Report, m.ReportStatusChange, m.ImportBatch)

    def home_block(self, request) -> dict | None:
        """The user's facilities and what waits for them, on the home page."""
        from .selectors import home_figures

        if not request.user.is_authenticated:
            return None
        figures = home_figures(user=request.user)
        return {"template": "facilities/_home.html", **figures} if figures else None
