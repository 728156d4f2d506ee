"""Import runs of client data from a former execution body (issue 7, seed 004).

An ``ImportRun`` is one reading of one export for one municipality: a dry run (nothing is written
to the dossiers) or an import. It records who started it, when, the SHA-256 of the file and, per
sheet (``ImportSheet``), how many rows were read and what became of them — created, updated,
unchanged or rejected — so that for every sheet ``rows read = created + updated + unchanged +
rejected`` can be checked. Empty lines are counted separately.

Rows are processed in batches (``ImportBatch``); a batch is written in one transaction together
with its results, so a crash never leaves half a batch, and a rerun continues after the last
committed batch. The outcome of every row is kept compactly in its batch; rows with something to
say (a rejection or a warning) also get an ``ImportRowResult`` with the reasons in Dutch and, for a
rejection, the row as delivered, so it can be downloaded, corrected and imported again.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from samen.accounts.permissions import ScopeLookups

from .formats import SHEET_ORDER

RUN_SCOPE = ScopeLookups(region="municipality__region", municipality="municipality")
PART_SCOPE = ScopeLookups(region="run__municipality__region", municipality="run__municipality")
#: More processes than this only wait for each other on the database.
MAX_WORKERS = 8


class Outcome(models.TextChoices):
    CREATED = "c", _("aangemaakt")
    UPDATED = "u", _("bijgewerkt")
    UNCHANGED = "n", _("ongewijzigd")
    REJECTED = "r", _("afgewezen")


#: What a dry run says about a row: it did not happen, it would.
DRY_RUN_LABELS = {
    Outcome.CREATED: _("zou worden aangemaakt"),
    Outcome.UPDATED: _("zou worden bijgewerkt"),
    Outcome.UNCHANGED: _("ongewijzigd"),
    Outcome.REJECTED: _("afgewezen"),
}
OUTCOME_FIELDS = {
    Outcome.CREATED: "created",
    Outcome.UPDATED: "updated",
    Outcome.UNCHANGED: "unchanged",
    Outcome.REJECTED: "rejected",
}


def upload_to(run, filename):
    """Private storage (never served directly), one folder per run. The name is kept (made safe):
    a single CSV file is read as the sheet it is named after."""
    name = get_valid_filename(Path(filename).name)[-100:] or "export"
    return f"migration/{run.municipality_id}/{run.uuid}/{name}"


class ImportRunQuerySet(models.QuerySet):
    def active_imports(self):
        return self.filter(dry_run=False, status__in=ImportRun.ACTIVE)


class ImportRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("wacht op verwerking")
        RUNNING = "running", _("bezig")
        COMPLETED = "completed", _("klaar")
        INTERRUPTED = "interrupted", _("onderbroken")
        FAILED = "failed", _("mislukt")

    ACTIVE = (Status.QUEUED, Status.RUNNING)
    RESUMABLE = (Status.INTERRUPTED, Status.FAILED)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        related_name="import_runs",
        verbose_name=_("gemeente"),
    )
    dry_run = models.BooleanField(
        _("proefimport"),
        default=True,
        help_text=_("Een proefimport schrijft niets in de dossiers."),
    )
    dry_run_of = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="confirmed_import",
        verbose_name=_("bevestigt proefimport"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    source_name = models.CharField(_("bestand"), max_length=255)
    source_system = models.CharField(
        _("herkomst"),
        max_length=80,
        default="vorige uitvoerder",
        help_text=_("Waar de gegevens vandaan komen, bijvoorbeeld 'Laborijn'."),
    )
    file_hash = models.CharField(_("SHA-256 van het bestand"), max_length=64)
    mapping_name = models.CharField(_("mappingbestand"), max_length=255, blank=True)
    mapping_hash = models.CharField(_("SHA-256 van het mappingbestand"), max_length=64, blank=True)
    export_file = models.FileField(_("aangeleverd bestand"), upload_to=upload_to, blank=True)
    mapping_file = models.FileField(_("mappingbestand"), upload_to=upload_to, blank=True)
    batch_size = models.PositiveIntegerField(_("rijen per batch"), default=5000)
    workers = models.PositiveSmallIntegerField(
        _("parallelle verwerkers"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_WORKERS)],
        help_text=_("Processen die de rijen van een blad naast elkaar verwerken."),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gestart door"),
    )
    started_by_name = models.CharField(_("gestart door (naam)"), max_length=254)
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    started_at = models.DateTimeField(_("gestart"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar"), null=True, blank=True)
    # Progress (not in the change trail: it moves with every batch).
    rows_total = models.PositiveIntegerField(_("rijen in totaal"), default=0)
    rows_done = models.PositiveIntegerField(_("rijen verwerkt"), default=0)
    heartbeat_at = models.DateTimeField(_("laatste teken van leven"), null=True, blank=True)
    phase = models.CharField(_("fase"), max_length=100, blank=True)
    notices = models.JSONField(_("meldingen over de export"), default=list, blank=True)
    error = models.TextField(_("foutmelding"), blank=True)
    #: Counts per sheet when the run ended, written once so the change trail holds them.
    summary = models.JSONField(_("telling"), default=dict, blank=True)

    scope_lookups = RUN_SCOPE
    objects = ImportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("import-run")
        verbose_name_plural = _("import-runs")
        ordering = ["-created_at"]
        permissions = [("confirm_importrun", _("Een proefimport bevestigen en importeren"))]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"],
                condition=Q(dry_run=False, status__in=["queued", "running"]),
                name="one_active_import_per_municipality",
                violation_error_message=_("Voor deze gemeente loopt al een import."),
            ),
            models.CheckConstraint(
                condition=Q(rows_done__lte=F("rows_total")), name="import_progress_within_total"
            ),
        ]
        indexes = [models.Index(fields=["municipality", "-created_at"])]

    def __str__(self):
        kind = _("Proefimport") if self.dry_run else _("Import")
        return f"{kind} {self.source_name} ({self.created_at:%d-%m-%Y %H:%M})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def percent_done(self) -> int:
        if not self.rows_total:
            return 0
        return min(100, int(100 * self.rows_done / self.rows_total))

    @property
    def reference(self) -> str:
        return str(self.uuid)[:8]


class ImportSheet(models.Model):
    """What one sheet of a run brought in: rows read, empty lines, and what became of each row."""

    run = models.ForeignKey(
        ImportRun, on_delete=models.CASCADE, related_name="sheets", verbose_name=_("import-run")
    )
    name = models.CharField(_("blad"), max_length=30)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    source_label = models.CharField(_("aangeleverd als"), max_length=300, blank=True)
    details = models.CharField(_("gelezen als"), max_length=200, blank=True)
    rows_read = models.PositiveIntegerField(_("rijen gelezen"), default=0)
    empty_lines = models.PositiveIntegerField(_("lege regels"), default=0)
    created = models.PositiveIntegerField(_("aangemaakt"), default=0)
    updated = models.PositiveIntegerField(_("bijgewerkt"), default=0)
    unchanged = models.PositiveIntegerField(_("ongewijzigd"), default=0)
    rejected = models.PositiveIntegerField(_("afgewezen"), default=0)
    warnings = models.PositiveIntegerField(_("met waarschuwing"), default=0)
    notices = models.JSONField(_("meldingen"), default=list, blank=True)

    scope_lookups = PART_SCOPE

    class Meta:
        verbose_name = _("blad van een import-run")
        verbose_name_plural = _("bladen van een import-run")
        ordering = ["run", "position"]
        constraints = [
            models.UniqueConstraint(fields=["run", "name"], name="one_result_per_sheet_per_run"),
            models.CheckConstraint(
                condition=Q(
                    rows_read__gte=F("created") + F("updated") + F("unchanged") + F("rejected")
                ),
                name="sheet_outcomes_within_rows_read",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def processed(self) -> int:
        return self.created + self.updated + self.unchanged + self.rejected

    @property
    def balanced(self) -> bool:
        """Every row read is accounted for."""
        return self.processed == self.rows_read

    @classmethod
    def position_of(cls, name: str) -> int:
        return SHEET_ORDER.index(name) if name in SHEET_ORDER else len(SHEET_ORDER)


class ImportBatch(models.Model):
    """A committed batch: the checkpoint a rerun continues from, and every row's outcome."""

    run = models.ForeignKey(
        ImportRun, on_delete=models.CASCADE, related_name="batches", verbose_name=_("import-run")
    )
    sheet = models.CharField(_("blad"), max_length=30)
    number = models.PositiveIntegerField(_("batchnummer"))
    lines = models.JSONField(_("regelnummers"))
    outcomes = models.TextField(_("uitkomsten"), help_text=_("Eén teken per rij: c, u, n of r."))
    committed_at = models.DateTimeField(_("vastgelegd"), default=timezone.now)

    scope_lookups = PART_SCOPE

    class Meta:
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        ordering = ["run", "sheet", "number"]
        constraints = [
            models.UniqueConstraint(fields=["run", "sheet", "number"], name="one_batch_per_number")
        ]

    def __str__(self):
        return f"{self.sheet} #{self.number}"


class ImportRowResult(models.Model):
    """A row with something to say: rejected (with every reason) or accepted with a warning."""

    run = models.ForeignKey(
        ImportRun,
        on_delete=models.CASCADE,
        related_name="row_results",
        verbose_name=_("import-run"),
    )
    sheet = models.CharField(_("blad"), max_length=30)
    line = models.PositiveIntegerField(_("rij"))
    outcome = models.CharField(_("uitkomst"), max_length=1, choices=Outcome.choices)
    reasons = models.JSONField(_("redenen"), default=list, blank=True)
    warnings = models.JSONField(_("waarschuwingen"), default=list, blank=True)
    #: The row as delivered (only for a rejected row: to correct it and import it again).
    raw = models.JSONField(_("rij zoals aangeleverd"), null=True, blank=True)

    scope_lookups = PART_SCOPE

    class Meta:
        verbose_name = _("rijresultaat")
        verbose_name_plural = _("rijresultaten")
        ordering = ["run", "sheet", "line"]
        constraints = [
            models.UniqueConstraint(fields=["run", "sheet", "line"], name="one_result_per_row")
        ]
        indexes = [models.Index(fields=["run", "outcome", "sheet", "line"])]

    def __str__(self):
        return f"{self.sheet} {self.line}: {self.get_outcome_display()}"
