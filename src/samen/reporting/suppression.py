"""Small-number suppression: the one place where reporting hides what could identify a resident.

Every table goes through ``suppress`` before a page, chart, CSV, XLSX, API response or council letter
sees it. The rules:

1. A cell that counts residents (a ``persons`` column) below ``THRESHOLD`` becomes "<10" — also a
   zero, so that an empty cell cannot be told apart from a small one.
2. A share or average computed from such a count becomes "<10" too (``Column.basis``): 3 of 40 shown
   as 7.5% would give the 3 away.
3. Complementary suppression: where the table shows a total, a line (a column of rows above a
   footer total, or a row of a cross table with its own total) with exactly one hidden cell would
   let anyone subtract it back out. Then the smallest other cell of that line is hidden as well,
   marked "x"; when there is no other cell, the total is hidden. This repeats until no line has a
   lone hidden cell.

Counts of things that are not persons (action lines, applications, partners) are never suppressed.
"""

from __future__ import annotations

from .tables import BELOW_THRESHOLD, COMPLEMENTARY, PERSONS, Suppressed, Table

THRESHOLD = 10


def is_small(value, threshold: int = THRESHOLD) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value < threshold


def suppress(table: Table, threshold: int = THRESHOLD) -> Table:
    """A copy of ``table`` with small numbers of residents (and what they give away) hidden."""
    result = table.copy()
    persons = [i for i, column in enumerate(result.columns) if column.kind == PERSONS]
    if not persons:
        return result
    for row in [*result.rows, *result.footer]:
        for index in persons:
            if is_small(row[index], threshold):
                row[index] = BELOW_THRESHOLD
    _complementary(result, persons)
    _derived(result)
    result.suppressed_cells = sum(
        isinstance(value, Suppressed) for row in [*result.rows, *result.footer] for value in row
    )
    return result


def _lines(table: Table, persons: list[int]):
    """Each line as (cells, total cell): [(row, column index)], (row, column index) or None."""
    if table.totals_in_footer and table.footer:
        total_row = table.footer[0]
        for index in persons:
            yield [(row, index) for row in table.rows], (total_row, index)
    if table.row_totals and len(persons) > 1:
        *parts, total_index = persons
        for row in [*table.rows, *table.footer]:
            yield [(row, index) for index in parts], (row, total_index)


def _complementary(table: Table, persons: list[int]) -> None:
    changed = True
    while changed:
        changed = False
        for cells, total in _lines(table, persons):
            hidden = [cell for cell in cells if isinstance(cell[0][cell[1]], Suppressed)]
            if len(hidden) != 1 or isinstance(total[0][total[1]], Suppressed):
                continue
            visible = [cell for cell in cells if isinstance(cell[0][cell[1]], int)]
            if visible:
                row, index = min(visible, key=lambda cell: cell[0][cell[1]])
            else:
                row, index = total
            row[index] = COMPLEMENTARY
            changed = True


def _derived(table: Table) -> None:
    positions = {column.key: i for i, column in enumerate(table.columns)}
    derived = [
        (i, [positions[key] for key in column.basis])
        for i, column in enumerate(table.columns)
        if column.basis
    ]
    for row in [*table.rows, *table.footer]:
        for index, basis in derived:
            markers = [row[b] for b in basis if isinstance(row[b], Suppressed)]
            if markers:
                row[index] = markers[0]
