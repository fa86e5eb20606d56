from sxsh.facilities.interchange.reports_import import import_reports

from ._interchange import ImportCommand


class Command(ImportCommand):
    help = ("Import yearly reports from a CSV or XLSX file (all rows or none); they enter "
            "as accepted.")
    importer = import_reports
