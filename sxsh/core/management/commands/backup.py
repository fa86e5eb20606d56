from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sxsh.core.backup import backup_write


class Command(BaseCommand):
    help = ("Write one archive with the whole database, the uploaded files and a manifest "
            "(schema version, SHA-256 of every file); see README, 'Backup and restore'.")

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", required=True, help="the archive to write "
                            "(.tar.gz)")

    def handle(self, *args, **options):
        manifest = backup_write(output=options["output"])
        self.stdout.write(_("Backup written to %(file)s: the database and %(n)s uploaded "
                            "files.") % {"file": options["output"],
                                         "n": len(manifest["files"]) - 1})
