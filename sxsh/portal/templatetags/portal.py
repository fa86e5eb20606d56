from django import template

from sxsh.portal.text import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    """Markdown written by an officer as sanitised HTML (``text.render_markdown``)."""
    return render_markdown(text)
