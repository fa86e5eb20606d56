from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# The contexts of the programme, in the order people use them. A context that is not
# installed yet has no URL and is simply not shown.
NAVIGATION = [
    ("plans:list", _("Plan")),
    ("facilities:list", _("Facilities")),
    ("indicators:dashboard", _("Indicators")),
    ("assessments:list", _("Assessments")),
    ("activities:list", _("Activities")),
    ("portal:home", _("Portal")),
    ("reports:list", _("Reports")),
]


def _resolve(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def navigation(request):
    items = [(url, label) for name, label in NAVIGATION if (url := _resolve(name))]
    return {"nav_items": items}
