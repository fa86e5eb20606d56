from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: The steps of a piece of content, as the audit trail names them.
CONTENT_ACTIONS = {
    "submitted": _("Sent for review"),
    "returned": _("Returned to draft"),
    "published": _("Published"),
    "unpublished": _("Unpublished"),
}
#: The changes of a piece's gallery, as the audit trail names them.
PICTURE_ACTIONS = {
    "picture_added": _("Picture added"),
    "picture_moved": _("Picture moved"),
    "picture_removed": _("Picture removed"),
}


class PortalConfig(AppConfig):
    name = "sxsh.portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from sxsh.core.audit import register, register_action

        from . import models as m

        register(m.Category, m.Tag)
        register(m.Article, m2m_fields={"tags"})
        register(m.Document, m2m_fields={"vsic_divisions"}, exclude_fields=["download_count"])
        register(m.CaseStudy, m2m_fields={"options"})
        register(*m.PICTURE_MODELS.values())
        statuses = dict(m.Status.choices)
        for kind in m.CONTENT_MODELS:
            for code, label in CONTENT_ACTIONS.items():
                register_action(f"portal.{kind}.{code}", label,
                                choices={"from": statuses, "to": statuses})
        for kind in m.PICTURE_MODELS:
            for code, label in PICTURE_ACTIONS.items():
                register_action(f"portal.{kind}.{code}", label)
