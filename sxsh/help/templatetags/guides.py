from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from sxsh.help.links import guide_url, help_url

register = template.Library()


@register.simple_tag(takes_context=True)
def help_link(context) -> str:
    """The "Hướng dẫn" link: the user's own guide, at the section for this page."""
    request = context.get("request")
    if request is None:
        return ""
    match = getattr(request, "resolver_match", None)
    return format_html('<a class="help-link" href="{}">{}</a>',
                       help_url(request.user, match.view_name if match else None),
                       _("User guide"))


@register.simple_tag
def guide_href(name: str) -> str:
    """The address of the guide ``name``."""
    return guide_url(name)
