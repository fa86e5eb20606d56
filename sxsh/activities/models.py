"""Activities: what the programme does — media stories, printed materials, workshops and
training classes, the status survey, guides, the local network's work, study tours, the
closing conference — with who attended and what each cost by funding source.

An activity belongs to a task and a budget line of a plan (both of the same plan); its
costs count as the plan's spending on that line, by source, in the activity's year; a
facility that attended counts as aware of CP (I1); a department officer who attended a
CP training counts as able to guide CP (I5).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sxsh.core.scoping import ScopedQuerySet
from sxsh.facilities.models import Facility

#: Costs in million VND: 14 digits with 3 decimals, below 10^11 (a hundred thousand billion).
MAX_COST_MVND = Decimal("99999999999.999")
COST = {"max_digits": 14, "decimal_places": 3, "default": Decimal("0"),
        "validators": [MinValueValidator(0), MaxValueValidator(MAX_COST_MVND)]}
#: The cost fields by the code of the plan's funding source they are paid from.
COST_FIELDS = {"central": "cost_central_mvnd", "local": "cost_local_mvnd",
               "enterprise": "cost_enterprise_mvnd"}


class ActivityQuerySet(ScopedQuerySet):
    """The programme's work is read by those who run, fund, oversee or join it: officers,
    finance and leadership all of it, local focal points all of it (the network's work is
    theirs), a partner or consulting agency the activities of the tasks it leads or joins,
    an enterprise those its facility attended."""

    def scope_officer(self, user):
        return self.all()

    scope_finance = scope_viewer = scope_local = scope_officer

    def scope_partner(self, user):
        from sxsh.plans.models import Task

        return self.filter(task__in=Task.objects.filter(Task.involving(user.agency_id)))

    scope_consultant = scope_partner

    def scope_enterprise(self, user):
        return self.filter(pk__in=Attendance.objects.filter(facility__accounts=user)
                           .values("activity_id"))


class Activity(models.Model):
    """One thing the programme did, on a date, for a task and a budget line."""

    class Kind(models.TextChoices):
        MEDIA = "media", _("Media story")
        PRINT = "print", _("Printed material")
        WORKSHOP = "workshop", _("Workshop")
        TRAINING = "training", _("Training class")
        STUDY_TOUR = "study_tour", _("Study tour")
        SURVEY = "survey", _("Status survey")
        NETWORK = "network", _("Local network activity")
        GUIDE = "guide", _("Technical guide")
        CONFERENCE = "conference", _("Conference")

    code = models.CharField(_("code"), max_length=40, unique=True,
                            help_text=_("The activity's own reference, e.g. TH-2018-01."))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    task = models.ForeignKey("plans.Task", verbose_name=_("task"), on_delete=models.PROTECT,
                             related_name="activities")
    budget_line = models.ForeignKey("plans.BudgetLine", verbose_name=_("budget line"),
                                    on_delete=models.PROTECT, related_name="activities")
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    place = models.CharField(_("place"), max_length=300, blank=True)
    organiser = models.CharField(_("organiser"), max_length=300, blank=True)
    cost_central_mvnd = models.DecimalField(_("cost, central budget (million VND)"), **COST)
    cost_local_mvnd = models.DecimalField(_("cost, local budget (million VND)"), **COST)
    cost_enterprise_mvnd = models.DecimalField(_("cost, enterprises (million VND)"), **COST)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "code"]
        indexes = [models.Index(fields=["budget_line", "date"]),
                   models.Index(fields=["kind", "date"])]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return f"{self.code} – {self.title}"

    @property
    def cost_total_mvnd(self) -> Decimal:
        return self.cost_central_mvnd + self.cost_local_mvnd + self.cost_enterprise_mvnd


class AttendanceQuerySet(ScopedQuerySet):
    """Who attended is personal data: officers and leadership read all of it, a partner or
    consulting agency that of the activities it reads, a local focal point the attendees
    of facilities in its area, an enterprise its own people; finance reads none."""

    def scope_officer(self, user):
        return self.all()

    scope_viewer = scope_officer

    def scope_partner(self, user):
        return self.filter(activity__in=Activity.objects.for_user(user))

    scope_consultant = scope_partner

    def scope_local(self, user):
        return self.filter(facility__admin_unit_id__in=user.area_unit_ids())

    def scope_enterprise(self, user):
        return self.filter(facility__accounts=user)


class Attendance(models.Model):
    """A person who attended an activity: for a registered facility (by its tax code) or
    for no facility; a department officer is linked to the account of the same full name.

    The natural key is (activity, person's name, organisation): a sign-in sheet imported
    twice changes nothing.
    """

    class Gender(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")
        OTHER = "other", _("Other")

    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE,
                                 related_name="attendances")
    facility = models.ForeignKey(Facility, verbose_name=_("facility"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="attendances")
    person_name = models.CharField(_("name"), max_length=200)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("department officer"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="attendances",
        help_text=_("The account of a department officer who attended (indicator I5)."))

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "person_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["activity", "person_name", "organisation"],
                                               name="uniq_attendance_person")]
        indexes = [models.Index(fields=["facility", "activity"])]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")

    def __str__(self) -> str:
        return f"{self.person_name} ({self.organisation or '–'})"


class OutputQuerySet(ScopedQuerySet):
    """An output is read by whoever reads its activity (its rules, not a copy)."""

    def _of_readable(self, user):
        return self.filter(activity__in=Activity.objects.for_user(user))

    scope_officer = scope_finance = scope_viewer = scope_local = _of_readable
    scope_partner = scope_consultant = scope_enterprise = _of_readable


class Output(models.Model):
    """What an activity produced: a file (report, photo, printed material) or a link."""

    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE,
                                 related_name="outputs")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="activities/outputs/%Y/", blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)

    objects = OutputQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "pk"]
        verbose_name = _("output")
        verbose_name_plural = _("outputs")

    def __str__(self) -> str:
        return self.title
