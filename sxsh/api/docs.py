"""The API's documentation page: an introduction, and the schema shown by Swagger UI from
the installed sidecar package (no CDN), started by a static script (no inline script)."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def page(request):
    """Open to everyone, like the schema it shows; each resource asks its own."""
    return render(request, "api/docs.html", {
        "page_size": settings.REST_FRAMEWORK["PAGE_SIZE"]})
