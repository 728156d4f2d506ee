"""Builders for hostile exports in a temporary folder (used by the tests of this module)."""

import csv
import io
import zipfile
from pathlib import Path

import openpyxl

PERSON_HEADER = [
    "bsn",
    "voornamen",
    "voorvoegsel",
    "achternaam",
    "geboortedatum",
    "straat",
    "huisnummer",
    "huisnummertoevoeging",
    "postcode",
    "woonplaats",
    "telefoon",
    "email",
    "klantmanager_email",
]
#: Invented people; the BSNs pass the 11-proof (RvIG's test range 9999xxxxx, one with a leading 0).
BSNS = ["999990007", "999990019", "999990020", "999990032", "999990044", "999990056", "999990068"]
ZERO_BSN = "019719255"


def person(bsn, **changes):
    row = {
        "bsn": bsn,
        "voornamen": "Anna",
        "voorvoegsel": "",
        "achternaam": "Jansen",
        "geboortedatum": "12-03-1985",
        "straat": "Dorpsstraat",
        "huisnummer": "12",
        "huisnummertoevoeging": "",
        "postcode": "7081 AB",
        "woonplaats": "Gendringen",
        "telefoon": "",
        "email": "",
        "klantmanager_email": "",
    }
    row.update(changes)
    return row


def csv_text(rows, header=None, delimiter=";"):
    if header is None:
        header = list(dict.fromkeys(column for row in rows for column in row))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            [row.get(column, "") for column in header] if isinstance(row, dict) else row
        )
    return buffer.getvalue()


def write_folder(folder: Path, sheets: dict, encoding="utf-8", delimiter=";") -> Path:
    """sheets: name -> list of dict rows (or raw text). Returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in sheets.items():
        text = rows if isinstance(rows, str) else csv_text(rows, delimiter=delimiter)
        (folder / f"{name}.csv").write_bytes(text.encode(encoding))
    return folder


def write_zip(path: Path, sheets: dict, encoding="utf-8") -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, rows in sheets.items():
            text = rows if isinstance(rows, str) else csv_text(rows)
            archive.writestr(f"{name}.csv", text.encode(encoding))
    return path


def write_xlsx(path: Path, sheets: dict) -> Path:
    """sheets: title -> list of lists (first list the header); cells keep their Python types."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def good_export(folder: Path, count=3) -> Path:
    """A clean export: persons with one benefit episode, one arrangement and one measurement each."""
    bsns = BSNS[:count]
    return write_folder(
        folder,
        {
            "personen": [person(bsn, voornamen=f"Inwoner {i}") for i, bsn in enumerate(bsns)],
            "uitkeringen": [
                {
                    "bsn": bsn,
                    "soort": "bijstand",
                    "startdatum": "01-01-2019",
                    "einddatum": "",
                    "reden_einde": "",
                }
                for bsn in bsns
            ],
            "voorzieningen": [
                {
                    "bsn": bsn,
                    "soort": "dagbesteding",
                    "aanbieder": "De Linde",
                    "uren_per_week": "12",
                    "startdatum": "01-02-2019",
                    "einddatum": "",
                }
                for bsn in bsns
            ],
            "metingen": [
                {
                    "bsn": bsn,
                    "instrument": "participatieladder",
                    "datum": "01-02-2019",
                    "trede_of_score": "3",
                }
                for bsn in bsns
            ],
            "doelgroepregister": [
                {"bsn": bsn, "status": "niet opgenomen", "datum": "01-01-2019"} for bsn in bsns
            ],
        },
    )
