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

from sxsh.core.scoping import ScopedQuerySet, ThroughQuerySet
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
        """The activities of the plans of the user's province (``User.in_province``)."""
        return self.filter(user.in_province("task__plan__province"))

    scope_finance = scope_viewer = scope_local = scope_officer

    def scope_partner(self, user):
        from sxsh.plans.models import Task

        return self.filter(user.in_province("task__plan__province"),
                           task__in=Task.objects.filter(Task.involving(user.agency_id)))

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
        return self.filter(user.in_province("activity__task__plan__province"))

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


class OutputQuerySet(ThroughQuerySet):
    """An output is read by whoever reads its activity."""

    through = "activity"


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


# --- The status survey (task 1.4) ---------------------------------------------------------


class SurveyQuerySet(ScopedQuerySet):
    """A survey campaign is the department's: officers and leadership read it."""

    def scope_officer(self, user):
        return self.all()

    scope_viewer = scope_officer


class Survey(models.Model):
    """A questionnaire sent to facilities (the 2018 status survey), designed here, exported
    as an XLSForm for KoboToolbox / ODK Collect; its answers come back as responses.

    The form always opens with the facility's tax code and name (``IDENTITY``), by which
    an answer is matched to the register; the questions of the repeat group, if any, are
    asked once per item (e.g. per product)."""

    code = models.SlugField(_("code"), max_length=40, unique=True,
                            help_text=_("The form's identifier, e.g. khao-sat-2018."))
    title = models.CharField(_("title"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"))
    repeat_name = models.SlugField(_("repeat group name"), max_length=40, blank=True,
                                   help_text=_("e.g. products; empty for no repeat group."))
    repeat_label = models.CharField(_("repeat group label"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SurveyQuerySet.as_manager()

    #: The questions every form opens with (name, label).
    IDENTITY = (("tax_code", _("Tax code")), ("facility_name", _("Facility name")))

    class Meta:
        ordering = ["-year", "code"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return f"{self.code} – {self.title}"


class QuestionQuerySet(ThroughQuerySet):
    """A question is read with its survey."""

    through = "survey"


class Question(models.Model):
    """One question of a survey, as an XLSForm row."""

    class Type(models.TextChoices):
        TEXT = "text", _("Text")
        INTEGER = "integer", _("Whole number")
        DECIMAL = "decimal", _("Decimal number")
        SELECT_ONE = "select_one", _("One choice")
        SELECT_MULTIPLE = "select_multiple", _("Several choices")
        DATE = "date", _("Date")

    class RegisterField(models.TextChoices):
        NONE = "", _("none")
        EMPLOYEES = "employees", _("employees with social insurance")
        VSIC = "vsic", _("VSIC division")

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE,
                               related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.SlugField(_("name"), max_length=40,
                            help_text=_("The variable name in the XLSForm, e.g. employees."))
    label = models.CharField(_("question"), max_length=500)
    type = models.CharField(_("type"), max_length=16, choices=Type.choices)
    choices = models.TextField(
        _("choices"), blank=True,
        help_text=_("For a choice question: one per line, value = label (e.g. yes = Có)."))
    required = models.BooleanField(_("required"), default=False)
    relevance = models.CharField(
        _("relevance"), max_length=500, blank=True,
        help_text=_("An XLSForm expression, e.g. ${aware} = 'yes'; empty: always asked."))
    in_repeat = models.BooleanField(_("in the repeat group"), default=False)
    register_field = models.CharField(
        _("register field"), max_length=12, blank=True, choices=RegisterField.choices,
        help_text=_("The register's field this answer is compared with before updating it."))

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["survey", "name"],
                                               name="uniq_question_name")]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.name

    def choice_pairs(self) -> list[tuple[str, str]]:
        """(value, label) of each choice line; a line without ``=`` is its own label."""
        pairs = []
        for line in self.choices.splitlines():
            value, _sep, label = line.partition("=")
            if value.strip():
                pairs.append((value.strip(), (label or value).strip()))
        return pairs


class ResponseQuerySet(ThroughQuerySet):
    """Answers are read with their survey (officers, leadership)."""

    through = "survey"


class Response(models.Model):
    """A facility's answers to a survey, entered in the app or imported from a Kobo/ODK
    export. An imported answer whose tax code is not in the register waits, with a
    suggestion by name, until a person names its facility."""

    class Source(models.TextChoices):
        APP = "app", _("entered in the app")
        IMPORT = "import", _("imported")

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE,
                               related_name="responses")
    facility = models.ForeignKey(Facility, verbose_name=_("facility"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="survey_responses")
    suggested = models.ForeignKey(Facility, verbose_name=_("suggested facility"), null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="+")
    tax_code = models.CharField(_("tax code as answered"), max_length=40, blank=True)
    facility_name = models.CharField(_("facility name as answered"), max_length=300,
                                     blank=True)
    source = models.CharField(_("source"), max_length=6, choices=Source.choices)
    external_id = models.CharField(_("submission id"), max_length=100, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    repeats = models.JSONField(_("repeat group items"), default=list, blank=True)
    register_reviewed = models.BooleanField(_("register reviewed"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "facility_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "external_id"],
                                    condition=~models.Q(external_id=""),
                                    name="uniq_response_submission"),
            models.UniqueConstraint(fields=["survey", "facility"],
                                    condition=models.Q(facility__isnull=False),
                                    name="uniq_response_facility")]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self) -> str:
        return f"{self.survey.code}: {self.facility_name or self.tax_code}"


# --- The local network (task 3.1) -----------------------------------------------------------


class NetworkQuerySet(ScopedQuerySet):
    """The local network is read by the department and leadership, and by a local focal
    point for the units of its area."""

    def scope_officer(self, user):
        return self.filter(user.in_province("admin_unit"))

    scope_viewer = scope_officer

    def scope_local(self, user):
        return self.filter(admin_unit_id__in=user.area_unit_ids())


class FocalPoint(models.Model):
    """A person who answers for the programme in an admin unit, with an account of role
    *local* when the person works in the app."""

    admin_unit = models.ForeignKey("core.AdminUnit", verbose_name=_("administrative unit"),
                                   on_delete=models.PROTECT, related_name="focal_points")
    person_name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True,
                             blank=True, on_delete=models.SET_NULL, related_name="focal_points")

    objects = NetworkQuerySet.as_manager()

    class Meta:
        ordering = ["admin_unit__name", "person_name", "pk"]
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")

    def __str__(self) -> str:
        return self.person_name


class LocalReport(models.Model):
    """An admin unit's yearly evaluation of the programme, written by its focal point and
    reviewed by the department."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")

    admin_unit = models.ForeignKey("core.AdminUnit", verbose_name=_("administrative unit"),
                                   on_delete=models.PROTECT, related_name="local_reports")
    year = models.PositiveSmallIntegerField(_("year"))
    facilities_reached = models.PositiveIntegerField(_("facilities reached"), default=0)
    activities_held = models.PositiveIntegerField(_("activities held"), default=0)
    difficulties = models.TextField(_("difficulties"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    review_comment = models.TextField(_("review comment"), blank=True)

    objects = NetworkQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "admin_unit__name"]
        constraints = [models.UniqueConstraint(fields=["admin_unit", "year"],
                                               name="uniq_local_report")]
        verbose_name = _("local evaluation report")
        verbose_name_plural = _("local evaluation reports")

    def __str__(self) -> str:
        return f"{self.admin_unit} {self.year}"


# --- Emulation and rewards ------------------------------------------------------------------


class AwardQuerySet(ScopedQuerySet):
    """Awards are recorded by the department and read by leadership."""

    def scope_officer(self, user):
        return self.all()

    scope_viewer = scope_officer


class Award(models.Model):
    """An emulation award or commendation for a facility, a person or an admin unit."""

    class Nominee(models.TextChoices):
        FACILITY = "facility", _("Facility")
        PERSON = "person", _("Person")
        UNIT = "unit", _("Administrative unit")

    class Level(models.TextChoices):
        PROVINCE = "province", _("Provincial People's Committee")
        MINISTRY = "ministry", _("Ministry")
        DEPARTMENT = "department", _("Department")

    nominee_kind = models.CharField(_("nominee"), max_length=8, choices=Nominee.choices)
    facility = models.ForeignKey(Facility, verbose_name=_("facility"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="awards")
    person_name = models.CharField(_("person's name"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    admin_unit = models.ForeignKey("core.AdminUnit", verbose_name=_("administrative unit"),
                                   null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="awards")
    achievement = models.TextField(_("achievement"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    year = models.PositiveSmallIntegerField(_("year"))

    objects = AwardQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-decision_date", "pk"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self) -> str:
        return f"{self.decision_number}: {self.nominee}"

    @property
    def nominee(self) -> str:
        if self.nominee_kind == self.Nominee.FACILITY:
            return str(self.facility or "")
        if self.nominee_kind == self.Nominee.UNIT:
            return str(self.admin_unit or "")
        return ", ".join(p for p in (self.person_name, self.organisation) if p)
