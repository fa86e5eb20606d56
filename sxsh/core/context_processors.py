from django.urls import NoReverseMatch, resolve, reverse
from django.utils.translation import gettext_lazy as _

from .capabilities import may_open

# The contexts of the programme, in the order people use them: (URL name, label, URL name
# for those who may not open the first). A context that is not installed yet has no URL
# and is not shown; nor is a page the user would be refused (the capability comes
# from the view's own ``capability_required``).
NAVIGATION = [
    ("plans:list", _("Plan"), None),
    ("facilities:list", _("Facilities"), None),
    ("indicators:dashboard", _("Indicators"), "indicators:public"),
    ("assessments:list", _("Assessments"), None),
    ("activities:list", _("Activities"), None),
    ("portal:home", _("Portal"), None),
    ("reports:list", _("Reports"), None),
]


def _url(name: str | None) -> str | None:
    try:
        return reverse(name) if name else None
    except NoReverseMatch:
        return None


def navigation(request):
    items = []
    for name, label, fallback in NAVIGATION:
        url = _url(name)
        if url and not may_open(request.user, getattr(resolve(url).func, "capability", None)):
            url = _url(fallback)
        if url:
            items.append((url, label))
    return {"nav_items": items}
