from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sxsh.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from . import audit, search

        audit.register_core_models()
        connection_created.connect(search.register_sqlite, dispatch_uid="sxsh_fold")
