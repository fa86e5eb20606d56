from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "sxsh.plans"
    label = "plans"
    verbose_name = _("Plans")

    def ready(self) -> None:
        from sxsh.core.audit import register

        from . import models as m

        register(m.Plan, m.Target)
