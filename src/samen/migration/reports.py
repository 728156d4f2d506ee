"""What a run produces for people: the per-row report and the file of rejected rows to correct.

- ``write_row_report``: one line per row read (blad, rij, uitkomst, redenen, waarschuwingen), for
  a dry run in the conditional ("zou worden aangemaakt"). No BSN: the row number points into the
  file the administrator already has.
- ``write_rejected_zip``: the rejected rows as a ZIP of CSV files in the exchange format (one per
  sheet, with a last column ``redenen_afwijzing``), ready to be corrected and imported again. A
  rejected row of, say, ``uitkeringen`` whose person is already in Samen comes with that person's
  current ``personen`` row, so the ZIP is a complete export on its own (a re-import leaves the
  person unchanged).

Cells that a spreadsheet would run as a formula (=, +, -, @) get a leading apostrophe; the reader
takes it off again.
"""

from __future__ import annotations

import csv
import io
import zipfile

from django.utils.translation import gettext as _

from samen.participation.models import Resident

from .formats import PERSONS, SHEET_ORDER, SHEETS
from .models import DRY_RUN_LABELS, ImportBatch, ImportRowResult, Outcome
from .parsing import FORMULA_PREFIXES, CellError, parse_bsn
from .validation import REASONS_COLUMN

DELIMITER = ";"


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    if text and text[0] in FORMULA_PREFIXES:
        return "'" + text
    return text


def outcome_label(run, outcome: str) -> str:
    return str(DRY_RUN_LABELS[outcome] if run.dry_run else Outcome(outcome).label)


def _sheet_order(name: str) -> int:
    return SHEET_ORDER.index(name) if name in SHEET_ORDER else len(SHEET_ORDER)


def write_row_report(run, stream) -> int:
    """Write the per-row report as CSV (UTF-8 with BOM, ';') to a text stream; returns rows."""
    details = {
        (result.sheet, result.line): result
        for result in ImportRowResult.objects.filter(run=run).only(
            "sheet", "line", "reasons", "warnings"
        )
    }
    writer = csv.writer(stream, delimiter=DELIMITER, lineterminator="\r\n")
    stream.write("\ufeff")
    writer.writerow([_("blad"), _("rij"), _("uitkomst"), _("redenen"), _("waarschuwingen")])
    batches = sorted(
        ImportBatch.objects.filter(run=run).values_list("sheet", "number", "lines", "outcomes"),
        key=lambda batch: (_sheet_order(batch[0]), batch[1]),
    )
    count = 0
    for sheet, _number, lines, outcomes in batches:
        for line, outcome in zip(lines, outcomes, strict=True):
            result = details.get((sheet, line))
            writer.writerow(
                [
                    sheet,
                    line,
                    outcome_label(run, outcome),
                    safe_cell(" | ".join(result.reasons)) if result else "",
                    safe_cell(" | ".join(result.warnings)) if result else "",
                ]
            )
            count += 1
    return count


def row_report_bytes(run) -> bytes:
    stream = io.StringIO()
    write_row_report(run, stream)
    return stream.getvalue().encode("utf-8")


def _csv_bytes(header, rows) -> bytes:
    stream = io.StringIO()
    stream.write("\ufeff")  # Excel opens UTF-8 with a BOM correctly
    writer = csv.writer(stream, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return stream.getvalue().encode("utf-8")


def _person_row(resident: Resident) -> dict:
    number, _sep, addition = resident.house_number.partition(" ")
    return {
        "bsn": resident.bsn,
        "voornamen": resident.given_names,
        "voorvoegsel": resident.surname_prefix,
        "achternaam": resident.surname,
        "geboortedatum": f"{resident.date_of_birth:%d-%m-%Y}",
        "straat": resident.street,
        "huisnummer": number,
        "huisnummertoevoeging": addition,
        "postcode": resident.postal_code,
        "woonplaats": resident.city,
        "telefoon": resident.phone,
        "email": resident.email,
        "klantmanager_email": "",
    }


def rejected_rows(run) -> dict[str, list[ImportRowResult]]:
    by_sheet: dict[str, list] = {}
    for result in ImportRowResult.objects.filter(run=run, outcome=Outcome.REJECTED).order_by(
        "sheet", "line"
    ):
        by_sheet.setdefault(result.sheet, []).append(result)
    return dict(sorted(by_sheet.items(), key=lambda item: _sheet_order(item[0])))


def write_rejected_zip(run, stream) -> list[Resident]:
    """Write the rejected rows as a re-importable ZIP to a binary stream.

    Returns the residents whose current data was added (the caller logs that read).
    """
    by_sheet = rejected_rows(run)
    persons = [result.raw or {} for result in by_sheet.get(PERSONS, [])]
    person_bsns = set()
    for raw in persons:
        try:
            person_bsns.add(parse_bsn(raw.get("bsn", "")))
        except CellError:
            continue
    wanted = set()
    for sheet, results in by_sheet.items():
        if sheet == PERSONS:
            continue
        for result in results:
            try:
                wanted.add(parse_bsn((result.raw or {}).get("bsn", "")))
            except CellError:
                continue
    added = list(
        Resident.objects.filter(municipality=run.municipality, bsn__in=wanted - person_bsns)
    )
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        person_rows = [
            [*(raw.get(c, "") for c in SHEETS[PERSONS].column_names), " | ".join(result.reasons)]
            for raw, result in zip(persons, by_sheet.get(PERSONS, []), strict=True)
        ]
        person_rows += [
            [
                *(_person_row(r)[c] for c in SHEETS[PERSONS].column_names),
                _("al in Samen; ongewijzigd"),
            ]
            for r in added
        ]
        if person_rows:
            archive.writestr(
                "personen.csv",
                _csv_bytes([*SHEETS[PERSONS].column_names, REASONS_COLUMN], person_rows),
            )
        for sheet, results in by_sheet.items():
            if sheet == PERSONS:
                continue
            columns = SHEETS[sheet].column_names
            archive.writestr(
                f"{sheet}.csv",
                _csv_bytes(
                    [*columns, REASONS_COLUMN],
                    [
                        [
                            *((result.raw or {}).get(c, "") for c in columns),
                            " | ".join(result.reasons),
                        ]
                        for result in results
                    ],
                ),
            )
    return added


def rejected_sheet_csv(run, sheet: str) -> bytes:
    """The rejected rows of one sheet as a CSV file (for a quick look in a spreadsheet)."""
    columns = SHEETS[sheet].column_names
    results = ImportRowResult.objects.filter(run=run, sheet=sheet, outcome=Outcome.REJECTED)
    return _csv_bytes(
        [_("rij"), *columns, REASONS_COLUMN],
        (
            [
                result.line,
                *((result.raw or {}).get(c, "") for c in columns),
                " | ".join(result.reasons),
            ]
            for result in results.order_by("line")
        ),
    )
