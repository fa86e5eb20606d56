"""The test snapshots: a loader runs once, and its rows come back as it wrote them."""

import pytest
from auditlog.models import LogEntry
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from sxsh.core.models import Agency
from sxsh.core.tests import snapshots

pytestmark = pytest.mark.django_db


def made() -> dict[str, tuple[int, int | None]]:
    """The loader's agencies: code → (key, parent's key)."""
    return {a.code: (a.pk, a.parent_id) for a in Agency.objects.filter(code__endswith="-thu")}


def test_it_runs_the_loader_once_and_puts_its_rows_back_with_keys_and_audit(reference):
    runs = []

    def loader():
        runs.append(1)
        parent = Agency.objects.create(code="so-thu", name="Sở Thử", kind="department")
        Agency.objects.create(code="phong-thu", name="Phòng Thử", kind="other", parent=parent)

    agencies, entries = Agency.objects.count(), LogEntry.objects.count()
    keys = snapshots.restore("two agencies", loader)
    first = made()
    assert sorted(first) == ["phong-thu", "so-thu"]
    assert first["phong-thu"][1] == first["so-thu"][0]
    assert sorted(keys[Agency]) == sorted(pk for pk, _ in first.values())
    # one audit entry per agency created, restored with them
    assert (Agency.objects.count(), LogEntry.objects.count()) == (agencies + 2, entries + 2)

    try:
        with transaction.atomic():
            Agency.objects.filter(code__endswith="-thu").update(parent=None)
            LogEntry.objects.filter(pk__in=keys[LogEntry]).delete()
            Agency.objects.filter(code__endswith="-thu").delete()
            snapshots.restore("two agencies", loader)
            assert made() == first
            assert LogEntry.objects.filter(pk__in=keys[LogEntry]).count() == 2
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    assert runs == [1]


def test_a_loader_writing_rows_without_an_automatic_key_is_refused(reference):
    def loader():
        Session.objects.create(session_key="x" * 32, session_data="",
                               expire_date=timezone.now())

    with pytest.raises(AssertionError, match="django_session|sessions.Session"):
        snapshots.restore("a session", loader)
    assert not Session.objects.exists()
