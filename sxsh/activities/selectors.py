"""Reads of the activities context: lists, an activity's participants, the costs of a
year as the plan's spending."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from sxsh.core.models import User

from .models import COST_FIELDS, Activity, Attendance


def activity_spending(*, plan, year: int, user: User | None
                      ) -> dict[tuple[int, str], Decimal]:
    """The costs of the activities of ``plan`` dated in ``year`` that ``user`` may read, by
    (budget line id, funding source code): what they count as disbursed (one query)."""
    totals: dict[tuple[int, str], Decimal] = {}
    rows = (Activity.objects.for_user(user).filter(budget_line__plan=plan, date__year=year)
            .order_by().values("budget_line_id")
            .annotate(**{code: Sum(field) for code, field in COST_FIELDS.items()}))
    for row in rows:
        for code in COST_FIELDS:
            if row[code]:
                totals[(row["budget_line_id"], code)] = row[code]
    return totals


def activity_list(*, user: User, kind: str = "", year: int | None = None, text: str = ""
                  ) -> QuerySet[Activity]:
    """The activities ``user`` may read, filtered, newest first, with their task, line and
    the number of attendees the user may read."""
    qs = Activity.objects.for_user(user).select_related("task", "budget_line")
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(date__year=year)
    if text:
        qs = qs.filter(Q(title__icontains=text) | Q(code__icontains=text)
                       | Q(place__icontains=text) | Q(organiser__icontains=text))
    readable = Attendance.objects.for_user(user).values("pk")
    return qs.annotate(attendees=Count("attendances", filter=Q(attendances__in=readable))) \
        .order_by("-date", "code")


def participants(*, activity: Activity, user: User) -> QuerySet[Attendance]:
    """The attendees of ``activity`` that ``user`` may read, with facility and account."""
    return (Attendance.objects.for_user(user).filter(activity=activity)
            .select_related("facility", "officer").order_by("person_name", "pk"))


def gender_counts(attendees: list[Attendance]) -> list[tuple[str, int]]:
    """(gender label, number) for each gender, in the order government reports count them."""
    counts = {code: 0 for code in Attendance.Gender.values}
    for a in attendees:
        counts[a.gender] += 1
    return [(str(label), counts[code]) for code, label in Attendance.Gender.choices]
