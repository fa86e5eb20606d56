"""Two officers issue the same draft at the same moment: on PostgreSQL the second waits on
the first's lock of the version, then is told the number the first reserved; only one task
is queued."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from sxsh.core.models import User
from sxsh.reports import services

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="SQLite takes the write lock at BEGIN: the two queue instead"),
]


@contextmanager
def first_issuing(version, user) -> Iterator[None]:
    """The first officer's request, in its own thread and connection: ``version`` issued
    as No. 15, its transaction held open until a second after the body has begun (the
    second officer's request, which waits on the lock meanwhile)."""
    reserved, release = threading.Event(), threading.Event()

    def issue_and_hold() -> None:
        try:
            with transaction.atomic():
                services.version_issue(version=version, user=user, document_number="15",
                                       issued_on=dt.date(2019, 1, 15))
                reserved.set()
                release.wait(20)
        finally:
            connection.close()

    holder = threading.Thread(target=issue_and_hold)
    holder.start()
    assert reserved.wait(20)
    threading.Timer(1.0, release.set).start()
    try:
        yield
    finally:
        holder.join(20)


def test_the_second_of_two_officers_issuing_at_once_is_told_the_firsts_number(year_2018):
    first = year_2018.officer
    second = User.objects.create_user("canbo2", role=first.role, agency=first.agency)
    draft = services.report_open(plan=year_2018.plan, kind="annual", year=2018, user=first)
    with first_issuing(draft, first), translation.override("vi"), \
            pytest.raises(ValidationError) as refused:
        services.version_issue(version=draft, user=second, document_number="16",
                               issued_on=dt.date(2019, 1, 16))

    assert refused.value.messages == [
        "Phiên bản 1 đang được ban hành với số 15/BC-SCT ngày 15/01/2019: không thể thay đổi "
        "nữa. Hãy chờ các tệp của phiên bản."]
    draft.refresh_from_db()
    assert (draft.status, draft.document_number, draft.issued_by) == ("issuing", "15", first)
    assert DBTaskResult.objects.count() == 1


def test_two_reports_issued_at_once_with_the_same_number_are_not_both_given_it(year_2018):
    """The number is the year's register's, not the version's: the first officer's lock
    of their own version does not hold the second back, so the register itself is locked
    while a number is checked and reserved."""
    first = year_2018.officer
    second = User.objects.create_user("canbo2", role=first.role, agency=first.agency)
    annual = services.report_open(plan=year_2018.plan, kind="annual", year=2018, user=first)
    last_year = services.report_open(plan=year_2018.plan, kind="annual", year=2017, user=second)
    with first_issuing(annual, first), translation.override("vi"), \
            pytest.raises(ValidationError) as refused:
        services.version_issue(version=last_year, user=second, document_number="15",
                               issued_on=dt.date(2019, 1, 16))

    assert refused.value.messages == [
        "Số 15/BC-SCT năm 2019 đã được dùng cho Báo cáo năm 2018, phiên bản 1."]
    last_year.refresh_from_db()
    assert (last_year.status, last_year.document_number) == ("draft", "")
    assert DBTaskResult.objects.count() == 1
