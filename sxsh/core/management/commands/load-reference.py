from django.core.management.base import BaseCommand

from sxsh.core.services import reference_load


class Command(BaseCommand):
    help = "Load admin units, agencies and reference factors (only the rows that are missing)."

    def handle(self, *args, **options):
        result = reference_load()
        for name, count in result.created.items():
            self.stdout.write(f"{name}: {count} created")
