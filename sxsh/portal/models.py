"""The public CP section: news articles, the document library and model case studies.

Each piece of content goes draft → review → published; a published piece whose
``published_at`` lies in the future is scheduled and not yet public. Officers read and
edit everything; everyone else — signed in or not — reads what is public
(``ContentQuerySet.public``). A case study is public only while its facility agrees to be
published (``Facility.published``).
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sxsh.core.models import VsicDivision
from sxsh.core.scoping import PublicQuerySet, ScopedQuerySet, ThroughQuerySet


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")


class ContentQuerySet(ScopedQuerySet):
    """Officers read every piece (drafts included); everyone else what is public."""

    def public(self):
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

    def scope_officer(self, user):
        return self.all()

    def _public(self, user):
        return self.public()

    scope_consultant = scope_finance = scope_partner = _public
    scope_local = scope_enterprise = scope_viewer = _public


class CaseStudyQuerySet(ContentQuerySet):
    def public(self):
        return super().public().filter(facility__published=True)


class Category(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(pgettext_lazy("portal", "address"), max_length=120, unique=True)

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = pgettext_lazy("portal", "category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(pgettext_lazy("portal", "address"), max_length=80, unique=True)

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class Content(models.Model):
    """What articles, documents and case studies share: title, address, summary, workflow."""

    title = models.CharField(pgettext_lazy("portal", "title"), max_length=300)
    slug = models.SlugField(pgettext_lazy("portal", "address"), max_length=200, unique=True,
                            help_text=_("Letters without diacritics, digits and hyphens; it "
                                        "becomes part of the page's address."))
    summary = models.TextField(_("summary"), max_length=600,
                               help_text=_("One or two sentences, shown in lists, search "
                                           "results and as the page's description."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publication time"), null=True, blank=True,
        help_text=_("Empty: published when the publish button is pressed. A time in the "
                    "future schedules the publication."))
    is_demo = models.BooleanField(_("demo content"), default=False)
    created_at = models.DateTimeField(pgettext_lazy("portal", "created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ContentQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return (self.status == Status.PUBLISHED and self.published_at is not None
                and self.published_at <= timezone.now())

    @property
    def is_scheduled(self) -> bool:
        return (self.status == Status.PUBLISHED and self.published_at is not None
                and self.published_at > timezone.now())


class Article(Content):
    body = models.TextField(_("text"), help_text=_("Markdown: **bold**, *italic*, "
                                                   "## headings, - lists, [links](https://…)."))
    image = models.ImageField(_("image"), upload_to="portal/images/%Y/", blank=True)
    image_alt = models.CharField(_("image description"), max_length=300, blank=True,
                                 help_text=_("What the image shows, for readers who "
                                             "cannot see it."))
    category = models.ForeignKey(Category, verbose_name=pgettext_lazy("portal", "category"),
                                 null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="articles")
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True,
                                  related_name="articles")

    class Meta(Content.Meta):
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [models.Index(fields=["status", "published_at"])]

    def get_absolute_url(self) -> str:
        return reverse("portal:article", args=[self.slug])


class Document(Content):
    class Kind(models.TextChoices):
        GUIDE = "guide", _("Technical guide")
        LEGAL = "legal", _("Legal document")
        HANDBOOK = "handbook", _("Handbook")
        OTHER = "other", _("Other document")

    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=100, blank=True)
    issued_on = models.DateField(_("date issued"), null=True, blank=True)
    issuer = models.CharField(_("issued by"), max_length=300, blank=True)
    in_force = models.BooleanField(_("in force"), default=True)
    vsic_divisions = models.ManyToManyField(
        VsicDivision, verbose_name=_("sectors (VSIC divisions)"), blank=True,
        related_name="portal_documents")
    file = models.FileField(_("file"), upload_to="portal/documents/%Y/")
    download_count = models.PositiveIntegerField(_("downloads"), default=0)

    class Meta(Content.Meta):
        verbose_name = pgettext_lazy("portal", "document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["kind", "status", "published_at"])]

    def get_absolute_url(self) -> str:
        return reverse("portal:document", args=[self.slug])

    @property
    def extension(self) -> str:
        return (self.file.name or "").rsplit(".", 1)[-1].lower()


class CaseStudy(Content):
    facility = models.ForeignKey("facilities.Facility", verbose_name=_("facility"),
                                 on_delete=models.PROTECT, related_name="case_studies")
    options = models.ManyToManyField(
        "assessments.Option", verbose_name=_("CP options applied"), blank=True,
        related_name="case_studies",
        help_text=_("The facility's implemented or verified options."))
    what_changed = models.TextField(_("what changed"), help_text=_("Markdown."))
    cost_million_vnd = models.DecimalField(_("cost (million VND)"), max_digits=14,
                                           decimal_places=1, null=True, blank=True)
    saving_million_vnd_per_year = models.DecimalField(
        _("saving (million VND a year)"), max_digits=14, decimal_places=1, null=True,
        blank=True)
    photo = models.ImageField(_("photo"), upload_to="portal/photos/%Y/", blank=True)
    photo_alt = models.CharField(_("photo description"), max_length=300, blank=True)
    featured = models.BooleanField(_("featured on the home page"), default=False)

    objects = CaseStudyQuerySet.as_manager()

    class Meta(Content.Meta):
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")

    def get_absolute_url(self) -> str:
        return reverse("portal:case_study", args=[self.slug])


class PictureQuerySet(ThroughQuerySet):
    """A picture is read exactly as the piece it belongs to: the public reads the pictures
    of public pieces only (a draft's or an unconsented case study's are not found)."""

    @property
    def through(self) -> str:  # type: ignore[override]
        return self.model.piece_field

    def public(self):
        piece = self.model._meta.get_field(self.through).related_model
        return self.filter(**{f"{self.through}__in": piece.objects.public()})


class Picture(models.Model):
    """One picture of a piece's gallery, shown in ``position`` order with its description
    (for readers who cannot see it) and an optional caption. Its width and height are
    stored so that the page keeps the picture's room before it loads."""

    image = models.ImageField(_("picture"), upload_to="portal/pictures/%Y/",
                              width_field="width", height_field="height")
    width = models.PositiveIntegerField(_("width (pixels)"), null=True, editable=False)
    height = models.PositiveIntegerField(_("height (pixels)"), null=True, editable=False)
    alt = models.CharField(_("picture description"), max_length=300,
                           help_text=_("What the picture shows, for readers who cannot "
                                       "see it."))
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("position"), default=1)

    #: The foreign key to the piece the picture belongs to.
    piece_field = ""

    objects = PictureQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.alt

    @property
    def piece(self) -> Content:
        return getattr(self, self.piece_field)


class ArticlePicture(Picture):
    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE,
                                related_name="pictures")

    piece_field = "article"

    class Meta(Picture.Meta):
        verbose_name = _("picture of an article")
        verbose_name_plural = _("pictures of articles")


class CaseStudyPicture(Picture):
    case_study = models.ForeignKey(CaseStudy, verbose_name=_("case study"),
                                   on_delete=models.CASCADE, related_name="pictures")

    piece_field = "case_study"

    class Meta(Picture.Meta):
        verbose_name = _("photo of a case study")
        verbose_name_plural = _("photos of case studies")


#: The kinds of content by the name addresses and the audit trail use.
CONTENT_MODELS: dict[str, type[Content]] = {
    "article": Article, "document": Document, "case-study": CaseStudy,
}

def content_kind(piece: Content) -> str:
    """The kind of a piece, by the name addresses and the audit trail use."""
    return next(k for k, model in CONTENT_MODELS.items() if isinstance(piece, model))


#: The kinds of content that hold a gallery, and the model of its pictures.
PICTURE_MODELS: dict[str, type[Picture]] = {
    "article": ArticlePicture, "case-study": CaseStudyPicture,
}

#: Upload limits (bytes).
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_IMAGE_BYTES = 5 * 1024 * 1024
#: A picture's largest area (pixels): a few kilobytes of PNG can hold a picture that takes
#: gigabytes to show, in every visitor's browser. 40 million is more than a camera's.
MAX_IMAGE_PIXELS = 40_000_000
