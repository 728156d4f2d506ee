"""Opening an export: a folder of CSV files, a ZIP of CSV files, one XLSX workbook or one CSV file.

Every sheet becomes a ``SourceSheet`` whose rows can be read (and read again) as a stream of
``(line number, cell values)``, the header included, so that 100,000 residents never have to be in
memory at once. CSV files are decoded as UTF-8 (with or without BOM), UTF-16 (with BOM, Excel's
"Unicode text") or Windows-1252, and their delimiter (semicolon, comma, tab or bar) is taken from
the header line. What cannot be read is refused with a Dutch ``ExportError``; what is read but not
used (an unknown file in a ZIP) is reported as a notice, never dropped silently.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from .formats import normalise_name

#: A ZIP member may not unpack to more than this (a "zip bomb" is refused before it is read).
MAX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_MEMBERS = 100
DELIMITERS = [";", ",", "\t", "|"]
CHUNK = 1024 * 1024

Row = tuple[int, tuple]


class ExportError(Exception):
    """The export (or one of its files) cannot be read at all; ``str(error)`` is Dutch."""


@dataclass
class SourceSheet:
    """One sheet of the export as it was delivered (the name is not yet mapped)."""

    name: str  # normalised: 'Personen.csv' -> 'personen'
    label: str  # for people: 'personen.csv' or 'export.xlsx, werkblad Personen'
    open_rows: Callable[[], contextlib.AbstractContextManager[Iterator[Row]]]
    details: str = ""  # e.g. 'UTF-8 met BOM, scheidingsteken ;'


@dataclass
class Export:
    kind: str  # folder, zip, xlsx, csv
    label: str
    sheets: list[SourceSheet] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


# --- Encodings and delimiters ---------------------------------------------------------------------

ENCODING_LABELS = {
    "utf-8-sig": "UTF-8 met BOM",
    "utf-8": "UTF-8",
    "utf-16": "UTF-16 (Unicode-tekst uit Excel)",
    "cp1252": "Windows-1252",
    "latin-1": "ISO-8859-1",
}


def _decodes(open_binary, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with open_binary() as stream:
            for chunk in iter(lambda: stream.read(CHUNK), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(open_binary) -> str:
    """UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252 (ISO-8859-1 as the last resort)."""
    with open_binary() as stream:
        head = stream.read(4096)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        raise ExportError(
            _(
                "Het bestand bevat NUL-tekens: waarschijnlijk UTF-16 zonder BOM of geen tekstbestand. "
                "Sla het op als 'CSV UTF-8'."
            )
        )
    for encoding in ("utf-8", "cp1252"):
        if _decodes(open_binary, encoding):
            return encoding
    return "latin-1"


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            count += 1
    return count


def sniff_delimiter(header_line: str) -> str:
    """The delimiter that splits the header line most often (a one-column file gets ',')."""
    counts = {d: _count_outside_quotes(header_line, d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _first_nonempty_line(text_stream) -> str:
    for line in text_stream:
        if line.strip():
            return line
    return ""


class CsvSource:
    """Rows of one CSV file, re-readable: ``open_binary`` opens the raw bytes each time."""

    def __init__(self, open_binary, label: str):
        self.open_binary = open_binary
        self.label = label
        self.encoding = detect_encoding(open_binary)
        with self._text() as text:
            self.delimiter = sniff_delimiter(_first_nonempty_line(text))

    @contextlib.contextmanager
    def _text(self):
        with open_binary_wrapped(self.open_binary) as raw:
            yield io.TextIOWrapper(raw, encoding=self.encoding, newline="")

    @property
    def details(self) -> str:
        shown = {"\t": "tab", ";": ";", ",": ",", "|": "|"}[self.delimiter]
        return _("%(encoding)s, scheidingsteken %(delimiter)s") % {
            "encoding": ENCODING_LABELS[self.encoding],
            "delimiter": shown,
        }

    @contextlib.contextmanager
    def open_rows(self):
        with self._text() as text:
            yield self._rows(text)

    def _rows(self, text) -> Iterator[Row]:
        reader = csv.reader(text, delimiter=self.delimiter)
        previous_end = 0
        try:
            for values in reader:
                # A quoted field can span lines: the row starts on the line after the previous row.
                yield previous_end + 1, tuple(values)
                previous_end = reader.line_num
        except csv.Error as error:
            raise ExportError(
                _("%(file)s is beschadigd rond regel %(line)s: %(error)s")
                % {"file": self.label, "line": previous_end + 1, "error": error}
            ) from None
        except UnicodeDecodeError:
            raise ExportError(
                _("%(file)s bevat tekens die niet als %(encoding)s te lezen zijn (regel %(line)s)")
                % {
                    "file": self.label,
                    "encoding": ENCODING_LABELS[self.encoding],
                    "line": previous_end + 1,
                }
            ) from None


@contextlib.contextmanager
def open_binary_wrapped(open_binary):
    stream = open_binary()
    try:
        yield stream
    finally:
        stream.close()


def csv_sheet(name: str, label: str, open_binary) -> SourceSheet:
    source = CsvSource(open_binary, label)
    return SourceSheet(normalise_name(name), label, source.open_rows, source.details)


# --- XLSX ---------------------------------------------------------------------------------------


def _xlsx_sheets(path: Path, label: str) -> list[SourceSheet]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise ExportError(
            _("%(file)s is geen leesbaar Excel-bestand (%(error)s)")
            % {"file": label, "error": type(error).__name__}
        ) from None
    try:
        titles = [sheet.title for sheet in workbook.worksheets]
    finally:
        workbook.close()
    return [
        SourceSheet(
            normalise_name(title),
            _("%(file)s, werkblad %(sheet)s") % {"file": label, "sheet": title},
            _xlsx_opener(path, title),
            _("Excel-werkblad"),
        )
        for title in titles
    ]


def _xlsx_opener(path: Path, title: str):
    @contextlib.contextmanager
    def open_rows():
        import openpyxl

        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = workbook[title]
            # Some programs write a wrong size in the sheet; without this openpyxl stops early.
            sheet.reset_dimensions()
            yield (
                (number, tuple(values))
                for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), 1)
            )
        finally:
            workbook.close()

    return open_rows


# --- Containers -----------------------------------------------------------------------------------

XLSX_MARKER = "xl/workbook.xml"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
ZIP_MAGIC = b"PK\x03\x04"


def open_export(path) -> Export:
    """Open a folder, ZIP, XLSX or CSV file as an ``Export`` (nothing is read into memory yet)."""
    path = Path(path)
    if not path.exists():
        raise ExportError(_("%(path)s bestaat niet") % {"path": path})
    if path.is_dir():
        return _folder(path)
    with path.open("rb") as stream:
        magic = stream.read(4)
    if magic == OLE_MAGIC:
        raise ExportError(
            _(
                "%(file)s is een oud Excel-bestand (.xls) of een met een wachtwoord beveiligd "
                "Excel-bestand. Sla het op als .xlsx (zonder wachtwoord) of als CSV."
            )
            % {"file": path.name}
        )
    if magic == ZIP_MAGIC:
        return _zip_or_xlsx(path)
    if path.suffix.lower() in (".xlsx", ".zip", ".xls", ".ods"):
        raise ExportError(_("%(file)s is geen geldig ZIP- of Excel-bestand") % {"file": path.name})
    export = Export("csv", path.name)
    export.sheets.append(csv_sheet(path.stem, path.name, lambda: path.open("rb")))
    return export


def _folder(path: Path) -> Export:
    export = Export("folder", path.name)
    for file in sorted(path.iterdir()):
        if file.name.startswith("."):
            continue
        if file.is_file() and file.suffix.lower() in (".csv", ".txt"):
            export.sheets.append(csv_sheet(file.stem, file.name, lambda file=file: file.open("rb")))
        else:
            export.notices.append(
                _("%(file)s is niet ingelezen: alleen CSV-bestanden worden uit een map gelezen")
                % {"file": file.name}
            )
    return export


def _zip_or_xlsx(path: Path) -> Export:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ExportError(
            _("%(file)s is een beschadigd ZIP-bestand") % {"file": path.name}
        ) from None
    with archive:
        names = archive.namelist()
        if XLSX_MARKER in names:
            export = Export("xlsx", path.name)
            export.sheets = _xlsx_sheets(path, path.name)
            return export
        if "content.xml" in names and "mimetype" in names:
            raise ExportError(
                _("%(file)s is een OpenDocument-rekenblad (.ods); sla het op als .xlsx of CSV")
                % {"file": path.name}
            )
        infos = _checked_members(archive, path.name)
    export = Export("zip", path.name)
    for info in infos:
        member = info.filename
        stem = Path(member).stem
        if Path(member).suffix.lower() in (".csv", ".txt"):
            export.sheets.append(
                csv_sheet(stem, f"{path.name}: {member}", _zip_member_opener(path, member))
            )
        else:
            export.notices.append(
                _("%(file)s is niet ingelezen: alleen CSV-bestanden worden uit een ZIP gelezen")
                % {"file": member}
            )
    return export


def _checked_members(archive: zipfile.ZipFile, label: str) -> list[zipfile.ZipInfo]:
    infos = [
        info
        for info in archive.infolist()
        if not info.is_dir()
        and not info.filename.startswith("__MACOSX/")
        and not Path(info.filename).name.startswith(".")
    ]
    if len(infos) > MAX_MEMBERS:
        raise ExportError(
            _("%(file)s bevat %(count)s bestanden; dat zijn er meer dan %(max)s")
            % {"file": label, "count": len(infos), "max": MAX_MEMBERS}
        )
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ExportError(
                _("%(file)s is met een wachtwoord beveiligd; lever het zonder wachtwoord aan")
                % {"file": label}
            )
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > MAX_UNCOMPRESSED_BYTES or ratio > MAX_COMPRESSION_RATIO:
            raise ExportError(
                _("%(file)s pakt uit tot een onwaarschijnlijk grote omvang en wordt niet gelezen")
                % {"file": label}
            )
    return infos


def _zip_member_opener(path: Path, member: str):
    def open_binary():
        archive = zipfile.ZipFile(path)
        stream = archive.open(member)
        original_close = stream.close

        def close():
            original_close()
            archive.close()

        stream.close = close
        return stream

    return open_binary
