"""Who a change made on the command line is by: the user named with ``--user``, or else the
operating-system account that ran the command (never nobody)."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from . import audit
from .models import User


def add_user_argument(parser) -> None:
    parser.add_argument(
        "--user", help="username to record as the author of the changes in the audit trail "
                       "(default: the operating-system account running the command)")


@contextmanager
def command_actor(username: str | None) -> Iterator[User | None]:
    """Inside, every change is audited as made by the user called ``username``, or, without
    one, by the operating-system account; gives the user (``None`` for the account)."""
    user = None
    if username:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No user is called %(name)r.") % {"name": username})
    with audit.acting(user, os_user=None if user else getpass.getuser()):
        yield user
