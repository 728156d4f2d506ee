"""Subsidy schemes and the Awb lifecycle of their applications (DESIGN.md, "The subsidy lifecycle").

Money is Decimal everywhere. The budget ledger is two layers: ``BudgetYear`` (one row per scheme and
year, the row every award locks) with ``BudgetShare`` (its split per municipality), both with
database checks that make overspending impossible, and the append-only ``LedgerEntry`` journal they
are the running totals of. The state of an application only changes through ``workflow``.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.accounts.permissions import ScopeLookups

from .states import State

ZERO = Decimal("0.00")
MONEY = {"max_digits": 14, "decimal_places": 2}


def money_field(label, **kwargs):
    kwargs.setdefault("default", ZERO)
    return models.DecimalField(label, **MONEY, **kwargs)


class GrantScheme(models.Model):
    """A subsidy scheme (subsidieregeling) with its budget, rules and scorecard."""

    class Charging(models.TextChoices):
        KEY = "key", _("Over de gemeenten volgens de verdeelsleutel")
        MUNICIPALITY = "municipality", _("Ten laste van één gemeente")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="grant_schemes",
        verbose_name=_("regio"),
    )
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    legal_basis = models.CharField(
        _("grondslag"),
        max_length=300,
        blank=True,
        help_text=_("Het besluit waarop de regeling rust, bijvoorbeeld het collegebesluit."),
    )
    issuing_municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uitvoerende gemeente"),
        help_text=_(
            "Het college van deze gemeente beslist; zijn briefhoofd staat op de beschikking."
        ),
    )
    issuing_department = models.CharField(
        _("afdeling"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld 'Team Zorg & Participatie'."),
    )
    opens_on = models.DateField(_("aanvragen vanaf"))
    closes_on = models.DateField(_("aanvragen tot en met"))
    decision_period_weeks = models.PositiveSmallIntegerField(
        _("beslistermijn (weken)"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text=_(
            "Awb 4:13: een redelijke termijn, zonder wettelijke termijn ten hoogste 8 weken."
        ),
    )
    remedy_period_weeks = models.PositiveSmallIntegerField(
        _("hersteltermijn (weken)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Termijn om een onvolledige aanvraag aan te vullen (Awb 4:5)."),
    )
    payment_term_weeks = models.PositiveSmallIntegerField(
        _("betalingstermijn (weken)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(26)],
        help_text=_("Awb 4:87: zes weken na bekendmaking, tenzij de regeling anders bepaalt."),
    )
    report_period_weeks = models.PositiveSmallIntegerField(
        _("termijn verantwoording (weken)"),
        default=13,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text=_("Zoveel weken na afloop van de activiteit moet de verantwoording binnen zijn."),
    )
    charging = models.CharField(
        _("ten laste van"), max_length=20, choices=Charging.choices, default=Charging.KEY
    )
    allocation_key = models.ForeignKey(
        "regions.AllocationKey",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verdeelsleutel"),
    )
    charge_municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ten laste van gemeente"),
    )
    minimum_amount = money_field(_("minimumbedrag"), validators=[MinValueValidator(ZERO)])
    maximum_amount = money_field(_("maximumbedrag"), validators=[MinValueValidator(ZERO)])
    advance_percentage = models.DecimalField(
        _("voorschot (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("80.00"),
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal(100))],
        help_text=_("Deel van de verleende subsidie dat als voorschot wordt betaald."),
    )
    scale_max = models.PositiveSmallIntegerField(
        _("hoogste score"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Stuurgroepleden scoren elk criterium van 0 tot en met dit getal."),
    )
    positive_threshold = models.DecimalField(
        _("drempel positief advies (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("60.00"),
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal(100))],
        help_text=_(
            "Gewogen score als percentage van de hoogste score, vanaf waar het advies positief is."
        ),
    )
    minimum_reviews = models.PositiveSmallIntegerField(
        _("minimum aantal beoordelingen"), default=2, validators=[MinValueValidator(1)]
    )
    conditions = models.TextField(
        _("standaardverplichtingen"),
        blank=True,
        help_text=_("Verplichtingen die in elke verleningsbeschikking staan."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    scope_lookups = ScopeLookups(region="region")

    class Meta:
        verbose_name = _("subsidieregeling")
        verbose_name_plural = _("subsidieregelingen")
        ordering = ["-opens_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="grants_unique_scheme_name"),
            models.CheckConstraint(
                condition=Q(minimum_amount__lte=F("maximum_amount")),
                name="grants_scheme_min_below_max",
                violation_error_message=_("Het minimumbedrag is hoger dan het maximumbedrag."),
            ),
            models.CheckConstraint(
                condition=Q(opens_on__lte=F("closes_on")),
                name="grants_scheme_period",
                violation_error_message=_("De regeling sluit voordat ze opent."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        charging="key",
                        allocation_key__isnull=False,
                        charge_municipality__isnull=True,
                    )
                    | Q(
                        charging="municipality",
                        charge_municipality__isnull=False,
                        allocation_key__isnull=True,
                    )
                ),
                name="grants_scheme_charging",
                violation_error_message=_(
                    "Kies een verdeelsleutel óf één gemeente, passend bij 'ten laste van'."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def issuing_body(self) -> str:
        return _("het college van burgemeester en wethouders van %(name)s") % {
            "name": self.issuing_municipality.name
        }


class Criterion(models.Model):
    """One line of the scorecard (toetsingskader)."""

    scheme = models.ForeignKey(
        GrantScheme, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("regeling")
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("criterium"), max_length=300)
    explanation = models.TextField(_("toelichting"), blank=True)
    weight = models.DecimalField(
        _("gewicht"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    knock_out = models.BooleanField(
        _("knock-out"),
        default=False,
        help_text=_(
            "Voldoet de aanvraag hier niet aan, dan is het advies negatief, wat de rest ook scoort."
        ),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("voldoende vanaf"),
        default=3,
        help_text=_("Alleen bij knock-out: een gemiddelde score lager dan dit is onvoldoende."),
    )

    scope_lookups = ScopeLookups(region="scheme__region")

    class Meta:
        verbose_name = _("criterium")
        verbose_name_plural = _("criteria")
        ordering = ["scheme", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "number"], name="grants_unique_criterion_number"
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0), name="grants_criterion_weight_positive"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Question(models.Model):
    """A question of the scheme's application form, next to the standard fields."""

    scheme = models.ForeignKey(
        GrantScheme, on_delete=models.CASCADE, related_name="questions", verbose_name=_("regeling")
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    text = models.CharField(_("vraag"), max_length=300)
    help_text = models.CharField(_("uitleg"), max_length=300, blank=True)
    required = models.BooleanField(_("verplicht"), default=True)

    scope_lookups = ScopeLookups(region="scheme__region")

    class Meta:
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        ordering = ["scheme", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "number"], name="grants_unique_question_number"
            ),
        ]

    def __str__(self):
        return self.text


# --- Budget ledger ------------------------------------------------------------------------------


class LedgerTotals(models.Model):
    """The running totals kept for a scheme-year and for each municipality's share of it."""

    ceiling = money_field(_("plafond"))
    committed = money_field(_("verplicht"))
    released = money_field(_("vrijgevallen"))
    paid = money_field(_("betaald"))
    repaid = money_field(_("terugontvangen"))
    carried_in = money_field(_("overgeheveld uit vorig jaar"))
    carried_out = money_field(_("overgeheveld naar volgend jaar"))

    class Meta:
        abstract = True

    @property
    def available(self) -> Decimal:
        return self.ceiling + self.carried_in - self.carried_out

    @property
    def committed_net(self) -> Decimal:
        return self.committed - self.released

    @property
    def free(self) -> Decimal:
        return self.available - self.committed_net

    @property
    def paid_net(self) -> Decimal:
        return self.paid - self.repaid

    @classmethod
    def ledger_checks(cls, prefix: str) -> list[models.CheckConstraint]:
        """Database checks: the free budget never drops below zero, and no total is negative."""
        available_plus_released = F("ceiling") + F("carried_in") - F("carried_out") + F("released")
        return [
            models.CheckConstraint(
                # free = available - (committed - released) >= 0
                condition=Q(committed__lte=available_plus_released)
                & Q(released__lte=F("committed")),
                name=f"{prefix}_never_overspent",
                violation_error_message=_("Het plafond wordt overschreden."),
            ),
            models.CheckConstraint(
                condition=Q(ceiling__gte=0, committed__gte=0, released__gte=0, paid__gte=0)
                & Q(repaid__gte=0, carried_in__gte=0, carried_out__gte=0),
                name=f"{prefix}_no_negative_totals",
            ),
        ]


class BudgetYear(LedgerTotals):
    """The budget of a scheme for one year: its ceiling (Awb 4:25) and totals. Awards lock this row."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    scheme = models.ForeignKey(
        GrantScheme,
        on_delete=models.PROTECT,
        related_name="budget_years",
        verbose_name=_("regeling"),
    )
    year = models.PositiveSmallIntegerField(_("jaar"), validators=[MinValueValidator(2000)])
    ceiling_decision = models.CharField(
        _("besluit plafond"),
        max_length=300,
        help_text=_(
            "Het besluit waarmee het plafond is vastgesteld, bijvoorbeeld het raadsbesluit."
        ),
    )

    scope_lookups = ScopeLookups(region="scheme__region")

    class Meta:
        verbose_name = _("budgetjaar")
        verbose_name_plural = _("budgetjaren")
        ordering = ["scheme", "year"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "year"], name="grants_one_budget_per_year"),
            *LedgerTotals.ledger_checks("grants_budget_year"),
        ]

    def __str__(self):
        return f"{self.scheme} {self.year}"


class BudgetShare(LedgerTotals):
    """A municipality's part of a scheme-year's budget (by the scheme's key, or all of it)."""

    budget_year = models.ForeignKey(
        BudgetYear, on_delete=models.CASCADE, related_name="shares", verbose_name=_("budgetjaar")
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gemeente"),
    )

    scope_lookups = ScopeLookups(region="budget_year__scheme__region")

    class Meta:
        verbose_name = _("aandeel gemeente")
        verbose_name_plural = _("aandelen gemeenten")
        ordering = ["budget_year", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget_year", "municipality"], name="grants_one_share_per_municipality"
            ),
            *LedgerTotals.ledger_checks("grants_budget_share"),
        ]

    def __str__(self):
        return f"{self.budget_year} – {self.municipality}"


class LedgerEntry(models.Model):
    """One booking in the journal; the totals above are the sums of these. Never changed or deleted."""

    class Kind(models.TextChoices):
        CEILING = "ceiling", _("plafond")
        COMMITMENT = "commitment", _("verplichting (verlening)")
        RELEASE = "release", _("vrijval")
        PAYMENT = "payment", _("betaling")
        REPAYMENT = "repayment", _("terugbetaling")
        CARRY_OUT = "carry_out", _("overheveling naar volgend jaar")
        CARRY_IN = "carry_in", _("overheveling uit vorig jaar")

    #: Which running total each kind of booking adds to.
    COLUMN = {
        Kind.CEILING: "ceiling",
        Kind.COMMITMENT: "committed",
        Kind.RELEASE: "released",
        Kind.PAYMENT: "paid",
        Kind.REPAYMENT: "repaid",
        Kind.CARRY_OUT: "carried_out",
        Kind.CARRY_IN: "carried_in",
    }

    budget_year = models.ForeignKey(
        BudgetYear, on_delete=models.PROTECT, related_name="entries", verbose_name=_("budgetjaar")
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gemeente"),
    )
    application = models.ForeignKey(
        "Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
        verbose_name=_("aanvraag"),
    )
    decision = models.ForeignKey(
        "Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
        verbose_name=_("besluit"),
        help_text=_("Het besluit dat deze boeking uitvoert."),
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(
        _("bedrag"),
        **MONEY,
        help_text=_("Meestal positief; een correctie van afronding kan een negatief bedrag zijn."),
    )
    booked_at = models.DateTimeField(_("geboekt op"), auto_now_add=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geboekt door"),
    )
    note = models.CharField(_("omschrijving"), max_length=300, blank=True)

    scope_lookups = ScopeLookups(region="budget_year__scheme__region")

    class Meta:
        verbose_name = _("boeking")
        verbose_name_plural = _("boekingen")
        ordering = ["booked_at", "id"]
        indexes = [
            models.Index(
                fields=["budget_year", "municipality", "kind"], name="grants_entry_totals"
            ),
            models.Index(fields=["application", "kind"], name="grants_entry_application"),
            # The ledger page shows the latest bookings of a scheme: walk this index backwards.
            models.Index(fields=["-booked_at", "-id"], name="grants_entry_recent"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount} ({self.municipality})"


class CarryOver(models.Model):
    """Unspent budget moved to the next year — only by a recorded council decision (seed 001)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    scheme = models.ForeignKey(
        GrantScheme,
        on_delete=models.PROTECT,
        related_name="carry_overs",
        verbose_name=_("regeling"),
    )
    from_year = models.PositiveSmallIntegerField(_("van jaar"))
    to_year = models.PositiveSmallIntegerField(_("naar jaar"))
    amount = models.DecimalField(
        _("bedrag"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    council_decision = models.CharField(
        _("raadsbesluit"), max_length=300, help_text=_("Het besluit dat de overheveling toestaat.")
    )
    council_decision_date = models.DateField(_("datum raadsbesluit"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    scope_lookups = ScopeLookups(region="scheme__region")

    class Meta:
        verbose_name = _("overheveling")
        verbose_name_plural = _("overhevelingen")
        ordering = ["scheme", "from_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_year=F("from_year") + 1), name="grants_carry_over_to_next_year"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="grants_carry_over_positive"),
        ]

    def __str__(self):
        return f"{self.scheme}: {self.from_year} → {self.to_year}"


# --- Applications -------------------------------------------------------------------------------


def attachment_path(instance, filename):
    # Random names: the original name is kept in the row, never used on disk.
    return f"grants/{instance.application.uuid}/{uuid.uuid4().hex}{instance.extension}"


def document_path(instance, filename):
    return f"grants/{instance.application.uuid}/besluiten/{uuid.uuid4().hex}.pdf"


class Application(models.Model):
    """A subsidy application (aanvraag) and where it stands in the lifecycle."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("kenmerk"), max_length=40, unique=True, null=True, blank=True)
    scheme = models.ForeignKey(
        GrantScheme,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("regeling"),
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="grant_applications",
        verbose_name=_("organisatie"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("aangemaakt door"),
    )
    client_token = models.UUIDField(
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="Idempotency key of the request that created it.",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=State.choices, default=State.CONCEPT, db_index=True
    )
    status_before_objection = models.CharField(max_length=20, choices=State.choices, blank=True)
    title = models.CharField(_("titel van het experiment"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    expected_results = models.TextField(_("beoogde resultaten"), blank=True)
    contact_name = models.CharField(_("contactpersoon"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mailadres contactpersoon"), blank=True)
    contact_phone = models.CharField(_("telefoon contactpersoon"), max_length=30, blank=True)
    values = models.ManyToManyField(
        "network.SharedValue",
        blank=True,
        related_name="grant_applications",
        verbose_name=_("gedeelde waarden"),
    )
    action_line = models.ForeignKey(
        "actionlines.ActionLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grant_applications",
        verbose_name=_("actielijn"),
    )
    project_start = models.DateField(_("start activiteit"), null=True, blank=True)
    project_end = models.DateField(_("einde activiteit"), null=True, blank=True)
    requested_amount = models.DecimalField(
        _("gevraagd bedrag"), **MONEY, null=True, blank=True, validators=[MinValueValidator(ZERO)]
    )
    budget_year = models.PositiveSmallIntegerField(_("begrotingsjaar"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    received_on = models.DateField(_("datum ontvangst"), null=True, blank=True)
    decision_due_on = models.DateField(
        _("uiterste beslisdatum"), null=True, blank=True, db_index=True
    )
    postponed_weeks = models.PositiveSmallIntegerField(_("verdaagd (weken)"), default=0)
    postponement_reason = models.TextField(_("reden verdaging"), blank=True)
    report_due_on = models.DateField(_("verantwoording uiterlijk"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    last_editor = models.CharField(
        max_length=32,
        blank=True,
        editable=False,
        help_text="Token of the edit page that saved last: its own autosaves are no conflict.",
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    scope_lookups = ScopeLookups(region="scheme__region")

    class Meta:
        verbose_name = _("aanvraag")
        verbose_name_plural = _("aanvragen")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["scheme", "status"], name="grants_app_scheme_status"),
            models.Index(fields=["organisation", "status"], name="grants_app_org_status"),
        ]

    def __str__(self):
        return self.reference or self.title

    @property
    def state(self) -> State:
        return State(self.status)

    @property
    def total_costs(self) -> Decimal:
        return sum((line.amount for line in self.budget_lines.all()), ZERO)

    @property
    def total_co_financing(self) -> Decimal:
        return sum((line.co_financing for line in self.budget_lines.all()), ZERO)

    @property
    def current_settlement(self):
        """The settlement in force (an objection can annul one; prefetch ``settlements``)."""
        for settlement in self.settlements.all():
            if settlement.annulled_at is None:
                return settlement
        return None

    @property
    def current_decision(self):
        """The primary decision on the application (award/refusal/set aside) still in force."""
        for decision in self.decisions.all():
            if decision.kind != Decision.Kind.SETTLEMENT and decision.revoked_at is None:
                return decision
        return None


class BudgetLine(models.Model):
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="budget_lines",
        verbose_name=_("aanvraag"),
    )
    position = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(_("kostenpost"), max_length=200)
    amount = models.DecimalField(_("kosten"), **MONEY, validators=[MinValueValidator(ZERO)])
    co_financing = money_field(_("cofinanciering"), validators=[MinValueValidator(ZERO)])
    co_financier = models.CharField(_("cofinancier"), max_length=200, blank=True)

    scope_lookups = ScopeLookups(region="application__scheme__region")

    class Meta:
        verbose_name = _("begrotingsregel")
        verbose_name_plural = _("begrotingsregels")
        ordering = ["application", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0, co_financing__gte=0, co_financing__lte=F("amount")),
                name="grants_budget_line_amounts",
                violation_error_message=_("De cofinanciering is hoger dan de kosten."),
            )
        ]

    def __str__(self):
        return self.description


class Answer(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="answers", verbose_name=_("aanvraag")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("vraag")
    )
    text = models.TextField(_("antwoord"), blank=True)

    scope_lookups = ScopeLookups(region="application__scheme__region")

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "question"], name="grants_one_answer_per_question"
            )
        ]

    def __str__(self):
        return f"{self.question}: {self.text[:40]}"


class Attachment(models.Model):
    """An uploaded file, stored privately and served only through a permission-checked view."""

    class Kind(models.TextChoices):
        APPLICATION = "application", _("bij de aanvraag")
        REMEDY = "remedy", _("aanvulling")
        REPORT = "report", _("verantwoording")
        OBJECTION = "objection", _("bezwaar")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("aanvraag"),
    )
    kind = models.CharField(
        _("soort"), max_length=20, choices=Kind.choices, default=Kind.APPLICATION
    )
    title = models.CharField(_("omschrijving"), max_length=200)
    file = models.FileField(_("bestand"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("bestandsnaam"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("geüpload door"),
    )
    uploaded_at = models.DateTimeField(_("geüpload op"), auto_now_add=True)

    scope_lookups = ScopeLookups(region="application__scheme__region")

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name

    @property
    def extension(self) -> str:
        name = self.original_name or ""
        return ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""


class TransitionLog(models.Model):
    """Every step in the lifecycle: what, by whom, in which role, under which mandate, when."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name=_("aanvraag"),
    )
    transition = models.CharField(_("stap"), max_length=40)
    from_state = models.CharField(_("van"), max_length=20, choices=State.choices)
    to_state = models.CharField(_("naar"), max_length=20, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("door")
    )
    actor_name = models.CharField(_("naam"), max_length=200)
    role = models.CharField(_("rol"), max_length=32, blank=True)
    mandate_reference = models.CharField(_("mandaat"), max_length=200, blank=True)
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True)
    effective_on = models.DateField(
        _("datum"), help_text=_("De dag waarop de stap rechtsgevolg heeft (meestal vandaag).")
    )
    note = models.TextField(_("toelichting"), blank=True)

    scope_lookups = ScopeLookups(region="application__scheme__region")

    class Meta:
        verbose_name = _("processtap")
        verbose_name_plural = _("processtappen")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.application}: {self.transition}"


class RemedyRequest(models.Model):
    """A request to complete the application within a remedy period (Awb 4:5); the clock stops."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="remedy_requests",
        verbose_name=_("aanvraag"),
    )
    message = models.TextField(_("wat ontbreekt"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gevraagd door"),
    )
    requested_on = models.DateField(_("gevraagd op"))
    due_on = models.DateField(_("aanvullen uiterlijk"))
    answered_on = models.DateField(_("aangevuld op"), null=True, blank=True)
    answer = models.TextField(_("toelichting aanvulling"), blank=True)

    scope_lookups = ScopeLookups(region="application__scheme__region")

    class Meta:
        verbose_name = _("verzoek om aanvulling")
        verbose_name_plural = _("verzoeken om aanvulling")
        ordering = ["requested_on", "id"]

    def __str__(self):
        return f"{self.application} ({self.requested_on:%d-%m-%Y})"


# --- Scorecard ----------------------------------------------------------------------------------


class Review(models.Model):
    """One steering member's scorecard for one application."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("aanvraag")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="grant_reviews",
        verbose_name=_("stuurgroeplid"),
    )
    view = models.TextField(_("zienswijze"), help_text=_("Uw oordeel over de aanvraag als geheel."))
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    scope_lookups = ScopeLookups(region="application__scheme__region")

    class Meta:
        verbose_name = _("beoordeling")
        verbose_name_plural = _("beoordelingen")
        ordering = ["application", "reviewer"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="grants_one_review_per_member"
            )
        ]

    def __str__(self):
        return f"{self.application} – {self.reviewer}"


class Score(models.Model):
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="scores", verbose_name=_("beoordeling")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("criterium")
    )
    value = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    not_applicable = models.BooleanField(_("niet van toepassing"), default=False)
    justification = models.TextField(_("onderbouwing"))

    scope_lookups = ScopeLookups(region="review__application__scheme__region")

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["review", "criterion__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="grants_one_score_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True, not_applicable=True)
                | Q(value__isnull=False, not_applicable=False),
                name="grants_score_or_not_applicable",
                violation_error_message=_("Geef een score óf kies 'niet van toepassing'."),
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {'n.v.t.' if self.not_applicable else self.value}"


class Recusal(models.Model):
    """A steering member who does not take part in scoring an application (conflict of interest)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="recusals", verbose_name=_("aanvraag")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("stuurgroeplid"),
    )
    reason = models.CharField(_("reden"), max_length=300)
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True)

    scope_lookups = ScopeLookups(region="application__scheme__region")

    class Meta:
        verbose_name = _("verschoning")
        verbose_name_plural = _("verschoningen")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "member"], name="grants_one_recusal_per_member"
            )
        ]

    def __str__(self):
        return f"{self.member} – {self.application}"


class Advice(models.Model):
    """The steering group's advice: the aggregated scorecard and the members' views."""

    class Outcome(models.TextChoices):
        POSITIVE = "positive", _("positief")
        NEGATIVE = "negative", _("negatief")

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="advice", verbose_name=_("aanvraag")
    )
    outcome = models.CharField(_("advies"), max_length=10, choices=Outcome.choices)
    score_percentage = models.DecimalField(
        _("gewogen score (%)"), max_digits=5, decimal_places=2, null=True
    )
    knock_out_failed = models.BooleanField(_("knock-out niet gehaald"), default=False)
    scorecard = models.JSONField(_("scorekaart"), default=list)
    member_views = models.JSONField(_("zienswijzen"), default=list)
    recused = models.JSONField(_("verschoond"), default=list)
    recommended_amount = models.DecimalField(
        _("geadviseerd bedrag"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    remarks = models.TextField(_("toelichting"), blank=True)
    established_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgesteld door"),
    )
    established_at = models.DateTimeField(_("vastgesteld op"), default=timezone.now)

    scope_lookups = ScopeLookups(region="application__scheme__region")

    class Meta:
        verbose_name = _("advies")
        verbose_name_plural = _("adviezen")

    def __str__(self):
        return f"{self.application}: {self.get_outcome_display()}"


# --- Decisions, money, objections ---------------------------------------------------------------


class Decision(models.Model):
    """A decision (besluit) on the application, with its letter (beschikking) as a PDF."""

    class Kind(models.TextChoices):
        AWARD = "award", _("verleend")
        PARTIAL = "partial", _("deels verleend")
        REFUSAL = "refusal", _("geweigerd")
        SET_ASIDE = "set_aside", _("buiten behandeling gesteld")
        SETTLEMENT = "settlement", _("vastgesteld")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("aanvraag")
    )
    kind = models.CharField(_("besluit"), max_length=20, choices=Kind.choices)
    amount = money_field(_("bedrag"), validators=[MinValueValidator(ZERO)])
    reasons = models.TextField(_("motivering"))
    conditions = models.TextField(_("verplichtingen"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("genomen door"),
    )
    decided_at = models.DateTimeField(_("genomen op"), default=timezone.now)
    mandate_reference = models.CharField(_("mandaat"), max_length=200)
    issuing_body = models.CharField(_("bestuursorgaan"), max_length=300)
    document = models.FileField(
        _("beschikking (PDF)"), upload_to=document_path, blank=True, max_length=300
    )
    sent_on = models.DateField(_("verzonden op"), null=True, blank=True)
    objection_period_ends_on = models.DateField(
        _("bezwaar mogelijk tot en met"), null=True, blank=True
    )
    payment_due_on = models.DateField(_("betalen uiterlijk"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("herroepen op"), null=True, blank=True)
    revoked_reason = models.TextField(_("reden herroeping"), blank=True)

    scope_lookups = ScopeLookups(region="application__scheme__region")

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="grants_decision_amount"),
        ]

    def __str__(self):
        return f"{self.application} – {self.get_kind_display()}"

    @property
    def is_award(self) -> bool:
        return self.kind in (self.Kind.AWARD, self.Kind.PARTIAL)


class Payment(models.Model):
    """Money moving between the municipality and the recipient."""

    class Kind(models.TextChoices):
        ADVANCE = "advance", _("voorschot")
        BALANCE = "balance", _("betaling na vaststelling")
        REPAYMENT = "repayment", _("terugbetaling (terugvordering)")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="payments", verbose_name=_("aanvraag")
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(
        _("bedrag"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    due_on = models.DateField(_("uiterlijk"), null=True, blank=True)
    paid_on = models.DateField(_("betaald op"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    registered_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    note = models.CharField(_("omschrijving"), max_length=300, blank=True)

    scope_lookups = ScopeLookups(region="application__scheme__region")

    class Meta:
        verbose_name = _("betaling")
        verbose_name_plural = _("betalingen")
        ordering = ["paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="grants_payment_positive")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount}"


class AccountabilityReport(models.Model):
    """The recipient's account of what was done and spent (verantwoording): the request to settle."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="report", verbose_name=_("aanvraag")
    )
    results = models.TextField(_("bereikte resultaten"))
    actual_costs = models.DecimalField(
        _("werkelijke kosten"), **MONEY, validators=[MinValueValidator(ZERO)]
    )
    co_financing_received = money_field(
        _("ontvangen cofinanciering"), validators=[MinValueValidator(ZERO)]
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ingediend door"),
    )
    submitted_at = models.DateTimeField(_("ingediend op"), default=timezone.now)
    settlement_due_on = models.DateField(_("vaststellen uiterlijk"), null=True, blank=True)

    scope_lookups = ScopeLookups(region="application__scheme__region")

    class Meta:
        verbose_name = _("verantwoording")
        verbose_name_plural = _("verantwoordingen")

    def __str__(self):
        return f"{self.application}"


class Settlement(models.Model):
    """The settlement (vaststelling, Awb 4:42): the final amount, what it releases and reclaims."""

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="settlements",
        verbose_name=_("aanvraag"),
    )
    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, related_name="settlement", verbose_name=_("besluit")
    )
    amount = models.DecimalField(
        _("vastgesteld bedrag"), **MONEY, validators=[MinValueValidator(ZERO)]
    )
    released = money_field(_("vrijgevallen"))
    balance_due = money_field(_("nog te betalen"))
    recovery = money_field(_("terug te vorderen"))
    recovery_due_on = models.DateField(_("terugbetalen uiterlijk"), null=True, blank=True)
    annulled_at = models.DateTimeField(_("vervallen op"), null=True, blank=True)

    scope_lookups = ScopeLookups(region="application__scheme__region")

    class Meta:
        verbose_name = _("vaststelling")
        verbose_name_plural = _("vaststellingen")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0, released__gte=0, balance_due__gte=0, recovery__gte=0),
                name="grants_settlement_amounts",
            )
        ]

    def __str__(self):
        return f"{self.application}: {self.amount}"


class Objection(models.Model):
    """An objection (bezwaar) against a decision, with its computed deadline (Awb 6:7, 7:10)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("in behandeling")
        INADMISSIBLE = "inadmissible", _("niet-ontvankelijk")
        UNFOUNDED = "unfounded", _("ongegrond")
        FOUNDED = "founded", _("gegrond")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="objections", verbose_name=_("aanvraag")
    )
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        related_name="objections",
        verbose_name=_("bestreden besluit"),
    )
    received_on = models.DateField(_("ontvangen op"))
    grounds = models.TextField(_("gronden"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("geregistreerd door"),
    )
    period_ends_on = models.DateField(_("bezwaartermijn liep tot en met"))
    decision_due_on = models.DateField(_("beslissen uiterlijk"))
    extended = models.BooleanField(_("verdaagd"), default=False)
    extension_reason = models.TextField(_("reden verdaging"), blank=True)
    previous_status = models.CharField(max_length=20, choices=State.choices)
    outcome = models.CharField(
        _("uitkomst"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    reasons = models.TextField(_("motivering beslissing op bezwaar"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beslist door"),
    )
    decided_at = models.DateTimeField(_("beslist op"), null=True, blank=True)
    mandate_reference = models.CharField(_("mandaat"), max_length=200, blank=True)

    scope_lookups = ScopeLookups(region="application__scheme__region")

    class Meta:
        verbose_name = _("bezwaar")
        verbose_name_plural = _("bezwaren")
        ordering = ["-received_on"]

    def __str__(self):
        return f"{self.application} – {self.received_on:%d-%m-%Y}"

    @property
    def is_timely(self) -> bool:
        return self.received_on <= self.period_ends_on
