"""``sxsh export-package --year YYYY [--output FILE]``: a province's yearly aggregates."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sxsh.core.years import year_error
from sxsh.national.package import package_build, package_text


class Command(BaseCommand):
    help = ("Write this province's aggregates of a year (each indicator for the province and "
            "by administrative unit, VSIC division and size class, the plan's targets, the "
            "budget executed) as the national package: JSON, see docs/package.md.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--output", "-o",
                            help="file to write (default: standard output)")

    def handle(self, *args, **options) -> None:
        if error := year_error(options["year"], future=True):
            raise CommandError(error)
        try:
            text = package_text(package_build(year=options["year"]))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
