"""View decorators that say who may use a page."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .scoping import Role


def role_required(*roles: str):
    """Logged-in users of one of ``roles`` (administrators always) may pass; others get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not may_open(request.user, allowed):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        guarded = login_required(wrapped)
        # Read by the navigation, which offers a page only to those who may open it.
        guarded.allowed_roles = allowed  # type: ignore[attr-defined]  # a function attribute
        return guarded

    allowed = frozenset(roles)
    return decorator


def may_open(user, allowed_roles: frozenset[str] | None) -> bool:
    """Whether ``user`` passes a view guarded for ``allowed_roles`` (None: everyone)."""
    if allowed_roles is None:
        return True
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.role == Role.ADMIN or user.role in allowed_roles


officer_required = role_required(Role.OFFICER)
