"""The API asks the same capability table as the pages (``sxsh.core.capabilities``).

A view names the capability its requests need: ``permission_classes = [holds("facilities.
report")]``; the object's rule decides in ``has_object_permission``. Which rows a user
reads stays the business of ``Model.objects.for_user`` in the view's ``get_queryset``, so a
record outside the user's scope is answered 404, as on the pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rest_framework.permissions import BasePermission

from sxsh.core.capabilities import can, capability

if TYPE_CHECKING:
    from sxsh.core.models import User


def holds(name: str, *, for_reading: bool = False) -> type[BasePermission]:
    """A permission class granting requests of users holding capability ``name``.

    With ``for_reading`` a safe request (GET, HEAD, OPTIONS) needs only a signed-in user —
    its rows come from ``for_user`` — and ``name`` guards the writes."""
    capability(name)  # an unknown name fails when the module loads

    class Holds(BasePermission):
        def _asks(self, request) -> bool:
            return not (for_reading and request.method in ("GET", "HEAD", "OPTIONS"))

        def has_permission(self, request, view) -> bool:
            if not (request.user and request.user.is_authenticated):
                return False
            return not self._asks(request) or can(request.user, name)

        def has_object_permission(self, request, view, obj) -> bool:
            return not self._asks(request) or can(request.user, name, obj)

    Holds.__name__ = Holds.__qualname__ = f"Holds[{name}]"
    return Holds


def reader(request) -> User | None:
    """The user a request reads as: None for an anonymous visitor (``for_user(None)`` reads
    what is public)."""
    return cast("User", request.user) if request.user.is_authenticated else None


def signed_in(request) -> User:
    """The user of a request that a permission class let in only when signed in."""
    return cast("User", request.user)
