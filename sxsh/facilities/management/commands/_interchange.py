"""What the import and export commands share."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sxsh.core.commandline import add_user_argument, command_actor
from sxsh.core.exporting import FORMATS, write_command_output
from sxsh.facilities.interchange import exporting
from sxsh.facilities.interchange.parsing import ImportResult


class ImportCommand(BaseCommand):
    importer = None  # set by subclasses

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv or .xlsx file in the documented columns")
        add_user_argument(parser)

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        with command_actor(options["user"]) as user:
            result: ImportResult = type(self).importer(
                lambda: path.open("rb"), file_name=path.name, user=user, as_upload=False)
        if result.problem:
            raise CommandError(f"{path.name}: {result.problem}")
        if result.error_count:
            for error in result.errors:
                self.stderr.write(str(error))
            if result.error_count > len(result.errors):
                self.stderr.write(_("… and %(n)s more errors.")
                                  % {"n": result.error_count - len(result.errors)})
            raise CommandError(
                _("%(n)s errors in %(file)s: nothing was imported.")
                % {"n": result.error_count, "file": path.name})
        self.stdout.write(
            _("%(file)s: %(rows)s rows, %(created)s created, %(updated)s updated, "
              "%(unchanged)s unchanged.")
            % {"file": path.name, "rows": result.rows, "created": result.created,
               "updated": result.updated, "unchanged": result.unchanged})
        if result.warned:
            self.stdout.write(
                _("%(n)s reports have data-quality warnings: see them on each facility's page.")
                % {"n": result.warned})


class ExportCommand(BaseCommand):
    kind = ""

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument("--output", "-o", help="file to write (default: standard output "
                            "for CSV)")
        parser.add_argument("--template", action="store_true",
                            help="write the blank template (column codes and labels)")

    def rows(self):
        raise NotImplementedError

    def export(self, rows, fmt: str, *, template: bool):
        """The file's bytes: the rows, or the blank template."""
        return exporting.export(self.kind, rows, fmt, template=template)

    def handle(self, *args, **options):
        fmt = options["format"]
        rows = iter(()) if options["template"] else self.rows()
        write_command_output(self.export(rows, fmt, template=options["template"]),
                             fmt=fmt, output=options["output"], stdout=self.stdout)
