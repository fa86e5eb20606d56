"""The user a command records as the author of its changes (``--user NAME``)."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from sxsh.core.models import User

USER_HELP = ("username to record as the author of the changes in the audit trail "
             "(default: none, the system)")


def command_user(name: str | None) -> User | None:
    """The user called ``name``; ``None`` without a name; a command error for an unknown
    name."""
    if not name:
        return None
    user = User.objects.filter(username=name).first()
    if user is None:
        raise CommandError(_("No user is called %(name)r.") % {"name": name})
    return user
