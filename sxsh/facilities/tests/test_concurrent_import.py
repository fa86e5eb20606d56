"""Two imports of the same new rows at once (issue 11, finding 9): the second waits for the
first on PostgreSQL's unique index, then ends in a message, not a database error, and
writes nothing of its own."""

import threading

import pytest
from django.db import connection, transaction
from django.utils import translation

from sxsh.facilities.interchange.facilities_import import import_facilities
from sxsh.facilities.models import Facility

from .test_import_export import FAC_HEADER, FACILITY_ROWS, opener, write_csv

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="SQLite takes the write lock at BEGIN: imports queue instead"),
]


def test_the_second_of_two_simultaneous_imports_ends_in_a_message(tmp_path, reference):
    path = write_csv(tmp_path / "cs.csv", FAC_HEADER, FACILITY_ROWS)
    written, release = threading.Event(), threading.Event()
    first: dict = {}

    def import_and_hold() -> None:
        """The first import writes its rows and holds its transaction open a moment."""
        try:
            with transaction.atomic():
                first["result"] = import_facilities(opener(path), file_name="a.csv",
                                                    user=None, as_upload=False)
                written.set()
                release.wait(20)
        finally:
            connection.close()

    holder = threading.Thread(target=import_and_hold)
    holder.start()
    assert written.wait(20)
    # The second checks the rows (none exists yet for it), inserts, and waits on the
    # first's uncommitted tax codes until the first commits.
    threading.Timer(1.0, release.set).start()
    with translation.override("vi"):
        second = import_facilities(opener(path), file_name="b.csv", user=None,
                                   as_upload=False)
    holder.join(20)

    assert (first["result"].ok, first["result"].created) == (True, 2)
    assert second.problem == (
        "Một số dòng này đã được người khác ghi trong khi tệp đang được nhập; không có gì "
        "được nhập. Hãy nhập lại tệp.")
    assert (second.created, second.updated) == (0, 0)
    assert sorted(Facility.objects.values_list("tax_code", flat=True)) == [
        "3300100001", "3300100002"]
