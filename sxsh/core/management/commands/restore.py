from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sxsh.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = ("Put back an archive made by 'backup' into a new installation: an empty, "
            "migrated database at the same schema version and no uploaded files.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive written by 'sxsh backup'")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        try:
            manifest = backup_restore(archive=path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(_("Restored %(file)s (made %(created)s): the database and %(n)s "
                            "uploaded files.") % {"file": path.name,
                                                  "created": manifest["created"],
                                                  "n": len(manifest["files"]) - 1})
