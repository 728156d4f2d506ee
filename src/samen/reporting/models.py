"""Reporting and governance (issue 8): cost programmes, decision milestones and council letters.

KPI figures are not stored: they are computed from the other modules (see ``kpis``). What is stored
here is what people decide or write: a programme's budget and key (seed 000), the calendar of
besluitvormingsmomenten (seed 004) and the twice-yearly raadsinformatiebrief, which is frozen and
archived (file and hash) once the controller finalises it.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.accounts.permissions import ScopeLookups

MONEY = {"max_digits": 14, "decimal_places": 2}


class SubmittedOnce(models.Model):
    """A hidden token from the form: a double submit finds the first row instead of adding one."""

    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        abstract = True


class VersionedModel(models.Model):
    """Edited in forms: ``version`` goes up with every save, so a concurrent edit is detected."""

    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)

    class Meta:
        abstract = True


class Programme(VersionedModel):
    """A cost programme of the region (e.g. "aanjager", "experimenteerruimte"), split by a key.

    The budget is either one total over the running time (split over the years in proportion to
    the months of each year in it) or an amount per calendar year; each year's amount is then
    split over the municipalities with ``allocation_key`` (see ``costs``).
    """

    class Budgeting(models.TextChoices):
        TOTAL = "total", _("totaalbedrag over de looptijd")
        PER_YEAR = "per_year", _("bedrag per kalenderjaar")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="reporting_programmes",
        verbose_name=_("regio"),
    )
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    budgeting = models.CharField(_("begroting"), max_length=10, choices=Budgeting.choices)
    amount = models.DecimalField(
        _("bedrag (EUR)"),
        **MONEY,
        validators=[MinValueValidator(0)],
        help_text=_("Het totaalbedrag, of het bedrag per jaar (zie 'begroting')."),
    )
    starts_on = models.DateField(_("looptijd vanaf"))
    ends_on = models.DateField(_("looptijd tot en met"))
    allocation_key = models.ForeignKey(
        "regions.AllocationKey",
        on_delete=models.PROTECT,
        related_name="reporting_programmes",
        verbose_name=_("verdeelsleutel"),
    )
    decision_reference = models.CharField(
        _("besluit"), max_length=300, help_text=_("Het besluit waarmee het budget beschikbaar is.")
    )
    # A soft reference, not a foreign key: the grants module evolves on its own; the cost overview
    # reads its ledger when the scheme exists and says so when it does not.
    grant_scheme_uuid = models.UUIDField(
        _("subsidieregeling (realisatie)"),
        null=True,
        blank=True,
        help_text=_(
            "Leeg: geen realisatie gekoppeld. Anders: de regeling waarvan het grootboek de realisatie geeft."
        ),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    scope_lookups = ScopeLookups(region="region")

    class Meta:
        verbose_name = _("kostenprogramma")
        verbose_name_plural = _("kostenprogramma's")
        ordering = ["region", "starts_on", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="reporting_unique_programme_name",
                violation_error_message=_("Deze regio heeft al een programma met deze naam."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="reporting_programme_period",
                violation_error_message=_("De looptijd eindigt voordat hij begint."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="reporting_programme_amount_not_negative"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("De looptijd eindigt voordat hij begint.")})
        if (
            self.region_id
            and self.allocation_key_id
            and self.allocation_key.region_id != self.region_id
        ):
            raise ValidationError(
                {"allocation_key": _("Kies een verdeelsleutel van dezelfde regio.")}
            )

    @property
    def years(self) -> list[int]:
        return list(range(self.starts_on.year, self.ends_on.year + 1))


class Milestone(SubmittedOnce, VersionedModel):
    """A besluitvormingsmoment: what is decided (or reported), in which window, by whom.

    Its status is derived (``milestones.status_of``) from the window and the dates on which each
    body dealt with it — never typed in.
    """

    class Kind(models.TextChoices):
        DECISION = "decision", _("besluitvorming")
        INFORMATION = "information", _("informeren")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="reporting_milestones",
        verbose_name=_("regio"),
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reporting_milestones",
        verbose_name=_("gemeente"),
        help_text=_("Wiens college en raad besluiten. Leeg: alle gemeenten van de regio."),
    )
    title = models.CharField(_("wat"), max_length=300)
    description = models.TextField(_("toelichting"), blank=True)
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices, default=Kind.DECISION)
    window_starts_on = models.DateField(_("vanaf"))
    due_on = models.DateField(_("uiterlijk"))
    when_label = models.CharField(
        _("wanneer (zoals in het stuk)"),
        max_length=100,
        blank=True,
        help_text=_("Bijvoorbeeld 'april/mei 2021'. Leeg: de periode vanaf–uiterlijk."),
    )
    by_college = models.BooleanField(_("college"), default=False)
    by_committee = models.BooleanField(_("raadscommissie"), default=False)
    committee_name = models.CharField(
        _("naam commissie"), max_length=100, blank=True, help_text=_("Bijvoorbeeld 'commissie MO'.")
    )
    by_council = models.BooleanField(_("gemeenteraad"), default=False)
    college_on = models.DateField(_("behandeld door college op"), null=True, blank=True)
    committee_on = models.DateField(_("behandeld in commissie op"), null=True, blank=True)
    council_on = models.DateField(_("behandeld door raad op"), null=True, blank=True)
    cancelled_on = models.DateField(_("vervallen per"), null=True, blank=True)
    cancel_reason = models.CharField(_("reden vervallen"), max_length=300, blank=True)
    source = models.CharField(
        _("bron"), max_length=300, blank=True, help_text=_("Het stuk waarin dit moment is gepland.")
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    scope_lookups = ScopeLookups(region="region")

    class Meta:
        verbose_name = _("besluitvormingsmoment")
        verbose_name_plural = _("besluitvormingsmomenten")
        ordering = ["due_on", "window_starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=F("window_starts_on")),
                name="reporting_milestone_window",
                violation_error_message=_("'Uiterlijk' ligt vóór 'vanaf'."),
            ),
            models.CheckConstraint(
                condition=Q(by_college=True) | Q(by_committee=True) | Q(by_council=True),
                name="reporting_milestone_has_a_body",
                violation_error_message=_("Kies wie besluit: college, commissie en/of raad."),
            ),
            models.CheckConstraint(
                condition=Q(cancelled_on__isnull=True) | ~Q(cancel_reason=""),
                name="reporting_milestone_cancel_reason",
                violation_error_message=_("Geef de reden waarom het moment vervalt."),
            ),
        ]
        indexes = [models.Index(fields=["region", "due_on"], name="reporting_milestone_due")]

    def __str__(self):
        return self.title

    BODIES = (
        ("college", "by_college", "college_on"),
        ("committee", "by_committee", "committee_on"),
        ("council", "by_council", "council_on"),
    )

    def clean(self):
        super().clean()
        errors = {}
        if self.window_starts_on and self.due_on and self.due_on < self.window_starts_on:
            errors["due_on"] = _("'Uiterlijk' ligt vóór 'vanaf'.")
        if not (self.by_college or self.by_committee or self.by_council):
            errors["by_college"] = _("Kies wie besluit: college, commissie en/of raad.")
        for _code, flag, date_field in self.BODIES:
            if getattr(self, date_field) and not getattr(self, flag):
                errors[date_field] = _("Dit orgaan behandelt dit moment niet.")
        if self.cancelled_on and not self.cancel_reason.strip():
            errors["cancel_reason"] = _("Geef de reden waarom het moment vervalt.")
        if (
            self.municipality_id
            and self.region_id
            and self.municipality.region_id != self.region_id
        ):
            errors["municipality"] = _("Kies een gemeente van deze regio.")
        if errors:
            raise ValidationError(errors)


class MilestoneDocument(SubmittedOnce):
    """A document that belongs to a milestone: a proposal, a decision, a letter (link or number)."""

    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("besluitvormingsmoment"),
    )
    title = models.CharField(_("titel"), max_length=300)
    url = models.URLField(_("link"), blank=True)
    reference = models.CharField(
        _("kenmerk"), max_length=100, blank=True, help_text=_("Bijvoorbeeld DJ-694895.")
    )
    added_at = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)

    scope_lookups = ScopeLookups(region="milestone__region")

    class Meta:
        verbose_name = _("document bij besluitvormingsmoment")
        verbose_name_plural = _("documenten bij besluitvormingsmomenten")
        ordering = ["milestone", "added_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(reference=""),
                name="reporting_document_has_link_or_reference",
                violation_error_message=_("Geef een link of een kenmerk."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if not self.url and not self.reference.strip():
            raise ValidationError({"url": _("Geef een link of een kenmerk.")})


def letter_path(instance, filename):
    # Random file names; the archive keeps the hash next to the file to prove it is unchanged.
    return f"reporting/letters/{instance.region_id}/{uuid.uuid4().hex}.pdf"


class CouncilLetter(VersionedModel):
    """A raadsinformatiebrief for one half-year: a draft the controller edits, then frozen.

    Finalising stores the computed content (``snapshot``), the rendered PDF and its SHA-256; from
    then on the letter is only ever served from that file, never rendered again.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("concept")
        FINAL = "final", _("definitief")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="council_letters",
        verbose_name=_("regio"),
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("afzender (briefhoofd)"),
        help_text=_("Namens welk college de brief gaat; zijn briefhoofd staat erboven."),
    )
    period = models.CharField(
        _("periode"), max_length=10, help_text=_("Bijvoorbeeld 2021-H1 (eerste halfjaar 2021).")
    )
    period_start = models.DateField(_("periode vanaf"), editable=False)
    period_end = models.DateField(_("periode tot en met"), editable=False)
    subject = models.CharField(_("onderwerp"), max_length=300)
    letter_date = models.DateField(
        _("datum van de brief"),
        default=timezone.localdate,
        help_text=_("Wat toen besloten of te laat was, telt de brief vanaf deze datum."),
    )
    introduction = models.TextField(_("inleiding"), blank=True)
    decisions_text = models.TextField(
        _("gevraagde besluiten en aandachtspunten"),
        blank=True,
        help_text=_("Komt bij de besluitvormingsmomenten uit de kalender."),
    )
    closing = models.TextField(_("afsluiting"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("aangemaakt door"),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("gewijzigd door"),
    )
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("definitief gemaakt door"),
        editable=False,
    )
    finalised_at = models.DateTimeField(
        _("definitief gemaakt op"), null=True, blank=True, editable=False
    )
    snapshot = models.JSONField(_("inhoud bij vaststelling"), null=True, blank=True, editable=False)
    pdf = models.FileField(_("PDF"), upload_to=letter_path, blank=True, editable=False)
    pdf_sha256 = models.CharField(
        _("SHA-256 van de PDF"), max_length=64, blank=True, editable=False
    )

    scope_lookups = ScopeLookups(region="region")

    class Meta:
        verbose_name = _("raadsinformatiebrief")
        verbose_name_plural = _("raadsinformatiebrieven")
        ordering = ["-period_start", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "municipality", "period"],
                name="reporting_one_letter_per_period",
                violation_error_message=_(
                    "Er is al een raadsinformatiebrief van deze gemeente over deze periode."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(status="final", finalised_at__isnull=False) & ~Q(pdf_sha256="") & ~Q(pdf=""),
                name="reporting_final_letter_is_archived",
            ),
        ]

    def __str__(self):
        return f"{self.subject} ({self.period})"

    def save(self, *args, **kwargs):
        # The archive's guarantee, whatever path a save takes (form, admin, shell): a letter that
        # is final in the database never changes again.
        if self.pk and type(self).objects.filter(pk=self.pk, status=self.Status.FINAL).exists():
            raise ValidationError(_("Een definitieve raadsinformatiebrief verandert niet meer."))
        super().save(*args, **kwargs)

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL
