from sxsh.assessments.interchange import import_options
from sxsh.facilities.management.commands._interchange import ImportCommand


class Command(ImportCommand):
    help = ("Import the CP options register from a CSV or XLSX file (all rows or none), "
            "upserting by tax code, assessment reference and option code.")
    importer = import_options
