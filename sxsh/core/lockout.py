"""Login throttling beyond django-axes' one limit: an address that fails too often.

Axes locks a username after ``AXES_FAILURE_LIMIT`` failures, from any address and from one
address (``AXES_LOCKOUT_PARAMETERS``). That leaves one address free to try four passwords
on every account. An address is therefore also locked once its failures over all
usernames reach ``SXSH_ADDRESS_FAILURE_LIMIT`` within the cool-off time — a limit well
above one person's mistakes, so that an office behind one address is not locked out by a
colleague's typing.
"""

from __future__ import annotations

import datetime as dt

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


class AddressAwareHandler(AxesDatabaseHandler):
    """Axes' database handler, also locking an address with too many failures."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        """Axes' count (the most failures of the username, alone or with the address), or
        the address's failures over every username on the same scale, if more: axes
        compares this one number with its limit, before a login and after a failure."""
        own = super().get_failures(request, credentials)
        address = address_failures(getattr(request, "axes_ip_address", None))
        return max(own, address * settings.AXES_FAILURE_LIMIT
                   // settings.SXSH_ADDRESS_FAILURE_LIMIT)


def address_failures(address: str | None) -> int:
    """Failed logins from ``address`` over every username within the cool-off time."""
    if not address:
        return 0
    since = timezone.now() - (get_cool_off() or dt.timedelta(0))
    found = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since) \
        .aggregate(n=Sum("failures_since_start"))["n"]
    return found or 0
