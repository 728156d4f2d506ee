"""The mapping file: how an export with other sheet names, headers or codes is read without editing it.

A mapping file is a CSV file (made in Excel or a text editor; same encodings and delimiters as an
export) with four columns::

    soort;blad;van;naar
    blad;;Klanten;personen                    # sheet 'Klanten' is read as 'personen'
    kolom;personen;Burgerservicenr;bsn        # header 'Burgerservicenr' is column 'bsn'
    kolom;*;Opmerking;                        # column 'Opmerking' (any sheet) is ignored on purpose
    code;voorzieningen.soort;dagbest.;dagbesteding   # code 'dagbest.' means 'dagbesteding'

Names and codes are compared without case, spaces, punctuation or accents. A mapping file with a
mistake (an unknown sheet, column or code on the right) is refused as a whole, with every mistake
listed: a half-applied mapping would import wrong data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from .formats import SHEETS, normalise_name
from .parsing import clean_text
from .reading import ExportError, csv_sheet

KINDS = {"blad": "sheet", "kolom": "column", "code": "code"}


class MappingError(Exception):
    """The mapping file has mistakes; ``messages`` lists each one in Dutch."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("; ".join(messages))


@dataclass
class Mapping:
    #: export sheet name (normalised) -> Samen sheet
    sheets: dict[str, str] = field(default_factory=dict)
    #: (Samen sheet or '*', export header normalised) -> Samen column, or '' to ignore the column
    columns: dict[tuple[str, str], str] = field(default_factory=dict)
    #: (Samen sheet, column) -> {export code normalised: Samen export code normalised}
    codes: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    label: str = ""

    def sheet_name(self, name: str) -> str:
        return self.sheets.get(name, name)

    def column_name(self, sheet: str, header: str) -> str | None:
        """The column a header stands for; None when the mapping says nothing about it."""
        for scope in (sheet, "*"):
            if (scope, header) in self.columns:
                return self.columns[(scope, header)]
        return None

    def code(self, sheet: str, column: str, code: str) -> str:
        return self.codes.get((sheet, column), {}).get(code, code)

    def __bool__(self):
        return bool(self.sheets or self.columns or self.codes)


EMPTY = Mapping()


def read_mapping(path) -> Mapping:
    """Read and check a mapping file; raises ``MappingError`` listing every mistake."""
    path = Path(path)
    try:
        sheet = csv_sheet(path.stem, path.name, lambda: path.open("rb"))
        with sheet.open_rows() as rows:
            lines = [(number, tuple(clean_text(v) for v in values)) for number, values in rows]
    except (ExportError, OSError) as error:
        raise MappingError([str(error)]) from None
    return parse_mapping(lines, label=path.name)


def parse_mapping(lines, *, label: str = "") -> Mapping:
    lines = [(number, values) for number, values in lines if any(values)]
    if not lines:
        raise MappingError([_("Het mappingbestand is leeg.")])
    header = [normalise_name(value) for value in lines[0][1]]
    expected = ["soort", "blad", "van", "naar"]
    if header[:4] != expected:
        raise MappingError(
            [
                _(
                    "De kopregel van het mappingbestand moet 'soort;blad;van;naar' zijn, niet '%(header)s'."
                )
                % {"header": ";".join(lines[0][1])}
            ]
        )
    mapping, errors = Mapping(label=label), []
    for number, values in lines[1:]:
        kind, sheet, source, target = (list(values) + ["", "", "", ""])[:4]
        try:
            _add_line(mapping, normalise_name(kind), sheet, source, target)
        except ValueError as error:
            errors.append(_("regel %(line)s: %(error)s") % {"line": number, "error": error})
    if errors:
        raise MappingError(errors)
    return mapping


def _add_line(mapping: Mapping, kind: str, sheet: str, source: str, target: str) -> None:
    if kind not in KINDS:
        raise ValueError(_("soort '%(kind)s' bestaat niet (blad, kolom of code)") % {"kind": kind})
    if not source:
        raise ValueError(_("'van' is leeg"))
    source_key, target_key = normalise_name(source), normalise_name(target)
    if kind == "blad":
        if target_key not in SHEETS:
            raise ValueError(_("blad '%(sheet)s' bestaat niet in Samen") % {"sheet": target})
        mapping.sheets[source_key] = target_key
    elif kind == "kolom":
        scope = "*" if sheet.strip() == "*" else normalise_name(sheet)
        if scope != "*" and scope not in SHEETS:
            raise ValueError(_("blad '%(sheet)s' bestaat niet in Samen") % {"sheet": sheet})
        if target_key:
            allowed = (
                {name for s in SHEETS.values() for name in s.column_names}
                if scope == "*"
                else set(SHEETS[scope].column_names)
            )
            if target_key not in allowed:
                raise ValueError(
                    _("kolom '%(column)s' bestaat niet in blad %(sheet)s")
                    % {"column": target, "sheet": sheet}
                )
        mapping.columns[(scope, source_key)] = target_key
    else:
        sheet_name, _dot, column = sheet.partition(".")
        sheet_key, column_key = normalise_name(sheet_name), normalise_name(column)
        codes = SHEETS[sheet_key].codes.get(column_key) if sheet_key in SHEETS else None
        if codes is None:
            raise ValueError(
                _("'%(where)s' is geen kolom met codes (bijvoorbeeld voorzieningen.soort)")
                % {"where": sheet}
            )
        if target_key not in codes:
            raise ValueError(
                _("code '%(code)s' bestaat niet voor %(where)s") % {"code": target, "where": sheet}
            )
        mapping.codes.setdefault((sheet_key, column_key), {})[source_key] = target_key
