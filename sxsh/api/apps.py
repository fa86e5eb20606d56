from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "sxsh.api"
    label = "api"
    verbose_name = _("REST API")

    def ready(self) -> None:
        from sxsh.core.audit import register, register_action

        from .models import Token

        # The hash is no secret's copy, but it has no place in a trail people read; the last
        # use is written by an UPDATE that the trail would not see anyway.
        register(Token, exclude_fields=["key_hash", "last_used_at"])
        register_action("api.token.created", _("API token created"))
        register_action("api.token.revoked", _("API token revoked"))
