"""Residents and their Participatiewet dossiers (issue 5; seeds 002–004).

A ``Resident`` is a person as one municipality knows them: the municipality is the controller of
this data, so the same BSN in two municipalities is two separate residents that cannot see each
other. Each resident has exactly one ``Dossier`` (the three pillars werk, meedoen and inkomen, a
plan, contact moments, benefit episodes, arrangements, measurements and a talent profile).

Field names follow the Delft municipal data model where it has them (Participatiedossier, Traject).
Everything here is personal data: only case workers of the municipality (and administrators) read
it, every read is written to ``audit.AccessLog`` and the BSN only ever leaves ``Resident.bsn``
masked, except through the logged reveal.
"""

import secrets
import unicodedata
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samen.accounts.permissions import ScopeLookups

from .bsn import mask_bsn, validate_bsn
from .instruments import HEALTH_MAX, HEALTH_MIN, HIGHEST_RUNG, LOWEST_RUNG, RUNGS

#: Crockford's base-32 alphabet without look-alikes, for references read aloud on the phone.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
assert len(_ALPHABET) == 32  # noqa: S101 - random_code relies on it

postal_code_validator = RegexValidator(
    r"^[1-9][0-9]{3} ?[A-Za-z]{2}$", _("Een postcode is vier cijfers en twee letters: 7081 AB.")
)

MUNICIPALITY_SCOPE = ScopeLookups(region="municipality__region", municipality="municipality")
DOSSIER_PART_SCOPE = ScopeLookups(
    region="dossier__municipality__region", municipality="dossier__municipality"
)


def choice_label(choices: type[models.Choices], value) -> str:
    """The label of ``value`` as ``get_FOO_display()`` gives it, by the enum's own lookup.

    ``get_FOO_display()`` hashes every choice label on each call; an import writes the ``str()`` of
    hundreds of thousands of objects into the change trail, where that cost added up.
    """
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def random_code(prefix: str, length: int) -> str:
    # 32 symbols divide 256: every byte picks one uniformly (one call to the OS, not one per symbol).
    return prefix + "".join(_ALPHABET[byte % 32] for byte in secrets.token_bytes(length))


def new_resident_reference() -> str:
    """Samen's internal, pseudonymous reference of a resident (used in the access log)."""
    return random_code("R-", 8)


def new_pseudonym() -> str:
    """The id under which one partner organisation knows a resident (a new one per consent)."""
    return random_code("P-", 10)


def normalise_name(text: str) -> str:
    """Lower case without accents, for searching 'Müller' with 'muller'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join(
        "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().split()
    )


class VersionedModel(models.Model):
    """A row edited in forms: ``version`` goes up with each save so concurrent edits are detected."""

    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)

    class Meta:
        abstract = True


class Resident(VersionedModel):
    """A resident as known to one municipality (the personal data of the dossier)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(
        _("referentie"),
        max_length=12,
        unique=True,
        default=new_resident_reference,
        editable=False,
        help_text=_(
            "Interne, pseudonieme referentie; staat in het inzagelog in plaats van het BSN."
        ),
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        related_name="residents",
        verbose_name=_("gemeente"),
        db_index=False,  # the index on (municipality, bsn) serves it
    )
    bsn = models.CharField(_("BSN"), max_length=9, validators=[validate_bsn])
    given_names = models.CharField(_("voornamen"), max_length=200)
    surname_prefix = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    surname = models.CharField(_("achternaam"), max_length=200)
    search_name = models.CharField(max_length=420, editable=False, db_index=False)
    date_of_birth = models.DateField(_("geboortedatum"))
    street = models.CharField(_("straat"), max_length=200)
    house_number = models.CharField(_("huisnummer en toevoeging"), max_length=20)
    postal_code = models.CharField(_("postcode"), max_length=7, validators=[postal_code_validator])
    city = models.CharField(_("woonplaats"), max_length=100)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    scope_lookups = MUNICIPALITY_SCOPE

    class Meta:
        verbose_name = _("inwoner")
        verbose_name_plural = _("inwoners")
        ordering = ["surname", "given_names"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "bsn"],
                name="one_resident_per_bsn_per_municipality",
                violation_error_message=_("Dit BSN is in deze gemeente al ingeschreven."),
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "surname", "given_names"]),
            models.Index(fields=["municipality", "search_name"]),
        ]

    def __str__(self):
        # Only the pseudonymous reference: str() ends up in the audit trail and in log lines.
        return self.reference

    def save(self, *args, **kwargs):
        self.search_name = normalise_name(
            f"{self.given_names} {self.surname_prefix} {self.surname}"
        )
        self.postal_code = self.postal_code.upper().replace(" ", "")
        if len(self.postal_code) == 6:
            self.postal_code = f"{self.postal_code[:4]} {self.postal_code[4:]}"
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return " ".join(
            part for part in (self.given_names, self.surname_prefix, self.surname) if part
        )

    @property
    def sort_name(self) -> str:
        prefix = f", {self.surname_prefix}" if self.surname_prefix else ""
        return f"{self.surname}{prefix}, {self.given_names}"

    @property
    def masked_bsn(self) -> str:
        return mask_bsn(self.bsn)

    @property
    def address(self) -> str:
        return f"{self.street} {self.house_number}, {self.postal_code} {self.city}"


class Dossier(VersionedModel):
    """The Participatiewet dossier of a resident (Delft: Participatiedossier)."""

    class Status(models.TextChoices):
        OPEN = "open", _("lopend")
        CLOSED = "closed", _("afgesloten")

    class ClosingReason(models.TextChoices):
        WORK = "work", _("uitstroom naar werk")
        MOVED = "moved", _("verhuisd naar een andere gemeente")
        NO_LONGER_NEEDED = "no_longer_needed", _("geen ondersteuning meer nodig")
        DECEASED = "deceased", _("overleden")
        OTHER = "other", _("anders")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    resident = models.OneToOneField(
        Resident, on_delete=models.CASCADE, related_name="dossier", verbose_name=_("inwoner")
    )
    # Copied from the resident (who never changes municipality: a move means a new registration),
    # so that scoping a dossier and its parts is one join.
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        related_name="participation_dossiers",
        verbose_name=_("gemeente"),
        editable=False,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    opened_on = models.DateField(_("geopend op"), default=timezone.localdate)
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    closing_reason = models.CharField(
        _("reden afsluiten"), max_length=20, choices=ClosingReason.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("aangemaakt door"),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    scope_lookups = MUNICIPALITY_SCOPE

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-opened_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True)
                | Q(status="closed", closed_on__isnull=False),
                name="closed_dossier_has_closing_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "closed_on"])]

    def __str__(self):
        return _("Dossier %(uuid)s") % {"uuid": self.uuid}

    def save(self, *args, **kwargs):
        if self.resident_id and not self.municipality_id:
            self.municipality_id = self.resident.municipality_id
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class DossierPart(models.Model):
    """Something that belongs to a dossier (and is scoped through it)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, verbose_name=_("dossier"))

    scope_lookups = DOSSIER_PART_SCOPE

    class Meta:
        abstract = True


class SubmittedOnce(models.Model):
    """A hidden token from the form: a double submit finds the first row instead of a second."""

    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        abstract = True


class Pillar(DossierPart, VersionedModel):
    """One of the three pillars of seed 004 (werk, meedoen, inkomen) with its own status and goals."""

    class Kind(models.TextChoices):
        WORK = "work", _("Werk")
        PARTICIPATION = "participation", _("Meedoen")
        INCOME = "income", _("Inkomen")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("nog niet gestart")
        ACTIVE = "active", _("actief")
        ON_HOLD = "on_hold", _("gepauzeerd")
        DONE = "done", _("afgerond")
        NOT_APPLICABLE = "not_applicable", _("niet van toepassing")

    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.CASCADE,
        related_name="pillars",
        verbose_name=_("dossier"),
        db_index=False,  # the index on (dossier, kind) serves it
    )
    kind = models.CharField(_("pijler"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    goals = models.TextField(_("doelen"), blank=True)
    case_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participation_pillars",
        verbose_name=_("klantmanager"),
    )
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    class Meta:
        verbose_name = _("pijler")
        verbose_name_plural = _("pijlers")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "kind"], name="one_pillar_of_each_kind"),
        ]

    def __str__(self):
        return choice_label(self.Kind, self.kind)

    ORDER = {Kind.WORK: 0, Kind.PARTICIPATION: 1, Kind.INCOME: 2}


class Plan(VersionedModel):
    """The plan agreed with the resident: goals, actions and when to look at it again."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossier = models.OneToOneField(
        Dossier,
        on_delete=models.CASCADE,
        related_name="plan",
        verbose_name=_("dossier"),
    )
    agreed_goals = models.TextField(_("afgesproken doelen"), blank=True)
    actions = models.TextField(_("acties (wie doet wat)"), blank=True)
    agreed_on = models.DateField(_("afgesproken op"), null=True, blank=True)
    review_on = models.DateField(_("evaluatiedatum"), null=True, blank=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gewijzigd door"),
    )

    scope_lookups = DOSSIER_PART_SCOPE

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plannen")

    def __str__(self):
        return str(_("Plan"))


class ContactMoment(DossierPart, SubmittedOnce):
    """'Contact van mens tot mens' (seed 004): when, how and what was discussed."""

    class Channel(models.TextChoices):
        OFFICE = "office", _("gesprek op kantoor")
        HOME_VISIT = "home_visit", _("huisbezoek")
        ON_SITE = "on_site", _("op de werkplek of dagbesteding")
        PHONE = "phone", _("telefoon")
        VIDEO = "video", _("beeldbellen")
        EMAIL = "email", _("e-mail")
        LETTER = "letter", _("brief")

    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.CASCADE,
        related_name="contact_moments",
        verbose_name=_("dossier"),
        db_index=False,  # the index on (dossier, occurred_on) serves it
    )
    occurred_on = models.DateField(_("datum"))
    channel = models.CharField(_("kanaal"), max_length=20, choices=Channel.choices)
    summary = models.TextField(_("samenvatting"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")
        ordering = ["-occurred_on", "-created_at"]
        indexes = [models.Index(fields=["dossier", "-occurred_on"])]

    def __str__(self):
        return f"{self.occurred_on:%d-%m-%Y} {self.get_channel_display()}"


class BenefitEpisode(DossierPart, SubmittedOnce):
    """A period with (or without) a benefit. Samen records the kind and the dates, never amounts."""

    class Kind(models.TextChoices):
        BIJSTAND = "bijstand", _("bijstand (Participatiewet)")
        IOAW = "ioaw", _("IOAW")
        IOAZ = "ioaz", _("IOAZ")
        NONE = "none", _("geen uitkering")

    class EndReason(models.TextChoices):
        WORK = "work", _("uitstroom naar werk")
        MOVED = "moved", _("verhuisd")
        OTHER = "other", _("anders")

    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.CASCADE,
        related_name="benefit_episodes",
        verbose_name=_("dossier"),
    )
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    started_on = models.DateField(_("ingangsdatum"))
    ended_on = models.DateField(_("einddatum"), null=True, blank=True)
    end_reason = models.CharField(
        _("reden einde"), max_length=10, choices=EndReason.choices, blank=True
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("uitkeringsperiode")
        verbose_name_plural = _("uitkeringsperiodes")
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="benefit_episode_ends_after_start",
                violation_error_message=_("De einddatum ligt voor de ingangsdatum."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="")
                | Q(ended_on__isnull=False) & ~Q(end_reason=""),
                name="benefit_episode_end_has_reason",
                violation_error_message=_("Een beëindigde periode heeft een reden van einde."),
            ),
        ]

    def __str__(self):
        return f"{choice_label(self.Kind, self.kind)} {self.started_on:%d-%m-%Y}"


class Arrangement(DossierPart, SubmittedOnce, VersionedModel):
    """A regeling the resident takes part in (Delft: Traject): dagbesteding, beschut werk, a
    garantiebaan, ... Switching ends one and starts the next (see ``switching``)."""

    class Kind(models.TextChoices):
        DAYCARE = "daycare", _("dagbesteding (Wmo)")
        WORK_DAYCARE = "work_daycare", _("arbeidsmatige dagbesteding (Wmo)")
        SHELTERED_WORK = "sheltered_work", _("beschut werk")
        JOB_GUARANTEE = "job_guarantee", _("garantiebaan (banenafspraak)")
        WSW = "wsw", _("Wsw (oude rechten)")
        REGULAR_SUPPORTED = "regular_supported", _("regulier werk met ondersteuning")
        REGULAR = "regular", _("regulier werk zonder ondersteuning")
        VOLUNTEERING = "volunteering", _("vrijwilligerswerk")
        SOCIAL_PARTICIPATION = "social_participation", _("maatschappelijke participatie")
        EDUCATION = "education", _("scholing")

    class Support(models.TextChoices):
        WAGE_SUBSIDY = "wage_subsidy", _("loonkostensubsidie")
        JOB_COACH = "job_coach", _("jobcoach")
        BOTH = "both", _("loonkostensubsidie en jobcoach")

    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.CASCADE,
        related_name="arrangements",
        verbose_name=_("dossier"),
        db_index=False,  # the index on (dossier, started_on) serves it
    )
    kind = models.CharField(
        pgettext_lazy("participatie", "regeling"), max_length=30, choices=Kind.choices
    )
    provider = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participation_arrangements",
        verbose_name=_("aanbieder (uit het netwerk)"),
    )
    provider_name = models.CharField(
        _("aanbieder of werkgever"),
        max_length=200,
        blank=True,
        help_text=_("De naam blijft bewaard, ook als de organisatie uit het netwerk verdwijnt."),
    )
    hours_per_week = models.DecimalField(
        _("uren per week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
    )
    support = models.CharField(
        _("ondersteuning"), max_length=20, choices=Support.choices, blank=True
    )
    started_on = models.DateField(_("startdatum"))
    ended_on = models.DateField(_("einddatum"), null=True, blank=True)
    end_reason = models.CharField(_("reden einde of wissel"), max_length=300, blank=True)
    # RESTRICT: the chain of switches cannot be broken by deleting one link, but destroying the
    # whole dossier (retention) removes it in one go.
    switched_from = models.OneToOneField(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="switched_to",
        verbose_name=_("gewisseld vanuit"),
    )
    uwv_advice_on = models.DateField(_("datum advies beschut werk (UWV)"), null=True, blank=True)
    uwv_advice_reference = models.CharField(_("kenmerk UWV-advies"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("participatie", "regeling")
        verbose_name_plural = _("regelingen")
        ordering = ["-started_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="arrangement_ends_after_start",
                violation_error_message=_("De einddatum ligt voor de startdatum."),
            ),
        ]
        indexes = [models.Index(fields=["dossier", "-started_on"])]

    def __str__(self):
        return f"{choice_label(self.Kind, self.kind)} {self.started_on:%d-%m-%Y}"

    def save(self, *args, **kwargs):
        if self.provider_id and not self.provider_name:
            self.provider_name = self.provider.name
        super().save(*args, **kwargs)

    def is_active_on(self, day) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)


class TargetGroupRegistration(DossierPart):
    """The doelgroepregister status as an external fact: what UWV said on which date.

    Samen never derives or changes it (a switch of arrangement leaves it alone); a new fact from
    UWV is a new row, so the history stays.
    """

    class Status(models.TextChoices):
        REGISTERED = "registered", _("opgenomen in het doelgroepregister")
        NOT_REGISTERED = "not_registered", _("niet opgenomen in het doelgroepregister")
        REMOVED = "removed", _("afgevoerd uit het doelgroepregister")

    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.CASCADE,
        related_name="target_group_registrations",
        verbose_name=_("dossier"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    per_date = models.DateField(_("volgens UWV per"))
    source = models.CharField(
        _("bron"), max_length=100, default="UWV", help_text=_("Bijvoorbeeld 'UWV via Suwinet'.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("doelgroepregister")
        verbose_name_plural = _("doelgroepregister")
        ordering = ["-per_date", "-recorded_at"]

    def __str__(self):
        return f"{choice_label(self.Status, self.status)} ({self.per_date:%d-%m-%Y})"


class Assessment(DossierPart, SubmittedOnce):
    """A measurement taken on a date by an assessor (with the resident)."""

    assessed_on = models.DateField(_("datum"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("afgenomen door"),
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-assessed_on", "-created_at"]


def _rung_field(verbose_name, **kwargs):
    return models.PositiveSmallIntegerField(
        verbose_name,
        choices=[(number, f"{number}. {label}") for number, label in RUNGS.items()],
        validators=[MinValueValidator(LOWEST_RUNG), MaxValueValidator(HIGHEST_RUNG)],
        **kwargs,
    )


class LadderAssessment(Assessment):
    """A measurement on the Participatieladder: the answers, what Samen derived, what was confirmed."""

    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.CASCADE,
        related_name="ladder_assessments",
        verbose_name=_("dossier"),
        db_index=False,  # the index on (dossier, assessed_on) serves it
    )
    answers = models.JSONField(_("antwoorden"))
    current_rung = _rung_field(_("afgeleide trede"))
    potential_rung = _rung_field(_("groeipotentie"))
    horizon_months = models.PositiveSmallIntegerField(
        _("horizon (maanden)"), default=12, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    suggested_rung = _rung_field(_("trede volgens regeling"), null=True, blank=True)
    confirmed_rung = _rung_field(_("bevestigde trede"))
    deviation_note = models.TextField(
        _("toelichting bij afwijking"),
        blank=True,
        help_text=_("Verplicht als de bevestigde trede afwijkt van de afgeleide trede."),
    )

    class Meta(Assessment.Meta):
        verbose_name = _("meting participatieladder")
        verbose_name_plural = _("metingen participatieladder")
        constraints = [
            models.CheckConstraint(
                condition=Q(potential_rung__gte=models.F("confirmed_rung")),
                name="ladder_potential_not_below_current",
            ),
        ]
        # Reporting asks, per dossier, for the latest measurement on or before a day.
        indexes = [models.Index(fields=["dossier", "assessed_on"])]

    def __str__(self):
        return _("Participatieladder %(date)s: trede %(rung)s") % {
            "date": f"{self.assessed_on:%d-%m-%Y}",
            "rung": self.confirmed_rung,
        }

    @property
    def rung_label(self):
        return RUNGS[self.confirmed_rung]

    @property
    def potential_label(self):
        return RUNGS[self.potential_rung]


def _health_field(verbose_name):
    return models.PositiveSmallIntegerField(
        verbose_name, validators=[MinValueValidator(HEALTH_MIN), MaxValueValidator(HEALTH_MAX)]
    )


class HealthAssessment(Assessment):
    """Positieve Gezondheid: the six dimensions, each 0–10, filled in by or with the resident."""

    class FilledIn(models.TextChoices):
        TOGETHER = "together", _("samen met de inwoner")
        RESIDENT = "resident", _("door de inwoner zelf")

    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.CASCADE,
        related_name="health_assessments",
        verbose_name=_("dossier"),
        db_index=False,  # the index on (dossier, assessed_on) serves it
    )
    filled_in = models.CharField(
        _("ingevuld"), max_length=10, choices=FilledIn.choices, default=FilledIn.TOGETHER
    )
    body_functions = _health_field(_("Lichaamsfuncties"))
    mental_wellbeing = _health_field(_("Mentaal welbevinden"))
    meaningfulness = _health_field(_("Zingeving"))
    quality_of_life = _health_field(_("Kwaliteit van leven"))
    participation = _health_field(_("Meedoen"))
    daily_functioning = _health_field(_("Dagelijks functioneren"))

    class Meta(Assessment.Meta):
        verbose_name = _("meting Positieve Gezondheid")
        verbose_name_plural = _("metingen Positieve Gezondheid")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    body_functions__lte=HEALTH_MAX,
                    mental_wellbeing__lte=HEALTH_MAX,
                    meaningfulness__lte=HEALTH_MAX,
                    quality_of_life__lte=HEALTH_MAX,
                    participation__lte=HEALTH_MAX,
                    daily_functioning__lte=HEALTH_MAX,
                ),
                name="health_scores_at_most_ten",
            ),
        ]
        # Reporting asks, per dossier, for the latest measurement in a period.
        indexes = [models.Index(fields=["dossier", "assessed_on"])]

    def __str__(self):
        return _("Positieve Gezondheid %(date)s") % {"date": f"{self.assessed_on:%d-%m-%Y}"}

    def scores(self) -> list[tuple[str, str, int]]:
        from .instruments import HEALTH_DIMENSIONS

        return [(code, label, getattr(self, code)) for code, label in HEALTH_DIMENSIONS]


class SelfRelianceAssessment(Assessment):
    """Zelfredzaamheid-Matrix: a score 1–5 per domain (``{"finances": 3, ...}``)."""

    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.CASCADE,
        related_name="self_reliance_assessments",
        verbose_name=_("dossier"),
    )
    scores = models.JSONField(_("scores per domein"))

    class Meta(Assessment.Meta):
        verbose_name = _("meting Zelfredzaamheid-Matrix")
        verbose_name_plural = _("metingen Zelfredzaamheid-Matrix")

    def __str__(self):
        return _("Zelfredzaamheid-Matrix %(date)s") % {"date": f"{self.assessed_on:%d-%m-%Y}"}

    def rows(self) -> list[tuple[str, str, int | None]]:
        from .instruments import SELF_RELIANCE_DOMAINS

        return [(code, label, self.scores.get(code)) for code, label in SELF_RELIANCE_DOMAINS]


class Talent(models.Model):
    """An entry of the Dutch talent vocabulary Samen ships (``data/talents.csv``)."""

    class Category(models.TextChoices):
        ATTITUDE = "attitude", _("Werkhouding en persoonlijke kwaliteiten")
        SOCIAL = "social", _("Sociale en communicatieve vaardigheden")
        ORGANISING = "organising", _("Denken, plannen en organiseren")
        DIGITAL = "digital", _("Digitale vaardigheden")
        LANGUAGE_NUMERACY = "language_numeracy", _("Taal en rekenen")
        LANGUAGES = "languages", _("Talen")
        CARE = "care", _("Zorg en welzijn")
        CHILDREN = "children", _("Kinderen en onderwijs")
        HOSPITALITY = "hospitality", _("Horeca en voeding")
        TECHNICAL = "technical", _("Techniek, bouw en onderhoud")
        WOOD_METAL = "wood_metal", _("Hout- en metaalbewerking")
        GREEN = "green", _("Groen, tuin en dieren")
        LOGISTICS = "logistics", _("Logistiek, vervoer en magazijn")
        CLEANING = "cleaning", _("Schoonmaak en facilitair")
        PRODUCTION = "production", _("Productie en assemblage")
        RETAIL = "retail", _("Winkel, verkoop en klantcontact")
        OFFICE = "office", _("Administratie en kantoor")
        CREATIVE = "creative", _("Creatief en ambacht")
        SPORT = "sport", _("Sport, bewegen en recreatie")
        COMMUNITY = "community", _("Buurt en vrijwillige inzet")

    code = models.SlugField(_("code"), max_length=80, unique=True)
    category = models.CharField(_("categorie"), max_length=30, choices=Category.choices)
    name = models.CharField(_("naam"), max_length=200)
    esco_uri = models.URLField(
        _("ESCO-URI"),
        blank=True,
        help_text=_(
            "De bijbehorende vaardigheid in ESCO, de Europese classificatie, als die er is."
        ),
    )
    is_active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("talent")
        verbose_name_plural = _("talenten")
        ordering = ["category", "name"]

    def __str__(self):
        return self.name


class TalentProfile(VersionedModel):
    """The talentenmap of seed 002/003: what the resident can and wants, not what they cannot.

    Functional limitations are categories (``instruments.LIMITATIONS``), never a diagnosis; there is
    deliberately no free text for them.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossier = models.OneToOneField(
        Dossier,
        on_delete=models.CASCADE,
        related_name="talent_profile",
        verbose_name=_("dossier"),
    )
    talents = models.ManyToManyField(
        Talent, blank=True, related_name="profiles", verbose_name=_("talenten en vaardigheden")
    )
    ambitions = models.TextField(_("ambities"), blank=True)
    motivation = models.TextField(_("wat de inwoner drijft en motiveert"), blank=True)
    hours_per_week = models.PositiveSmallIntegerField(
        _("uren per week beschikbaar"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(60)],
    )
    limitations = models.JSONField(_("functionele beperkingen"), default=list, blank=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gewijzigd door"),
    )

    scope_lookups = DOSSIER_PART_SCOPE

    class Meta:
        verbose_name = _("talentprofiel")
        verbose_name_plural = _("talentprofielen")

    def __str__(self):
        return str(_("Talentprofiel"))

    def limitation_labels(self) -> list[str]:
        from .instruments import LIMITATIONS

        return [LIMITATIONS[code] for code in self.limitations if code in LIMITATIONS]


class ConsentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_on__isnull=True)


class Consent(DossierPart, SubmittedOnce):
    """The resident's consent to share parts of the talent profile with one partner organisation.

    The partner sees the resident only under ``pseudonym`` (a new one per consent, so two partners
    cannot link what they see) and only the categories in ``shared``. Withdrawing ends it at once.
    """

    class Form(models.TextChoices):
        WRITTEN = "written", _("schriftelijk")
        VERBAL = "verbal", _("mondeling, in gesprek vastgelegd")
        DIGITAL = "digital", _("digitaal")

    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("dossier"),
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="participation_consents",
        verbose_name=_("partnerorganisatie"),
    )
    pseudonym = models.CharField(
        _("pseudoniem"), max_length=14, unique=True, default=new_pseudonym, editable=False
    )
    shared = models.JSONField(_("wat gedeeld wordt"), default=list)
    form = models.CharField(_("vorm"), max_length=10, choices=Form.choices)
    given_on = models.DateField(_("gegeven op"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    withdrawn_on = models.DateField(_("ingetrokken op"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingetrokken door"),
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("toestemming om te delen")
        verbose_name_plural = _("toestemmingen om te delen")
        ordering = ["-given_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "organisation"],
                condition=Q(withdrawn_on__isnull=True),
                name="one_active_consent_per_organisation",
                violation_error_message=_(
                    "Er is al een lopende toestemming voor deze organisatie."
                ),
            ),
        ]

    def __str__(self):
        return self.pseudonym

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None

    def shares(self, category: str) -> bool:
        return category in self.shared

    def shared_labels(self) -> list[str]:
        from .instruments import SHARE_CATEGORIES

        labels = dict(SHARE_CATEGORIES)
        return [str(labels[code]) for code in self.shared if code in labels]


class DestructionRecord(models.Model):
    """What the retention command destroyed: how many dossiers, where and when — no personal data."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gemeente"),
    )
    destroyed_at = models.DateTimeField(_("vernietigd op"), default=timezone.now)
    dossier_count = models.PositiveIntegerField(_("aantal dossiers"))
    closed_before = models.DateField(
        _("afgesloten vóór"),
        help_text=_("Alle vernietigde dossiers waren vóór deze datum afgesloten."),
    )
    rule = models.CharField(_("grondslag"), max_length=300)
    performed_by = models.CharField(_("uitgevoerd door"), max_length=200)

    scope_lookups = MUNICIPALITY_SCOPE

    class Meta:
        verbose_name = _("vernietigingsverslag")
        verbose_name_plural = _("vernietigingsverslagen")
        ordering = ["-destroyed_at"]

    def __str__(self):
        return f"{self.municipality_id}: {self.dossier_count} ({self.destroyed_at:%d-%m-%Y})"


#: Every model holding a resident's data (for the retention purge and the access-log tests).
DOSSIER_MODELS = [
    Pillar,
    Plan,
    ContactMoment,
    BenefitEpisode,
    Arrangement,
    TargetGroupRegistration,
    LadderAssessment,
    HealthAssessment,
    SelfRelianceAssessment,
    TalentProfile,
    Consent,
]
