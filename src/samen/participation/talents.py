"""Loading the talent vocabulary shipped in ``data/talents.csv`` (data migration and command)."""

import csv
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "talents.csv"


def read_talents(path: Path = DATA_FILE) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_talents(talent_model, path: Path = DATA_FILE) -> tuple[int, int]:
    """Create or update every row by its code; returns (created, updated). Never deletes: codes
    that left the file stay, so profiles keep their talents (retire them with ``is_active``)."""
    created = updated = 0
    for row in read_talents(path):
        _obj, was_created = talent_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "category": row["category"],
                "name": row["name"],
                "esco_uri": row["esco_uri"],
            },
        )
        created += was_created
        updated += not was_created
    return created, updated
