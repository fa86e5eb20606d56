from sxsh.activities.interchange import import_attendance
from sxsh.facilities.management.commands._interchange import ImportCommand


class Command(ImportCommand):
    help = ("Import attendees from a CSV or XLSX file (all rows or none), upserting by "
            "activity code, name and organisation.")
    importer = import_attendance
