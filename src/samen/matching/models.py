"""Work opportunities, matches, assignment rounds and quality measurements (issue 6, seed 003).

A ``WorkOpportunity`` is available work as a partner or case worker posts it: tasks, the talents it
asks and those it can teach (the vocabulary of ``participation.Talent``), hours, kind, support and
places. A ``Match`` links a resident's dossier to an opportunity and moves through the declared
states of ``workflow`` — only by a case worker (AVG art. 22). An ``AssignmentRun`` is one global
proposal for a municipality or region; its ``AssignmentProposal`` rows become matches only when a
case worker adopts them.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.accounts.permissions import ScopeLookups

DOSSIER_SCOPE = ScopeLookups(
    region="dossier__municipality__region", municipality="dossier__municipality"
)


class WorkOpportunityQuerySet(models.QuerySet):
    def open(self, on=None):
        """Open for candidates: status open and the closing date (if any) not passed."""
        on = on or timezone.localdate()
        return self.filter(status=WorkOpportunity.Status.OPEN).filter(
            Q(open_until__isnull=True) | Q(open_until__gte=on)
        )


class WorkOpportunity(models.Model):
    """Available work (not only vacancies) offered by a partner in a municipality of the region.

    Opportunities are shared in the region (every partner and case worker of the region sees them);
    who may change one is decided by ``rules.can_edit_opportunity``.
    """

    class Kind(models.TextChoices):
        PAID = "paid", _("betaald werk")
        SHELTERED_WORK = "sheltered_work", _("beschut werk")
        JOB_GUARANTEE = "job_guarantee", _("garantiebaan (banenafspraak)")
        LEARN_WORK = "learn_work", _("leerwerkplek")
        VOLUNTEERING = "volunteering", _("vrijwilligerswerk")
        WORK_DAYCARE = "work_daycare", _("dagbesteding met werk")
        WSW = "wsw", _("Wsw-plek (alleen oude rechten)")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("gesloten")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_opportunities",
        verbose_name=_("organisatie"),
        help_text=_("De partner die het werk aanbiedt."),
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        related_name="work_opportunities",
        verbose_name=_("gemeente van de werkplek"),
    )
    title = models.CharField(_("titel"), max_length=200)
    tasks = models.TextField(
        _("taken"),
        help_text=_("Wat iemand hier doet, in gewone woorden. Geen functie-eisen-lijst."),
    )
    kind = models.CharField(_("soort werk"), max_length=20, choices=Kind.choices)
    talents_asked = models.ManyToManyField(
        "participation.Talent",
        blank=True,
        related_name="asked_by_opportunities",
        verbose_name=_("gevraagde talenten"),
    )
    talents_taught = models.ManyToManyField(
        "participation.Talent",
        blank=True,
        related_name="taught_by_opportunities",
        verbose_name=_("talenten die hier te leren zijn"),
    )
    core_demands = models.JSONField(
        _("wat het werk altijd vraagt"),
        default=list,
        blank=True,
        help_text=_(
            "Belasting die bij elke werkdag hoort. Een inwoner met een functionele beperking "
            "hierop komt niet in aanmerking."
        ),
    )
    other_demands = models.JSONField(
        _("wat het werk soms vraagt"),
        default=list,
        blank=True,
        help_text=_("Belasting die af en toe voorkomt; telt mee als aandachtspunt."),
    )
    hours_min = models.PositiveSmallIntegerField(
        _("uren per week (minimaal)"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    hours_max = models.PositiveSmallIntegerField(
        _("uren per week (maximaal)"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    offers_job_coach = models.BooleanField(_("jobcoach beschikbaar"), default=False)
    offers_training = models.BooleanField(_("opleiding of training op de werkplek"), default=False)
    places = models.PositiveSmallIntegerField(
        _("aantal plekken"), default=1, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    open_until = models.DateField(_("open tot en met"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("aangemaakt door"),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = WorkOpportunityQuerySet.as_manager()

    # Shared in the region: a municipal membership sees the opportunities of its whole region.
    scope_lookups = ScopeLookups(region="municipality__region")

    class Meta:
        verbose_name = _("werkplek")
        verbose_name_plural = _("werkplekken")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_min__lte=models.F("hours_max")),
                name="opportunity_hours_min_not_above_max",
                violation_error_message=_("Het minimum aantal uren ligt boven het maximum."),
            ),
            models.CheckConstraint(condition=Q(places__gte=1), name="opportunity_has_a_place"),
        ]
        indexes = [models.Index(fields=["status", "open_until"])]

    def __str__(self):
        return self.title

    @property
    def provider_name(self) -> str:
        return self.organisation.name if self.organisation_id else ""

    def is_open(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.status == self.Status.OPEN and (
            self.open_until is None or self.open_until >= on
        )


class Match(models.Model):
    """A resident and an opportunity on their way to a placement (states: ``workflow``)."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("voorgesteld")
        DISCUSSED = "discussed", _("besproken met inwoner")
        INTRODUCED = "introduced", _("voorgesteld aan werkgever")
        PLACED = "placed", _("geplaatst")
        ENDED = "ended", _("beëindigd")
        DECLINED = "declined", _("afgewezen")

    class Source(models.TextChoices):
        RANKING = "ranking", _("uit de ranglijst van de inwoner")
        CANDIDATES = "candidates", _("uit de kandidatenlijst van de werkplek")
        ROUND = "round", _("uit een koppelronde")

    class DeclinedBy(models.TextChoices):
        RESIDENT = "resident", _("de inwoner")
        PARTNER = "partner", _("de werkgever of partner")
        CASE_WORKER = "case_worker", _("de klantmanager")

    class EndReason(models.TextChoices):
        CONTRACT_ENDED = "contract_ended", _("contract of afspraak afgelopen")
        NEXT_STEP = "next_step", _("door naar een volgende stap")
        RESIDENT_STOPPED = "resident_stopped", _("inwoner is gestopt")
        PARTNER_STOPPED = "partner_stopped", _("werkgever is gestopt")
        HEALTH = "health", _("gezondheid")
        OTHER = "other", _("anders")

    #: States in which the match still occupies (or may occupy) a place.
    OPEN_STATES = (State.PROPOSED, State.DISCUSSED, State.INTRODUCED, State.PLACED)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(
        "participation.Dossier",
        on_delete=models.CASCADE,
        related_name="matches",
        verbose_name=_("dossier"),
    )
    opportunity = models.ForeignKey(
        WorkOpportunity,
        on_delete=models.PROTECT,
        related_name="matches",
        verbose_name=_("werkplek"),
    )
    state = models.CharField(
        _("stand"), max_length=20, choices=State.choices, default=State.PROPOSED
    )
    source = models.CharField(_("herkomst"), max_length=20, choices=Source.choices)
    score = models.PositiveSmallIntegerField(
        _("score bij voorstel"), validators=[MaxValueValidator(100)]
    )
    explanation = models.JSONField(_("uitleg bij voorstel"), default=list, blank=True)
    proposal = models.OneToOneField(
        "AssignmentProposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="match",
        verbose_name=_("voorstel uit koppelronde"),
    )
    declined_by = models.CharField(
        _("afgewezen door"), max_length=20, choices=DeclinedBy.choices, blank=True
    )
    end_reason = models.CharField(
        _("reden einde"), max_length=20, choices=EndReason.choices, blank=True
    )
    reason = models.TextField(_("toelichting"), blank=True)
    placed_on = models.DateField(_("geplaatst op"), null=True, blank=True)
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    arrangement = models.ForeignKey(
        "participation.Arrangement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("regeling bij plaatsing"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)

    scope_lookups = DOSSIER_SCOPE

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "opportunity"],
                condition=Q(state__in=["proposed", "discussed", "introduced", "placed"]),
                name="one_open_match_per_resident_and_opportunity",
                violation_error_message=_(
                    "Deze inwoner heeft al een lopende match met deze werkplek."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(state="declined") | ~Q(declined_by=""),
                name="declined_match_says_by_whom",
            ),
            models.CheckConstraint(
                condition=~Q(state="ended") | ~Q(end_reason=""),
                name="ended_match_has_a_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["opportunity", "state"]),
            models.Index(fields=["dossier", "state"]),
        ]

    def __str__(self):
        return f"{self.opportunity} – {self.get_state_display()}"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES


class MatchEvent(models.Model):
    """One confirmed step of a match: from which state to which, by whom, when and why."""

    match = models.ForeignKey(
        Match, on_delete=models.CASCADE, related_name="events", verbose_name=_("match")
    )
    from_state = models.CharField(_("van"), max_length=20, choices=Match.State.choices, blank=True)
    to_state = models.CharField(_("naar"), max_length=20, choices=Match.State.choices)
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("bevestigd door"),
    )
    note = models.TextField(_("toelichting"), blank=True)

    scope_lookups = ScopeLookups(
        region="match__dossier__municipality__region",
        municipality="match__dossier__municipality",
    )

    class Meta:
        verbose_name = _("stap van een match")
        verbose_name_plural = _("stappen van matches")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_state or '–'} → {self.to_state}"


class AssignmentRun(models.Model):
    """One assignment round for a municipality (or a whole region): a proposal, never a decision."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("in de wachtrij")
        RUNNING = "running", _("bezig")
        DONE = "done", _("klaar")
        FAILED = "failed", _("mislukt")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("regio")
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gemeente"),
        help_text=_("Leeg: de inwoners van alle gemeenten van de regio."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(
        _("voortgang (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    stage = models.CharField(_("stap"), max_length=200, blank=True)
    resident_count = models.PositiveIntegerField(_("inwoners"), default=0)
    opportunity_count = models.PositiveIntegerField(_("werkplekken"), default=0)
    place_count = models.PositiveIntegerField(_("plekken"), default=0)
    proposal_count = models.PositiveIntegerField(_("voorstellen"), default=0)
    total_score = models.DecimalField(_("totale score"), max_digits=12, decimal_places=2, default=0)
    error = models.TextField(_("foutmelding"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("gestart door"),
    )
    created_at = models.DateTimeField(_("gestart op"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    scope_lookups = ScopeLookups(region="region", municipality="municipality")

    class Meta:
        verbose_name = _("koppelronde")
        verbose_name_plural = _("koppelrondes")
        ordering = ["-created_at"]

    def __str__(self):
        area = self.municipality or self.region
        return _("Koppelronde %(area)s %(date)s") % {
            "area": area,
            "date": f"{timezone.localtime(self.created_at):%d-%m-%Y %H:%M}"
            if self.created_at
            else "",
        }

    @property
    def area(self):
        return self.municipality or self.region

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class AssignmentProposal(models.Model):
    """One pair the round proposes; a case worker adopts it (a Match) or leaves it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    run = models.ForeignKey(
        AssignmentRun,
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("koppelronde"),
    )
    dossier = models.ForeignKey(
        "participation.Dossier",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("dossier"),
    )
    opportunity = models.ForeignKey(
        WorkOpportunity,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("werkplek"),
    )
    score = models.PositiveSmallIntegerField(_("score"), validators=[MaxValueValidator(100)])
    explanation = models.JSONField(_("uitleg"), default=list, blank=True)

    scope_lookups = DOSSIER_SCOPE

    class Meta:
        verbose_name = _("voorstel uit een koppelronde")
        verbose_name_plural = _("voorstellen uit koppelrondes")
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "dossier"], name="one_proposal_per_resident"),
        ]

    def __str__(self):
        return f"{self.opportunity} ({self.score})"


class EvaluationRun(models.Model):
    """One measurement of the matching quality (``evaluate_matching``), kept for comparison."""

    class Source(models.TextChoices):
        HISTORY = "history", _("plaatsingsgeschiedenis")
        BENCHMARK = "benchmark", _("gegenereerde benchmarkpopulatie")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    source = models.CharField(_("bron"), max_length=20, choices=Source.choices)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("regio"),
        help_text=_("Bij de plaatsingsgeschiedenis: de regio waarvan de matches zijn gemeten."),
    )
    k = models.PositiveSmallIntegerField(_("lengte ranglijst (k)"), default=10)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    results = models.JSONField(_("uitkomsten"), default=dict)
    resident_count = models.PositiveIntegerField(_("inwoners"), default=0)
    opportunity_count = models.PositiveIntegerField(_("werkplekken"), default=0)
    duration_seconds = models.DecimalField(
        _("duur (seconden)"), max_digits=8, decimal_places=2, default=0
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gestart door"),
    )
    created_at = models.DateTimeField(_("gemeten op"), auto_now_add=True)

    scope_lookups = ScopeLookups(region="region")

    class Meta:
        verbose_name = _("kwaliteitsmeting matching")
        verbose_name_plural = _("kwaliteitsmetingen matching")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_source_display()} {timezone.localtime(self.created_at):%d-%m-%Y %H:%M}"
