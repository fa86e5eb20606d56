"""Reads of the activities context: lists, an activity's participants, the costs of a
year as the plan's spending."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from sxsh.core.models import User
from sxsh.core.search import matches

from .models import COST_FIELDS, Activity, Attendance, Output


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
        qs = qs.filter(matches(text, "title", "code", "place", "organiser"))
    readable = Attendance.objects.for_user(user).values("pk")
    return qs.annotate(attendees=Count("attendances", filter=Q(attendances__in=readable))) \
        .order_by("-date", "code")


def participants(*, activity: Activity, user: User) -> QuerySet[Attendance]:
    """The attendees of ``activity`` that ``user`` may read, with facility and account."""
    return (Attendance.objects.for_user(user).filter(activity=activity)
            .select_related("facility", "officer").order_by("person_name", "pk"))


def outputs(*, activity: Activity, user: User) -> QuerySet[Output]:
    """The files and links an activity produced, as the user reads them (one query)."""
    return Output.objects.for_user(user).filter(activity=activity)


def gender_counts(attendees: list[Attendance]) -> list[tuple[str, int]]:
    """(gender label, number) for each gender, in the order government reports count them."""
    counts = {code: 0 for code in Attendance.Gender.values}
    for a in attendees:
        counts[a.gender] += 1
    return [(str(label), counts[code]) for code, label in Attendance.Gender.choices]


def survey_status(*, questions: list, responses: list) -> dict:
    """The status report of a survey from its answers (no query): how many answered and
    were matched, then per choice question the facilities per choice, per number question
    how many answered, the sum and the mean. Answers are JSON, so they are counted here
    rather than in SQL; a survey has at most a few thousand answers."""
    from .models import Question

    matched = [r for r in responses if r.facility_id]
    tables = []
    for q in questions:
        values = ([item.get(q.name) for r in matched for item in r.repeats] if q.in_repeat
                  else [r.answers.get(q.name) for r in matched])
        values = [v for v in values if v not in (None, "")]
        if q.type in (Question.Type.SELECT_ONE, Question.Type.SELECT_MULTIPLE):
            picked = [p for v in values for p in str(v).split()]
            tables.append((q, "choices", [(label, picked.count(value))
                                          for value, label in q.choice_pairs()]))
        elif q.type in (Question.Type.INTEGER, Question.Type.DECIMAL):
            total = sum((Decimal(str(v)) for v in values), Decimal(0))
            tables.append((q, "numbers", [(len(values), total,
                                           total / len(values) if values else None)]))
    return {"responses": len(responses), "matched": len(matched),
            "waiting": len(responses) - len(matched),
            "reviewed": sum(1 for r in matched if r.register_reviewed), "tables": tables}
