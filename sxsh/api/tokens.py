"""Writes and look-ups of personal API tokens (``models.Token``).

A key reads ``sxsh_<prefix>_<secret>``: the prefix finds the row, the secret's SHA-256 is
compared with the stored hash in constant time. The secret itself is returned once, by
``token_create``, and kept nowhere.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sxsh.core.audit import log_action
from sxsh.core.models import User

from .models import DEFAULT_LIFETIME, LAST_USED_STEP, MAX_LIFETIME, Token

KEY_START = "sxsh"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_expiry_error(expires_at: dt.datetime, now: dt.datetime) -> str | None:
    """Why a token cannot expire at ``expires_at``, or None: in the future, within a year."""
    if expires_at <= now:
        return _("The expiry must be in the future.")
    if expires_at > now + MAX_LIFETIME:
        return _("A token lives at most one year.")
    return None


@transaction.atomic
def token_create(*, user: User, name: str,
                 expires_at: dt.datetime | None = None) -> tuple[Token, str]:
    """Make a token for ``user`` (90 days unless told, at most a year): the token and the
    whole key, which only this answer ever holds."""
    now = timezone.now()
    expires_at = expires_at or now + DEFAULT_LIFETIME
    errors = {}
    if not name.strip():
        errors["name"] = _("Name the token after the system that will use it.")
    expiry = token_expiry_error(expires_at, now)
    if expiry:
        errors["expires_at"] = expiry
    if errors:
        raise ValidationError(errors)
    prefix = secrets.token_hex(4)
    while Token.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    token = Token.objects.create(user=user, name=name.strip(), prefix=prefix,
                                 key_hash=_hash(secret), expires_at=expires_at)
    log_action(token, "api.token.created", user=user,
               data={"expires": expires_at.date().isoformat()})
    return token, f"{KEY_START}_{prefix}_{secret}"


@transaction.atomic
def token_revoke(*, token: Token, user: User) -> Token:
    """Revoke a token the user may see (their own; any, for the administrator)."""
    token = Token.objects.select_for_update().get_for_user_or_404(user, pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log_action(token, "api.token.revoked", user=user)
    return token


class Refused(Exception):
    """A key that does not let its bearer in, with the reason to answer."""


def token_for_key(key: str, *, now: dt.datetime | None = None) -> Token:
    """The live token of ``key`` with its user, its last use noted (at most once a minute);
    ``Refused`` for a key unknown, wrong, revoked or expired, or of an inactive user."""
    now = now or timezone.now()
    start, _sep, rest = key.partition("_")
    prefix, _sep, secret = rest.partition("_")
    token = (Token.objects.select_related("user").filter(prefix=prefix).first()
             if start == KEY_START and prefix and secret else None)
    # Compared even without a row, so that an unknown prefix takes as long as a wrong secret.
    matches = hmac.compare_digest(_hash(secret), token.key_hash if token else "0" * 64)
    if token is None or not matches:
        raise Refused(_("Invalid token."))
    if token.revoked_at is not None:
        raise Refused(_("This token has been revoked."))
    if token.expires_at <= now:
        raise Refused(_("This token has expired: create a new one."))
    if not token.user.is_active:
        raise Refused(_("The account of this token is disabled."))
    if token.last_used_at is None or token.last_used_at <= now - LAST_USED_STEP:
        # An UPDATE of one column: not an audited change, and one write a minute at most.
        Token.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
