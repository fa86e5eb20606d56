from sxsh.activities.interchange import import_activities
from sxsh.facilities.management.commands._interchange import ImportCommand


class Command(ImportCommand):
    help = "Import activities from a CSV or XLSX file (all rows or none), upserting by code."
    importer = import_activities
