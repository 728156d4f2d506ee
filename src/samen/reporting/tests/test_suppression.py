"""Small-number suppression: one place, applied before any output (issue 8 C)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from samen.reporting.exports import csv_bytes, xlsx_bytes
from samen.reporting.suppression import THRESHOLD, suppress
from samen.reporting.tables import (
    COUNT,
    PERSONS,
    SHARE,
    Column,
    Suppressed,
    Table,
    json_cell,
    share,
)

LADDER = [
    Column("rung", "Trede"),
    Column("persons", "Inwoners", PERSONS),
    Column("share", "Aandeel", SHARE, basis=("persons",)),
]


def ladder(counts):
    total = sum(counts)
    return Table(
        key="ladder",
        title="Trede",
        columns=LADDER,
        rows=[[f"trede {i + 1}", n, share(n, total)] for i, n in enumerate(counts)],
        footer=[["Totaal", total, Decimal("100.0")]],
        totals_in_footer=True,
    )


def markers(table, key):
    return [str(v) if isinstance(v, Suppressed) else v for v in table.column_values(key)]


def test_counts_below_ten_and_their_shares_become_below_ten():
    result = suppress(ladder([40, 9, 0, 25, 30, 12]))
    assert markers(result, "persons") == [40, "<10", "<10", 25, 30, 12]
    assert markers(result, "share")[1] == "<10" and markers(result, "share")[2] == "<10"
    assert result.column_values("persons", footer=True) == [116]


def test_a_lone_hidden_cell_is_protected_against_subtracting_it_from_the_total():
    result = suppress(ladder([40, 3, 25, 30, 12]))
    # 116 - 40 - 25 - 30 - 12 would give the 3 away: the smallest other cell goes too.
    assert markers(result, "persons") == [40, "<10", 25, 30, "x"]
    assert markers(result, "share")[4] == "x"


def test_when_no_other_cell_exists_the_total_is_hidden():
    result = suppress(ladder([4]))
    assert markers(result, "persons") == ["<10"]
    assert str(result.footer[0][1]) in {"<10", "x"}


def test_counts_that_are_not_persons_are_never_suppressed():
    table = Table(
        key="lines",
        title="Actielijnen",
        columns=[Column("status", "Status"), Column("lines", "Actielijnen", COUNT)],
        rows=[["lopend", 3], ["beëindigd", 1]],
    )
    assert suppress(table).column_values("lines") == [3, 1]


def test_cross_table_rows_are_protected_too():
    columns = [
        Column("from", "Van"),
        Column("a", "A", PERSONS),
        Column("b", "B", PERSONS),
        Column("c", "C", PERSONS),
        Column("total", "Totaal", PERSONS),
    ]
    table = Table(
        key="flow",
        title="Wissels",
        columns=columns,
        rows=[["A", 0, 20, 15, 35], ["B", 12, 0, 30, 42]],
        footer=[["Totaal", 12, 20, 45, 77]],
        totals_in_footer=True,
        row_totals=True,
    )
    result = suppress(table)
    for row in [*result.rows, *result.footer]:
        hidden = [v for v in row[1:4] if isinstance(v, Suppressed)]
        assert len(hidden) != 1 or isinstance(row[4], Suppressed)
    for index in (1, 2, 3):
        column = [row[index] for row in result.rows]
        hidden = [v for v in column if isinstance(v, Suppressed)]
        assert len(hidden) != 1 or isinstance(result.footer[0][index], Suppressed)


def test_every_output_shows_the_marker_not_the_number():
    result = suppress(ladder([40, 7, 25]))
    csv = csv_bytes([result]).decode("utf-8-sig")
    assert "trede 2;<10;<10" in csv and ";7;" not in csv
    assert json_cell(result.rows[1][1], LADDER[1]) == "<10"
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(xlsx_bytes([result]))).worksheets[0]
    values = [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert "<10" in values and 7 not in values


@given(st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=8))
def test_no_visible_persons_cell_is_below_the_threshold_and_no_lone_hidden_cell(counts):
    result = suppress(ladder(counts))
    visible = [v for v in result.column_values("persons") if not isinstance(v, Suppressed)]
    assert all(v >= THRESHOLD for v in visible)
    hidden = [v for v in result.column_values("persons") if isinstance(v, Suppressed)]
    total_hidden = isinstance(result.footer[0][1], Suppressed)
    assert len(hidden) != 1 or total_hidden
