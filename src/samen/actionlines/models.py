"""Action lines ("actielijnen", seed 003 §3.3): the work that turns the shared values into practice."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.accounts.permissions import ScopeLookups


class ActionLine(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Actief")
        PAUSED = "paused", _("Gepauzeerd")
        ENDED = "ended", _("Beëindigd")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="action_lines",
        verbose_name=_("regio"),
    )
    title = models.CharField(_("titel"), max_length=200)
    aim = models.TextField(_("doel"))
    values = models.ManyToManyField(
        "network.SharedValue",
        related_name="action_lines",
        verbose_name=_("gedeelde waarden"),
        blank=True,
    )
    leads = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="ActionLineLead",
        related_name="led_action_lines",
        verbose_name=_("trekkers"),
        blank=True,
    )
    committed_partners = models.ManyToManyField(
        "network.Organisation",
        through="Commitment",
        related_name="action_lines",
        verbose_name=_("gecommitteerde partners"),
        blank=True,
    )
    start_date = models.DateField(_("startdatum"))
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    scope_lookups = ScopeLookups(region="region")

    class Meta:
        verbose_name = _("actielijn")
        verbose_name_plural = _("actielijnen")
        ordering = ["title"]
        indexes = [models.Index(fields=["region", "status"], name="actionline_region_status")]

    def __str__(self):
        return self.title


class ActionLineLead(models.Model):
    """A lead ("trekker"): a person from a partner organisation who carries the line."""

    action_line = models.ForeignKey(
        ActionLine, on_delete=models.CASCADE, related_name="lead_links", verbose_name=_("actielijn")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="action_line_leads",
        verbose_name=_("trekker"),
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="action_line_leads",
        verbose_name=_("namens organisatie"),
    )
    since = models.DateField(_("trekker sinds"))

    scope_lookups = ScopeLookups(region="action_line__region")

    class Meta:
        verbose_name = _("trekker")
        verbose_name_plural = _("trekkers")
        constraints = [
            models.UniqueConstraint(fields=["action_line", "user"], name="unique_action_line_lead"),
        ]

    def __str__(self):
        return f"{self.user} – {self.action_line}"


class Commitment(models.Model):
    """A partner organisation that committed itself to an action line."""

    action_line = models.ForeignKey(
        ActionLine,
        on_delete=models.CASCADE,
        related_name="commitments",
        verbose_name=_("actielijn"),
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("organisatie"),
    )
    since = models.DateField(_("gecommitteerd sinds"))

    scope_lookups = ScopeLookups(region="action_line__region")

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.UniqueConstraint(
                fields=["action_line", "organisation"], name="unique_commitment"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.action_line}"


class MunicipalityRole(models.Model):
    """The role a municipality takes in a line, on the government participation ladder (seed 003 §4)."""

    class Ladder(models.TextChoices):
        REGULATE = "reguleren", _("Reguleren")
        DIRECT = "regisseren", _("Regisseren")
        STIMULATE = "stimuleren", _("Stimuleren")
        FACILITATE = "faciliteren", _("Faciliteren")
        LET_GO = "loslaten", _("Loslaten")

    action_line = models.ForeignKey(
        ActionLine,
        on_delete=models.CASCADE,
        related_name="municipality_roles",
        verbose_name=_("actielijn"),
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        related_name="action_line_roles",
        verbose_name=_("gemeente"),
    )
    role = models.CharField(_("rol van de gemeente"), max_length=12, choices=Ladder.choices)
    explanation = models.TextField(_("toelichting"), blank=True)

    scope_lookups = ScopeLookups(region="action_line__region", municipality="municipality")

    class Meta:
        verbose_name = _("rol van de gemeente")
        verbose_name_plural = _("rollen van de gemeenten")
        constraints = [
            models.UniqueConstraint(
                fields=["action_line", "municipality"], name="unique_municipality_role"
            ),
        ]

    def __str__(self):
        return f"{self.municipality}: {self.get_role_display()}"


class StatusChange(models.Model):
    """A recorded step of a line's status machine (see ``workflow.LINE_TRANSITIONS``)."""

    action_line = models.ForeignKey(
        ActionLine,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("actielijn"),
    )
    from_status = models.CharField(
        _("van status"), max_length=10, choices=ActionLine.Status.choices
    )
    to_status = models.CharField(_("naar status"), max_length=10, choices=ActionLine.Status.choices)
    changed_on = models.DateField(_("per datum"))
    reason = models.TextField(_("reden"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    scope_lookups = ScopeLookups(region="action_line__region")

    class Meta:
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        ordering = ["-changed_on", "-created_at"]

    def __str__(self):
        return (
            f"{self.action_line}: {self.get_from_status_display()} → {self.get_to_status_display()}"
        )


class Follow(models.Model):
    """A user who wants to hear about a line (status changes and submitted reports)."""

    action_line = models.ForeignKey(
        ActionLine, on_delete=models.CASCADE, related_name="follows", verbose_name=_("actielijn")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="action_line_follows",
        verbose_name=_("volger"),
    )
    created_at = models.DateTimeField(_("volgt sinds"), auto_now_add=True)

    scope_lookups = ScopeLookups(region="action_line__region")

    class Meta:
        verbose_name = _("volger")
        verbose_name_plural = _("volgers")
        constraints = [
            models.UniqueConstraint(fields=["action_line", "user"], name="unique_follow"),
        ]

    def __str__(self):
        return f"{self.user} volgt {self.action_line}"


class Notification(models.Model):
    """What Samen told a follower about a line; the e-mail is sent after the change is committed."""

    class Kind(models.TextChoices):
        STATUS_CHANGED = "status_changed", _("Status gewijzigd")
        REPORT_SUBMITTED = "report_submitted", _("Rapportage ingediend")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="action_line_notifications",
        verbose_name=_("ontvanger"),
    )
    action_line = models.ForeignKey(
        ActionLine,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("actielijn"),
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    subject = models.CharField(_("onderwerp"), max_length=250)
    body = models.TextField(_("bericht"))
    link = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("gemaild op"), null=True, blank=True)

    scope_lookups = ScopeLookups(region="action_line__region")

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "-created_at"])]

    def __str__(self):
        return self.subject


class ProgressReport(models.Model):
    """A progress report of a line: a half-yearly report or a short update, with frozen versions.

    The report is the identity (line, kind, period); its content lives in ``ReportVersion`` rows.
    A submitted version never changes: an edit after submission makes a new version.
    """

    class Kind(models.TextChoices):
        HALF_YEARLY = "half_yearly", _("Halfjaarrapportage")
        UPDATE = "update", _("Tussentijdse update")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    action_line = models.ForeignKey(
        ActionLine, on_delete=models.CASCADE, related_name="reports", verbose_name=_("actielijn")
    )
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    period_start = models.DateField(_("periode vanaf"), null=True, blank=True)
    period_end = models.DateField(_("periode tot en met"), null=True, blank=True)
    submission_key = models.UUIDField(
        _("verzendsleutel"),
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Maakt dubbel verzenden onschadelijk: dezelfde sleutel, hetzelfde rapport."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("aangemaakt door"),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    first_submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    current_version = models.ForeignKey(
        "ReportVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geldende versie"),
        help_text=_("De laatst ingediende versie."),
    )

    scope_lookups = ScopeLookups(region="action_line__region")

    class Meta:
        verbose_name = _("voortgangsrapportage")
        verbose_name_plural = _("voortgangsrapportages")
        ordering = ["-period_end", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["action_line", "period_start"],
                condition=models.Q(kind="half_yearly"),
                name="one_half_yearly_report_per_period",
                violation_error_message=_("Voor deze periode bestaat al een halfjaarrapportage."),
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="half_yearly")
                | models.Q(period_start__isnull=False, period_end__isnull=False),
                name="half_yearly_report_has_period",
            ),
        ]
        indexes = [
            models.Index(
                fields=["action_line", "kind", "first_submitted_at"], name="report_line_submitted"
            ),
            models.Index(fields=["action_line", "kind", "period_end"], name="report_line_period"),
        ]

    def __str__(self):
        if self.kind == self.Kind.HALF_YEARLY:
            return f"{self.get_kind_display()} {self.period_label} – {self.action_line}"
        return f"{self.get_kind_display()} – {self.action_line}"

    @property
    def period_label(self) -> str:
        if not self.period_start:
            return ""
        half = 1 if self.period_start.month <= 6 else 2
        return _("%(year)s, %(half)se halfjaar") % {"year": self.period_start.year, "half": half}


class ReportVersion(models.Model):
    """One version of a report's content. Drafts can change; a submitted version is frozen."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Concept")
        SUBMITTED = "submitted", _("Ingediend")

    class TrafficLight(models.TextChoices):
        GREEN = "green", _("Groen – op koers")
        ORANGE = "orange", _("Oranje – aandacht nodig")
        RED = "red", _("Rood – loopt vast")

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="versions", verbose_name=_("rapport")
    )
    number = models.PositiveIntegerField(_("versie"))
    state = models.CharField(_("stand"), max_length=10, choices=State.choices, default=State.DRAFT)
    traffic_light = models.CharField(
        _("stoplicht"), max_length=10, choices=TrafficLight.choices, blank=True
    )
    summary = models.TextField(_("samenvatting"))
    done = models.TextField(_("wat is er gedaan"), blank=True)
    results = models.TextField(_("resultaten ten opzichte van het doel"), blank=True)
    needed = models.TextField(_("wat is er nodig"), blank=True)
    next_steps = models.TextField(_("volgende stappen"), blank=True)
    change_note = models.CharField(_("wat is er gewijzigd"), max_length=500, blank=True)
    revision = models.PositiveIntegerField(
        _("revisie"),
        default=0,
        help_text=_("Telt elke opslag van een concept (tegen overschrijven)."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("auteur"),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingediend door"),
    )

    scope_lookups = ScopeLookups(region="report__action_line__region")

    class Meta:
        verbose_name = _("versie van een rapportage")
        verbose_name_plural = _("versies van rapportages")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="unique_report_version"),
            models.UniqueConstraint(
                fields=["report"],
                condition=models.Q(state="draft"),
                name="one_draft_per_report",
            ),
        ]

    def __str__(self):
        return f"{self.report} (v{self.number})"

    @property
    def is_frozen(self) -> bool:
        return self.state == self.State.SUBMITTED


class Initiative(models.Model):
    """A proposed new initiative or experiment, checked against the values and the three criteria."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Voorgesteld")
        ACCEPTED = "accepted", _("Aanvaard")
        REJECTED = "rejected", _("Afgewezen")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("regio"),
    )
    title = models.CharField(_("naam van het initiatief"), max_length=200)
    description = models.TextField(_("wat houdt het in"))
    who = models.CharField(
        _("wie doen er mee"),
        max_length=500,
        blank=True,
        help_text=_("Personen en organisaties die het initiatief dragen."),
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="proposed_initiatives",
        verbose_name=_("indiener"),
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("namens organisatie"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    decision_reason = models.TextField(_("motivering van het besluit"), blank=True)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("besloten door"),
    )
    action_line = models.ForeignKey(
        ActionLine,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("werd actielijn"),
    )
    submission_key = models.UUIDField(
        _("verzendsleutel"), unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("ingediend op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    scope_lookups = ScopeLookups(region="region")

    class Meta:
        verbose_name = _("initiatief")
        verbose_name_plural = _("initiatieven")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["region", "status", "created_at"])]

    def __str__(self):
        return self.title


class ValueFit(models.Model):
    """The proposer's answer, for one shared value, to "how does the initiative fit this value?"."""

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="value_fits",
        verbose_name=_("initiatief"),
    )
    value = models.ForeignKey(
        "network.SharedValue",
        on_delete=models.PROTECT,
        related_name="initiative_fits",
        verbose_name=_("gedeelde waarde"),
    )
    serves = models.BooleanField(_("draagt bij aan deze waarde"), default=False)
    explanation = models.TextField(_("hoe past het bij deze waarde"))

    scope_lookups = ScopeLookups(region="initiative__region")

    class Meta:
        verbose_name = _("aansluiting bij een waarde")
        verbose_name_plural = _("aansluiting bij de waarden")
        ordering = ["value__number"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "value"], name="one_fit_per_value"),
        ]

    def __str__(self):
        return f"{self.initiative} – {self.value}"


class CriterionCheck(models.Model):
    """The facilitator's check of one of the three experiment criteria (seed 003 §5.2)."""

    class Criterion(models.TextChoices):
        STRENGTHENS_VALUES = (
            "strengthens_values",
            _("Draagt bij aan de stip op de horizon voor 2022 en versterkt de gedeelde waarden"),
        )
        NO_CONFLICT = (
            "no_conflict",
            _("Conflicteert niet met een van de gedeelde waarden of bestaande actielijnen"),
        )
        INNOVATIVE = (
            "innovative",
            _("Draagt bij aan de transformatie, is vernieuwend en additioneel"),
        )

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="criterion_checks",
        verbose_name=_("initiatief"),
    )
    criterion = models.CharField(_("criterium"), max_length=20, choices=Criterion.choices)
    met = models.BooleanField(_("voldoet"))
    reason = models.TextField(_("motivering"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("getoetst door"),
    )
    checked_at = models.DateTimeField(_("getoetst op"), auto_now=True)

    scope_lookups = ScopeLookups(region="initiative__region")

    class Meta:
        verbose_name = _("toets aan een criterium")
        verbose_name_plural = _("toetsen aan de criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "criterion"], name="one_check_per_criterion"
            ),
        ]

    def __str__(self):
        return f"{self.initiative} – {self.get_criterion_display()}"


class Meeting(models.Model):
    """A platform meeting ("platformbijeenkomst", twice a year per seed 001)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="platform_meetings",
        verbose_name=_("regio"),
    )
    date = models.DateField(_("datum"))
    start_time = models.TimeField(_("aanvang"), null=True, blank=True)
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        related_name="platform_meetings",
        verbose_name=_("gemeente"),
    )
    venue = models.CharField(_("locatie"), max_length=300, blank=True)
    minutes = models.TextField(_("verslag"), blank=True)
    attending_organisations = models.ManyToManyField(
        "network.Organisation",
        blank=True,
        related_name="platform_meetings",
        verbose_name=_("aanwezige organisaties"),
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="platform_meetings_attended",
        verbose_name=_("aanwezige personen"),
    )
    agenda_fixed_at = models.DateTimeField(_("agenda vastgelegd op"), null=True, blank=True)
    revision = models.PositiveIntegerField(_("revisie"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gepland door"),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    scope_lookups = ScopeLookups(region="region")

    class Meta:
        verbose_name = _("platformbijeenkomst")
        verbose_name_plural = _("platformbijeenkomsten")
        ordering = ["-date"]
        indexes = [models.Index(fields=["region", "date"])]

    def __str__(self):
        return _("Platformbijeenkomst %(date)s in %(place)s") % {
            "date": self.date.strftime("%d-%m-%Y"),
            "place": self.municipality.name,
        }


class AgendaItem(models.Model):
    """A line or initiative on a meeting's agenda, kept as it was when the agenda was fixed."""

    class Kind(models.TextChoices):
        LINE = "line", _("Actielijn")
        INITIATIVE = "initiative", _("Initiatief")

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="agenda_items",
        verbose_name=_("bijeenkomst"),
    )
    order = models.PositiveSmallIntegerField(_("volgorde"))
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    action_line = models.ForeignKey(
        ActionLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("actielijn"),
    )
    report_version = models.ForeignKey(
        ReportVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("besproken rapportage"),
    )
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("initiatief"),
    )
    title = models.CharField(_("titel"), max_length=200)
    traffic_light = models.CharField(
        _("stoplicht"), max_length=10, choices=ReportVersion.TrafficLight.choices, blank=True
    )
    summary = models.TextField(_("samenvatting"), blank=True)

    scope_lookups = ScopeLookups(region="meeting__region")

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["meeting", "order"]

    def __str__(self):
        return self.title


class MeetingDecision(models.Model):
    """A decision taken at a platform meeting, about one line or in general."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("bijeenkomst")
    )
    action_line = models.ForeignKey(
        ActionLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_decisions",
        verbose_name=_("actielijn"),
    )
    text = models.TextField(_("besluit"))
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    scope_lookups = ScopeLookups(region="meeting__region")

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        ordering = ["meeting", "created_at"]

    def __str__(self):
        return self.text[:80]


class FollowUp(models.Model):
    """An action agreed at a meeting: who does what, by when."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("bijeenkomst")
    )
    action_line = models.ForeignKey(
        ActionLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("actielijn"),
    )
    description = models.TextField(_("actie"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="meeting_follow_ups",
        verbose_name=_("eigenaar"),
    )
    due_date = models.DateField(_("uiterlijk"))
    done_on = models.DateField(_("afgerond op"), null=True, blank=True)
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    scope_lookups = ScopeLookups(region="meeting__region")

    class Meta:
        verbose_name = _("vervolgactie")
        verbose_name_plural = _("vervolgacties")
        ordering = ["due_date", "created_at"]

    def __str__(self):
        return self.description[:80]
