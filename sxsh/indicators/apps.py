from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "sxsh.indicators"
    label = "indicators"
    verbose_name = _("Indicators")

    def home_block(self, request) -> dict:
        """The home page's pointer to the open indicators (and the dashboard for its users)."""
        from sxsh.core.capabilities import can

        return {
            "template": "indicators/_home_block.html",
            "dashboard": can(request.user, "indicators.dashboard"),
        }
