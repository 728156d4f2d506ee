"""Retention: a dossier closed more than ten years ago is destroyed, with everything in it.

What remains is a ``DestructionRecord`` per municipality (how many, closed before which date, on
which rule) and nothing that identifies a person: the resident, the dossier and all its parts are
deleted, and so are their entries in the change trail (django-auditlog), which hold old values.
The access log keeps its rows: they name only the pseudonymous reference, which no longer points to
anyone once the resident is gone.
"""

from __future__ import annotations

from datetime import date

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from .models import DOSSIER_MODELS, DestructionRecord, Dossier, Resident

RETENTION_YEARS = 10
#: Written in the destruction record (data, so in Dutch).
RULE = "Bewaartermijn dossier Participatiewet: vernietigen als het meer dan 10 jaar is afgesloten"


def cutoff(on: date | None = None) -> date:
    """Dossiers closed before this date were closed more than ten years ago on ``on``."""
    on = on or timezone.localdate()
    try:
        return on.replace(year=on.year - RETENTION_YEARS)
    except ValueError:  # 29 February
        return on.replace(year=on.year - RETENTION_YEARS, day=28)


def due_for_destruction(on: date | None = None):
    """Closed dossiers whose closing date lies more than ten years back."""
    return Dossier.objects.filter(
        status=Dossier.Status.CLOSED, closed_on__lt=cutoff(on)
    ).select_related("municipality", "resident")


def _purge_change_trail(dossier_ids: list[int], resident_ids: list[int]) -> None:
    targets = [(Resident, resident_ids), (Dossier, dossier_ids)]
    for model in DOSSIER_MODELS:
        ids = list(model.objects.filter(dossier_id__in=dossier_ids).values_list("pk", flat=True))
        targets.append((model, ids))
    for model, ids in targets:
        if ids:
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(model),
                object_id__in=ids,
            ).delete()


def destroy(dossiers, *, performed_by: str, on: date | None = None) -> list[DestructionRecord]:
    """Destroy the given closed dossiers (re-checked against the term) and record how many."""
    limit = cutoff(on)
    records = []
    with transaction.atomic():
        due = list(
            Dossier.objects.select_for_update()
            .filter(
                pk__in=[d.pk for d in dossiers], status=Dossier.Status.CLOSED, closed_on__lt=limit
            )
            .values_list("pk", "resident_id", "municipality_id")
        )
        by_municipality: dict[int, int] = {}
        for _pk, _resident_id, municipality_id in due:
            by_municipality[municipality_id] = by_municipality.get(municipality_id, 0) + 1
        dossier_ids = [pk for pk, _r, _m in due]
        resident_ids = [resident_id for _p, resident_id, _m in due]
        _purge_change_trail(dossier_ids, resident_ids)
        with disable_auditlog():
            # Deleting the resident cascades to the dossier and all its parts.
            Resident.objects.filter(pk__in=resident_ids).delete()
        for municipality_id, count in sorted(by_municipality.items()):
            records.append(
                DestructionRecord.objects.create(
                    municipality_id=municipality_id,
                    dossier_count=count,
                    closed_before=limit,
                    rule=RULE,
                    performed_by=performed_by,
                )
            )
    return records
