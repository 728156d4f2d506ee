"""CSV and XLSX downloads of reporting tables (already suppressed: see ``suppression``)."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

from django.http import HttpResponse
from django.utils.text import slugify

from .tables import AVERAGE, COUNT, MONEY, NUMBER, PERSONS, SHARE, Suppressed, Table, plain_cell

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMBER_FORMATS = {
    MONEY: "#,##0.00",
    SHARE: "0.0",
    AVERAGE: "0.0",
    PERSONS: "#,##0",
    COUNT: "#,##0",
    NUMBER: "#,##0",
}


def _filename(name: str, extension: str) -> str:
    return f"{slugify(name) or 'rapportage'}.{extension}"


def csv_bytes(tables: list[Table]) -> bytes:
    """All tables in one CSV (semicolons, decimal commas), each under its title, a blank line
    between them — the way Dutch spreadsheets open it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for position, table in enumerate(tables):
        if position:
            writer.writerow([])
        writer.writerow([table.title])
        writer.writerow([column.label for column in table.columns])
        for row in [*table.rows, *table.footer]:
            writer.writerow(
                [
                    plain_cell(value, column)
                    for value, column in zip(row, table.columns, strict=True)
                ]
            )
        if table.note:
            writer.writerow([table.note])
    # A byte-order mark so that Excel reads the euro sign and accents as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def csv_response(tables: list[Table], name: str) -> HttpResponse:
    response = HttpResponse(csv_bytes(tables), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(name, "csv")}"'
    return response


def _sheet_title(title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "-", title)[:28] or "Tabel"
    candidate, number = base, 2
    while candidate.lower() in used:
        candidate = f"{base[:25]} ({number})"
        number += 1
    used.add(candidate.lower())
    return candidate


def xlsx_bytes(tables: list[Table]) -> bytes:
    """One worksheet per table; numbers stay numbers (Decimal, never float), markers stay text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    bold = Font(bold=True)
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, used))
        sheet.append([table.title])
        sheet["A1"].font = bold
        sheet.append([column.label for column in table.columns])
        for cell in sheet[2]:
            cell.font = bold
        for position, row in enumerate([*table.rows, *table.footer]):
            sheet.append([_xlsx_value(value) for value in row])
            is_footer = position >= len(table.rows)
            for column, cell in zip(table.columns, sheet[sheet.max_row], strict=True):
                if column.kind in NUMBER_FORMATS and not isinstance(cell.value, str):
                    cell.number_format = NUMBER_FORMATS[column.kind]
                if is_footer:
                    cell.font = bold
        if table.note:
            sheet.append([table.note])
        for index, column in enumerate(table.columns, start=1):
            width = max(len(column.label), 12 if column.numeric else 24)
            sheet.column_dimensions[sheet.cell(row=2, column=index).column_letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value):
    if value is None:
        return None
    if isinstance(value, Suppressed):
        return value.marker
    if isinstance(value, Decimal | int):
        return value
    return str(value)


def xlsx_response(tables: list[Table], name: str) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(tables), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(name, "xlsx")}"'
    return response


def download(tables: list[Table], name: str, fmt: str) -> HttpResponse | None:
    """The CSV or XLSX response for ``?format=csv|xlsx``; None for any other format."""
    if fmt == "csv":
        return csv_response(tables, name)
    if fmt == "xlsx":
        return xlsx_response(tables, name)
    return None
