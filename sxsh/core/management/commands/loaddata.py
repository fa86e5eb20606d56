"""Django's ``loaddata`` without audit entries: loading a fixture or a backup puts back
records, it does not create them, so auditlog must not invent a "created" entry for each
row (nor a many-to-many change for each user's groups)."""

from auditlog.context import disable_auditlog
from django.core.management.commands import loaddata


class Command(loaddata.Command):
    def handle(self, *fixture_labels, **options):
        with disable_auditlog():
            return super().handle(*fixture_labels, **options)
