from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NationalConfig(AppConfig):
    name = "sxsh.national"
    label = "national"
    verbose_name = _("National database")

    def ready(self) -> None:
        from sxsh.core.audit import register, register_action

        from . import models as m

        # The figures are the package's content: the imported and replaced actions name
        # the versions and checksums, the field diffs stay readable.
        register(m.Package, exclude_fields=["content"])
        register_action("national.package.imported", _("National package imported"))
        register_action("national.package.replaced", _("National package replaced by a newer "
                                                       "version"))
