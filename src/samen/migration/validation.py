"""Validating an export without touching the database: headers, every row, and duplicates.

``scan(export, mapping)`` reads every sheet once, row by row. Each row becomes a ``Row`` with its
parsed values and, when something is wrong, *every* reason in Dutch (not just the first). Rows go
to a temporary spool file on disk, so memory stays flat for 100,000 residents; duplicates (two rows
with the same key, e.g. the same BSN twice in ``personen``) are found in the same pass and reported
on every row involved. What the database decides (create, update or unchanged, and the rules of the
participation module) happens later, in ``importer``.
"""

from __future__ import annotations

import heapq
import os
import pickle
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import formats, workers
from .formats import SHEET_ORDER, SHEETS, SheetFormat, normalise_name
from .mapping import EMPTY, Mapping
from .parsing import (
    CellError,
    clean_text,
    is_blank,
    parse_bsn,
    parse_date,
    parse_decimal,
    parse_email,
    parse_house_number,
    parse_integer,
    parse_phone,
    parse_postcode,
    parse_text,
    shown,
)
from .reading import Export, ExportError, SourceSheet

#: What a coded column's values are called in a message: "onbekende voorziening 'dagbest.'".
CODE_NOUNS = {
    ("doelgroepregister", "status"): "doelgroepregisterstatus",
    ("uitkeringen", "soort"): "uitkering",
    ("uitkeringen", "reden_einde"): "reden einde",
    ("voorzieningen", "soort"): "voorziening",
    ("voorzieningen", "ondersteuning"): "ondersteuning",
    ("metingen", "instrument"): "instrument",
}
HOUSE_NUMBER_MAX_LENGTH = 20
#: The last column of Samen's own file of rejected rows (see reports.py): read back, not reported.
REASONS_COLUMN = "redenen_afwijzing"
HOUSE_NUMBER_COLUMNS = ("huisnummer", "huisnummertoevoeging")
OLDEST_AGE_YEARS = 120
LADDER_RUNGS = (1, 6)
HEALTH_SCORES = (0, 10)  # Positieve Gezondheid, per dimension
ZRM_SCORES = (1, 5)  # Zelfredzaamheid-Matrix, per domain
MAX_HOURS = 60


class StructureError(ExportError):
    """The export as a whole cannot be imported (e.g. no ``personen`` sheet)."""


@dataclass(slots=True)
class Row:
    """One non-empty row of a sheet: what it said, what Samen read, and what is wrong with it."""

    sheet: str
    line: int
    raw: dict  # column -> text as delivered (for the rejected-rows file)
    values: dict = field(default_factory=dict)
    reasons: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    bsn: str = ""
    key: tuple | None = None

    @property
    def rejected(self) -> bool:
        return bool(self.reasons)


# --- The header ------------------------------------------------------------------------------------


@dataclass
class Table:
    """A sheet with its header understood: which cell holds which column."""

    format: SheetFormat
    source: SourceSheet
    header_line: int = 0
    positions: dict = field(default_factory=dict)  # column -> index
    width: int = 0
    problems: list = field(default_factory=list)  # every row of the sheet is rejected for these
    notices: list = field(default_factory=list)  # reported, not fatal


def read_header(table: Table, line: int, values: tuple, mapping: Mapping) -> None:
    sheet = table.format
    table.header_line, table.width = line, len(values)
    seen: dict[str, int] = {}
    for index, cell in enumerate(values):
        header = clean_text(cell)
        if not header:
            table.notices.append(
                _("kolom %(number)s heeft geen naam en is niet ingelezen") % {"number": index + 1}
            )
            continue
        key = normalise_name(header)
        if key == REASONS_COLUMN:
            table.notices.append(
                _("kolom %(column)s (uit het herstelbestand van Samen) is niet ingelezen")
                % {"column": REASONS_COLUMN}
            )
            continue
        mapped = mapping.column_name(sheet.name, key)
        if mapped == "":
            table.notices.append(
                _("kolom '%(column)s' is volgens het mappingbestand genegeerd") % {"column": header}
            )
            continue
        column = mapped or formats.HEADER_SYNONYMS.get(key, key)
        if column not in sheet.column_names:
            table.notices.append(
                _("kolom '%(column)s' is onbekend en niet ingelezen") % {"column": header}
            )
            continue
        if column in seen:
            table.problems.append(
                _("kolom %(column)s komt twee keer voor in de kopregel (kolom %(a)s en %(b)s)")
                % {"column": column, "a": seen[column] + 1, "b": index + 1}
            )
            continue
        seen[column] = index
    table.positions = seen
    for column in sheet.required_columns:
        if column not in seen:
            table.problems.append(
                _("verplichte kolom %(column)s ontbreekt in blad %(sheet)s")
                % {"column": column, "sheet": sheet.name}
            )


# --- One row -----------------------------------------------------------------------------------------


def _cell(row: Row, column: str, fn, *args, **kwargs):
    """Parse one cell; a refusal becomes a reason and the value None."""
    value = row.raw.get(column)
    if is_blank(value):
        return None
    try:
        return fn(value, *args, **kwargs)
    except CellError as error:
        row.reasons.append(str(error))
        return None


def _code(row: Row, column: str, mapping: Mapping):
    sheet = row.sheet
    codes = SHEETS[sheet].codes[column]
    value = row.raw.get(column)
    if is_blank(value):
        return None
    key = mapping.code(sheet, column, normalise_name(clean_text(value)))
    if key in codes:
        return codes[key]
    row.reasons.append(
        _("onbekende %(noun)s '%(value)s'")
        % {"noun": CODE_NOUNS[(sheet, column)], "value": shown(value)}
    )
    return None


def _parse_cells(row: Row, sheet: SheetFormat, mapping: Mapping) -> dict:
    values = {}
    raw = row.raw
    for column in sheet.columns:
        name = column.name
        if name not in raw:
            # Not in this export (a missing required column is reported by the header check).
            if name not in HOUSE_NUMBER_COLUMNS:
                values[name] = "" if column.kind == "text" else None
            continue
        if column.required and is_blank(raw[name]):
            row.reasons.append(_("%(column)s is leeg") % {"column": name})
        if name in HOUSE_NUMBER_COLUMNS:
            continue  # read together in _check_person
        if column.kind == "bsn":
            values[name] = _cell(row, name, parse_bsn)
        elif column.kind == "date":
            values[name] = _cell(row, name, parse_date, label=name)
        elif column.kind == "code":
            values[name] = _code(row, name, mapping)
        elif column.kind == "decimal":
            values[name] = _cell(
                row, name, parse_decimal, label=name, places=1, low=0, high=MAX_HOURS
            )
        elif column.kind == "integer":
            values[name] = _cell(row, name, parse_integer, label=name)
        elif column.kind == "email":
            values[name] = _cell(row, name, parse_email, label=name)
        elif column.kind == "postcode":
            values[name] = _cell(row, name, parse_postcode)
        elif column.kind == "phone":
            values[name] = _cell(row, name, parse_phone)
        elif column.kind == "text":
            values[name] = (
                _cell(row, name, parse_text, label=name, max_length=column.max_length) or ""
            )
    return values


def _check_period(row: Row, values: dict) -> None:
    start, end = values.get("startdatum"), values.get("einddatum")
    if start and end and end < start:
        row.reasons.append(
            _("einddatum ligt voor startdatum (%(end)s < %(start)s)")
            % {"end": f"{end:%d-%m-%Y}", "start": f"{start:%d-%m-%Y}"}
        )


def _check_person(row: Row, values: dict, today: date) -> None:
    values["huisnummertoevoeging"] = ""
    if not is_blank(row.raw.get("huisnummer")):
        try:
            number, addition = parse_house_number(
                row.raw.get("huisnummer"), row.raw.get("huisnummertoevoeging")
            )
        except CellError as error:
            row.reasons.append(str(error))
        else:
            combined = f"{number} {addition}".strip()
            values["huisnummer"], values["huisnummertoevoeging"] = number, addition
            if len(combined) > HOUSE_NUMBER_MAX_LENGTH:
                row.reasons.append(_("huisnummer met toevoeging is te lang"))
    born = values.get("geboortedatum")
    if born and born > today:
        row.reasons.append(
            _("geboortedatum %(date)s ligt in de toekomst") % {"date": f"{born:%d-%m-%Y}"}
        )
    elif born and (today.year - born.year) > OLDEST_AGE_YEARS:
        row.reasons.append(
            _("geboortedatum %(date)s ligt meer dan %(years)s jaar terug")
            % {"date": f"{born:%d-%m-%Y}", "years": OLDEST_AGE_YEARS}
        )


def _check_benefit(row: Row, values: dict) -> None:
    _check_period(row, values)
    if (values.get("einddatum") is None) != (values.get("reden_einde") is None):
        if values.get("einddatum") is not None and is_blank(row.raw.get("reden_einde")):
            row.reasons.append(_("einddatum is ingevuld maar reden_einde niet"))
        elif values.get("reden_einde") is not None and is_blank(row.raw.get("einddatum")):
            row.reasons.append(_("reden_einde is ingevuld maar einddatum niet"))


def _check_arrangement(row: Row, values: dict) -> None:
    _check_period(row, values)
    kind = values.get("soort")
    support = values.get("ondersteuning")
    if kind is not None:
        kind_value, implied_support = kind
        if support is not None and implied_support and support != implied_support:
            row.reasons.append(
                _("soort '%(kind)s' en ondersteuning '%(support)s' spreken elkaar tegen")
                % {
                    "kind": clean_text(row.raw.get("soort")),
                    "support": clean_text(row.raw.get("ondersteuning")),
                }
            )
        values["soort"] = (kind_value, support if support is not None else implied_support)


def _check_measurement(row: Row, values: dict) -> None:
    """One number for the ladder; a score per dimension or domain, in their own columns, for the
    other instruments. The scores go to ``values["scores"]`` as ((model field, score), ...)."""
    instrument = values.get("instrument")
    health = _filled(values, formats.HEALTH_COLUMNS)
    self_reliance = _filled(values, formats.SELF_RELIANCE_COLUMNS)
    if instrument is None:
        return
    name = formats.INSTRUMENT_NAMES[instrument]
    others = {
        formats.LADDER: {**health, **self_reliance},
        formats.POSITIVE_HEALTH: self_reliance,
        formats.SELF_RELIANCE: health,
    }[instrument]
    if others:
        row.reasons.append(
            _("bij %(name)s horen de kolommen %(columns)s niet")
            % {"name": name, "columns": ", ".join(others)}
        )
    if instrument == formats.LADDER:
        _check_ladder(row, values)
        return
    if values.get("trede_of_score") is not None:
        row.reasons.append(
            _(
                "trede_of_score hoort leeg te zijn bij %(name)s: de scores staan in een kolom per "
                "onderdeel"
            )
            % {"name": name}
        )
    if instrument == formats.POSITIVE_HEALTH:
        _check_scores(row, health, formats.HEALTH_COLUMNS, HEALTH_SCORES, name, every=True)
        values["scores"] = _as_scores(health, formats.HEALTH_COLUMNS)
    else:
        _check_scores(row, self_reliance, formats.SELF_RELIANCE_COLUMNS, ZRM_SCORES, name)
        values["scores"] = _as_scores(self_reliance, formats.SELF_RELIANCE_COLUMNS)


def _as_scores(filled: dict, columns: dict) -> tuple:
    """((model field, score), ...): hashable, as every value of a row (duplicate check)."""
    return tuple((columns[column], score) for column, score in filled.items())


def _filled(values: dict, columns: dict) -> dict:
    return {column: values[column] for column in columns if values.get(column) is not None}


def _check_ladder(row: Row, values: dict) -> None:
    score = values.get("trede_of_score")
    if score is None:
        if "trede_of_score" not in row.raw or is_blank(row.raw.get("trede_of_score")):
            row.reasons.append(_("trede_of_score is leeg"))
        return
    low, high = LADDER_RUNGS
    if not low <= score <= high:
        row.reasons.append(
            _("trede %(score)s bestaat niet op de participatieladder (1 tot en met 6)")
            % {"score": score}
        )


def _check_scores(row, filled, columns, bounds, name, *, every=False) -> None:
    low, high = bounds
    missing = [column for column in columns if column not in filled]
    if every and missing:
        row.reasons.append(
            _("%(name)s vraagt een score voor elk onderdeel; leeg: %(columns)s")
            % {"name": name, "columns": ", ".join(missing)}
        )
    elif not filled:
        row.reasons.append(
            _("%(name)s vraagt een score voor ten minste één domein (%(columns)s)")
            % {"name": name, "columns": ", ".join(columns)}
        )
    for column, score in filled.items():
        if not low <= score <= high:
            row.reasons.append(
                _("%(column)s: %(name)s scoort van %(low)s tot en met %(high)s, niet %(score)s")
                % {"column": column, "name": name, "low": low, "high": high, "score": score}
            )


CHECKS = {
    formats.BENEFITS: _check_benefit,
    formats.ARRANGEMENTS: _check_arrangement,
    formats.MEASUREMENTS: _check_measurement,
}


def validate_row(
    sheet: SheetFormat, line: int, raw: dict, mapping: Mapping = EMPTY, today=None
) -> Row:
    """Parse and check one row; every problem becomes a reason (none means: valid so far)."""
    row = Row(sheet.name, line, raw)
    values = _parse_cells(row, sheet, mapping)
    if sheet.name == formats.PERSONS:
        _check_person(row, values, today or timezone.localdate())
    elif sheet.name in CHECKS:
        CHECKS[sheet.name](row, values)
    row.values = values
    row.bsn = values.get("bsn") or ""
    if all(values.get(column) is not None for column in sheet.key):
        row.key = tuple(values[column] for column in sheet.key)
    return row


def _as_text(value) -> str:
    """A cell as text for the rejected-rows file (an XLSX date as dd-mm-jjjj)."""
    if isinstance(value, date):
        return f"{value:%d-%m-%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(value)


def table_rows(table: Table, rows) -> Iterator[tuple[int, dict | None, list[str]]]:
    """(line, {column: text} or None for an empty line, reasons about the row's shape)."""
    positions = table.positions
    for line, values in rows:
        if line <= table.header_line:
            continue
        if all(is_blank(value) for value in values):
            yield line, None, []
            continue
        raw = {
            column: _as_text(values[index]) if index < len(values) else ""
            for column, index in positions.items()
        }
        shape = []
        extra = [value for value in values[table.width :] if not is_blank(value)]
        if extra:
            shape.append(
                _(
                    "de rij heeft %(count)s gevulde velden meer dan de kopregel; staat er een "
                    "scheidingsteken in een waarde?"
                )
                % {"count": len(extra)}
            )
        yield line, raw, shape


# --- The whole export -------------------------------------------------------------------------------


#: Rows pickled together in the spool. One pickle per row wrote the class of every value and every
#: column name again for each row (and looked the classes up again when reading); a chunk names
#: them once. A chunk of this size takes about a megabyte of memory.
SPOOL_CHUNK = 1000


@dataclass
class Spool:
    """A temporary file of rows in file order, pickled in chunks of ``SPOOL_CHUNK``."""

    path: str
    count: int = 0
    pending: list = field(default_factory=list, repr=False)

    def write(self, stream, row: Row) -> None:
        self.pending.append(row)
        self.count += 1
        if len(self.pending) >= SPOOL_CHUNK:
            self.flush(stream)

    def flush(self, stream) -> None:
        if self.pending:
            pickle.dump(self.pending, stream, protocol=pickle.HIGHEST_PROTOCOL)
            self.pending = []

    def rows(self) -> Iterator[Row]:
        read = 0
        with open(self.path, "rb") as stream:
            while read < self.count:
                chunk = pickle.load(stream)  # noqa: S301 - our own temporary file
                read += len(chunk)
                yield from chunk


@dataclass
class SheetScan:
    """One sheet after the scan: counts, notices and its rows spooled to disk.

    The rows are spooled in one file per part of the import (``workers.part_of``), so that each
    import process reads only its own rows.
    """

    name: str
    label: str
    details: str = ""
    rows_read: int = 0
    empty_lines: int = 0
    notices: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    duplicates: dict = field(default_factory=dict)  # line -> reason
    spools: list = field(default_factory=list)  # a Spool per part

    def rows(self, part: int | None = None) -> Iterator[Row]:
        """The sheet's rows (those of one ``part``, or all) in file order, with duplicate
        findings added to their reasons. Each call reads through its own file handles."""
        spools = self.spools if part is None else self.spools[part : part + 1]
        merged = heapq.merge(*(spool.rows() for spool in spools), key=lambda row: row.line)
        for row in merged:
            if row.line in self.duplicates:
                row.reasons.append(self.duplicates[row.line])
            yield row

    def close(self):
        for spool in self.spools:
            Path(spool.path).unlink(missing_ok=True)
        self.spools = []


@dataclass
class Scan:
    sheets: dict = field(default_factory=dict)  # name -> SheetScan, in import order
    notices: list = field(default_factory=list)  # about the export as a whole

    def close(self):
        for sheet in self.sheets.values():
            sheet.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def total_rows(self) -> int:
        return sum(sheet.rows_read for sheet in self.sheets.values())


def assign_sheets(export: Export, mapping: Mapping) -> tuple[dict[str, SourceSheet], list[str]]:
    """Which delivered sheet is which Samen sheet; unknown ones become notices (with row counts)."""
    assigned, notices = {}, list(export.notices)
    for source in export.sheets:
        name = mapping.sheet_name(source.name)
        if name not in SHEETS:
            notices.append(_unknown_sheet_notice(source))
            continue
        if name in assigned:
            raise StructureError(
                _("blad %(sheet)s is twee keer aangeleverd (%(a)s en %(b)s)")
                % {"sheet": name, "a": assigned[name].label, "b": source.label}
            )
        assigned[name] = source
    if formats.PERSONS not in assigned:
        raise StructureError(
            _(
                "het blad personen ontbreekt; zonder personen kan niets worden ingelezen "
                "(aangeleverd: %(sheets)s)"
            )
            % {"sheets": ", ".join(s.label for s in export.sheets) or _("niets")}
        )
    for name in SHEET_ORDER:
        if name not in assigned:
            notices.append(
                _("blad %(sheet)s is niet aangeleverd (mag ontbreken)") % {"sheet": name}
            )
    return assigned, notices


def _unknown_sheet_notice(source: SourceSheet) -> str:
    try:
        with source.open_rows() as rows:
            filled = sum(1 for _line, values in rows if not all(is_blank(v) for v in values))
    except ExportError:
        filled = 0
    count = max(filled - 1, 0)  # the header is not a row
    return ngettext(
        "%(sheet)s is niet ingelezen: geen blad dat Samen kent (%(count)s gevulde rij)",
        "%(sheet)s is niet ingelezen: geen blad dat Samen kent (%(count)s gevulde rijen)",
        count,
    ) % {"sheet": source.label, "count": count}


def scan(
    export: Export, mapping: Mapping = EMPTY, *, progress=None, today=None, parts: int = 1
) -> Scan:
    """Read and validate every sheet of ``export`` (no database access).

    With ``parts`` > 1 the sheets are read side by side in that many forked processes; progress
    then moves a whole sheet at a time.
    """
    assigned, notices = assign_sheets(export, mapping)
    result = Scan(notices=notices)
    names = [name for name in SHEET_ORDER if name in assigned]

    def scan_named(name, report=progress):
        return scan_sheet(
            SHEETS[name], assigned[name], mapping, progress=report, today=today, parts=parts
        )

    try:
        if parts > 1 and len(names) > 1:
            _scan_in_processes(result, names, scan_named, parts, progress)
        else:
            for name in names:
                result.sheets[name] = scan_named(name)
    except BaseException:
        result.close()
        raise
    return result


def _scan_in_processes(result: Scan, names, scan_named, parts: int, progress) -> None:
    # A worker's copy of the progress bar would print on its own: progress is counted here.
    outcomes = workers.map_forked(lambda name: scan_named(name, report=None), names, parts)
    errors = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
    for name, outcome in zip(names, outcomes, strict=True):
        if not isinstance(outcome, BaseException):
            result.sheets[name] = outcome  # registered, so that close() removes its spool
            if progress:
                progress(outcome.rows_read)
    if errors:
        raise errors[0]


def scan_sheet(
    sheet: SheetFormat,
    source: SourceSheet,
    mapping: Mapping,
    *,
    progress=None,
    today=None,
    parts: int = 1,
) -> SheetScan:
    result = SheetScan(sheet.name, source.label, source.details)
    streams = []
    try:
        for _part in range(parts):
            # Files of their own, removed by Scan.close(): they outlive the process that wrote
            # them when the sheets are scanned in worker processes.
            handle, path = tempfile.mkstemp(prefix="samen-import-", suffix=".rows")
            result.spools.append(Spool(path))
            streams.append(os.fdopen(handle, "wb"))
        _scan_rows(sheet, source, mapping, result, streams, progress=progress, today=today)
        for spool, stream in zip(result.spools, streams, strict=True):
            spool.flush(stream)
    except BaseException:
        result.close()
        raise
    finally:
        for stream in streams:
            stream.close()
    return result


def _scan_rows(sheet, source, mapping, result, streams, *, progress, today) -> None:
    table = Table(sheet, source)
    seen = DuplicateFinder()
    today = today or timezone.localdate()
    with source.open_rows() as rows:
        rows = iter(rows)
        for line, values in rows:
            if all(is_blank(value) for value in values):
                result.empty_lines += 1
                continue
            read_header(table, line, values, mapping)
            break
        else:
            result.notices.append(_("het blad is leeg (geen kopregel)"))
        for line, raw, shape in table_rows(table, rows):
            if raw is None:
                result.empty_lines += 1
                continue
            row = validate_row(sheet, line, raw, mapping, today)
            row.reasons[:0] = table.problems + shape
            seen.add(row)
            part = workers.part_of(row, len(streams))
            result.spools[part].write(streams[part], row)
            result.rows_read += 1
            if progress:
                progress(1)
    result.notices += table.notices
    result.problems = table.problems
    result.duplicates = seen.verdicts(sheet)


class DuplicateFinder:
    """Rows with the same key: identical ones after the first are refused, different ones all are.

    Keeps one small integer per key (a hash of the key -> a hash of the row and its line), so the
    check fits in memory for half a million rows.
    """

    def __init__(self):
        self.first: dict[int, int] = {}
        self.groups: dict[int, list[tuple[int, int]]] = {}

    def add(self, row: Row) -> None:
        if row.key is None:
            return
        key = hash(row.key)
        fingerprint = (
            hash(tuple(sorted(row.values.items(), key=lambda item: item[0])))
            if not row.reasons
            else hash(tuple(sorted(row.raw.items())))
        )
        packed = ((fingerprint & 0xFFFFFFFF) << 32) | row.line
        if key not in self.first:
            self.first[key] = packed
            return
        group = self.groups.setdefault(key, [_unpack(self.first[key])])
        group.append((row.line, fingerprint & 0xFFFFFFFF))

    def verdicts(self, sheet: SheetFormat) -> dict[int, str]:
        verdicts = {}
        for group in self.groups.values():
            lines = [line for line, _fp in group]
            if len({fp for _line, fp in group}) == 1:
                for line in lines[1:]:
                    verdicts[line] = _("dubbele rij: precies gelijk aan rij %(line)s") % {
                        "line": lines[0]
                    }
                continue
            listed = ", ".join(str(line) for line in lines)
            what = (
                _(
                    "BSN komt %(count)s keer voor in blad personen (rijen %(lines)s) met verschillende gegevens; lever één juiste rij aan"
                )
                if sheet.name == formats.PERSONS
                else _(
                    "dezelfde %(key)s staat %(count)s keer in het blad (rijen %(lines)s) met verschillende gegevens; lever één juiste rij aan"
                )
            )
            message = what % {
                "count": len(lines),
                "lines": listed,
                "key": " + ".join(sheet.key),
            }
            for line in lines:
                verdicts[line] = message
        return verdicts


def _unpack(packed: int) -> tuple[int, int]:
    return packed & 0xFFFFFFFF, packed >> 32
