"""View decorators that say who may use a page."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .scoping import Role


def role_required(*roles: str):
    """Logged-in users of one of ``roles`` (administrators always) may pass; others get 403."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not (user.is_superuser or user.role == Role.ADMIN or user.role in roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


officer_required = role_required(Role.OFFICER)
