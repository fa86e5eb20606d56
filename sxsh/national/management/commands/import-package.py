"""``sxsh import-package FILE``: store a province's package in this installation."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sxsh.core.commandline import add_user_argument, command_actor
from sxsh.national.services import package_import

MESSAGES = {
    "created": gettext_noop("%(province)s %(year)s: version %(version)s imported."),
    "replaced": gettext_noop("%(province)s %(year)s: version %(previous)s replaced by "
                             "version %(version)s."),
    "unchanged": gettext_noop("%(province)s %(year)s: version %(version)s is already "
                              "imported; nothing changed."),
}


class Command(BaseCommand):
    help = ("Import a national package written by `sxsh export-package` (checked against "
            "docs/package.schema.json): a newer version of a province's year replaces the "
            "older one, the same package changes nothing, an older one is refused.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="the package's JSON file")
        add_user_argument(parser)

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        try:
            with command_actor(options["user"]) as user:
                done = package_import(text=path.read_bytes(), user=user)
        except ValidationError as exc:
            raise CommandError("\n".join([
                _("%(file)s: nothing was imported.") % {"file": path.name}, *exc.messages,
            ])) from exc
        package = done.package
        self.stdout.write(_(MESSAGES[done.outcome]) % {
            "province": package.province_name, "year": package.year,
            "version": package.version, "previous": done.previous_version})
