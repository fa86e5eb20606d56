"""Personal API tokens: a user's key to the API, acting exactly as that user.

The secret is shown once, when the token is made, and never stored: the table keeps a short
public prefix (to find the row and to name the token on its page) and the SHA-256 hash of
the secret. A hash without salt is enough because the secret is 32 random bytes, not a
password someone chose.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sxsh.core.scoping import ScopedQuerySet

#: How long a token lives unless its owner says otherwise, and at most.
DEFAULT_LIFETIME = dt.timedelta(days=90)
MAX_LIFETIME = dt.timedelta(days=365)
#: ``last_used_at`` is written at most this often, to spare a write per request.
LAST_USED_STEP = dt.timedelta(minutes=1)


class TokenQuerySet(ScopedQuerySet):
    """A user reads only their own tokens (the administrator every token: ``for_user``)."""

    def _own(self, user):
        return self.filter(user=user)

    scope_officer = scope_consultant = scope_finance = scope_partner = _own
    scope_local = scope_enterprise = scope_viewer = scope_ministry = _own


class Token(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"),
                             on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    key_hash = models.CharField(_("hash of the secret"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = TokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    def state(self, now: dt.datetime | None = None) -> str:
        if self.revoked_at is not None:
            return self.State.REVOKED
        if self.expires_at <= (now or timezone.now()):
            return self.State.EXPIRED
        return self.State.ACTIVE

    def get_state_display(self) -> str:
        return str(self.State(self.state()).label)
