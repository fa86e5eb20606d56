from sxsh.facilities.interchange.facilities_import import import_facilities

from ._interchange import ImportCommand


class Command(ImportCommand):
    help = "Import facilities from a CSV or XLSX file (all rows or none), upserting by tax code."
    importer = import_facilities
