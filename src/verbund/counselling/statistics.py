"""Statistics that expose no one: counts with small-cell and secondary suppression.

Every count below :setting:`COUNSELLING_MIN_CELL` (5) is shown as "< 5" — zero too, because
"none" next to "< 5" would tell which small cells are not empty. Then secondary suppression:
a table is a set of equations (each row adds up to its row total, each column to its column
total). As long as any hidden value could be worked out from the shown values through those
equations, one more value in a row or column of it is hidden, the smallest first. Whether a
hidden value can be worked out is decided exactly: it can when its unit vector lies in the
row space of the equations over the hidden values (reduced row echelon form, in fractions).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from django.conf import settings
from django.utils.translation import gettext as _

SUPPRESSED = "< 5"

Position = tuple[int, int]


def min_cell() -> int:
    return int(getattr(settings, "COUNSELLING_MIN_CELL", 5))


@dataclass
class Shown:
    value: int
    hidden: bool
    primary: bool = False

    @property
    def text(self) -> str:
        return suppressed_label() if self.hidden else str(self.value)


def suppressed_label() -> str:
    return _("< %(n)d") % {"n": min_cell()}


@dataclass
class Table:
    """Counts by ``rows`` by ``columns`` with margins; ``cells[r][c]`` and the totals are
    :class:`Shown` after :func:`protect`."""

    key: str
    title: str
    rows: list[tuple[str, str]]
    columns: list[tuple[str, str]]
    counts: list[list[int]]
    note: str = ""
    cells: list[list[Shown]] = field(default_factory=list)
    row_totals: list[Shown] = field(default_factory=list)
    column_totals: list[Shown] = field(default_factory=list)
    grand_total: Shown | None = None

    @property
    def has_row_totals(self) -> bool:
        return len(self.columns) > 1

    def lines(self) -> list[tuple[str, list[Shown], Shown | None]]:
        """(label, shown cells, shown row total) per row, for the template."""
        return [
            (label, self.cells[index], self.row_totals[index] if self.has_row_totals else None)
            for index, (_code, label) in enumerate(self.rows)
        ]

    def chart(self) -> list[ChartBar]:
        """One bar per row (its total), for the server-drawn SVG chart."""
        totals = self.row_totals if self.has_row_totals else [row[0] for row in self.cells]
        visible = [t.value for t in totals if not t.hidden]
        top = max(visible) if visible else 0
        bars = []
        for index, ((_code, label), total) in enumerate(zip(self.rows, totals, strict=True)):
            width = 0 if total.hidden or not top else max(1, round(BAR_WIDTH * total.value / top))
            bars.append(ChartBar(label[:28], total.text, width, index * ROW_HEIGHT, total.hidden))
        return bars

    @property
    def chart_height(self) -> int:
        return len(self.rows) * ROW_HEIGHT


BAR_WIDTH = 200
ROW_HEIGHT = 22


@dataclass
class ChartBar:
    label: str
    text: str
    width: int
    y: int
    hidden: bool

    @property
    def text_y(self) -> int:
        return self.y + 15

    @property
    def value_x(self) -> int:
        return 185 + self.width


def _rref_determined(lines: list[list[Fraction]], unknowns: int) -> set[int]:
    """Indexes of unknowns that the equations fix (unit vector in the row space)."""
    matrix = [row[:] for row in lines if any(row)]
    pivots: list[int] = []
    rank = 0
    for column in range(unknowns):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][column] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        lead = matrix[rank][column]
        matrix[rank] = [value / lead for value in matrix[rank]]
        for r in range(len(matrix)):
            if r != rank and matrix[r][column] != 0:
                factor = matrix[r][column]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        pivots.append(column)
        rank += 1
        if rank == len(matrix):
            break
    determined = set()
    pivot_set = set(pivots)
    for row_index, column in enumerate(pivots):
        row = matrix[row_index]
        if all(row[c] == 0 for c in range(unknowns) if c != column and c not in pivot_set) and all(
            row[c] == 0 for c in pivots if c != column
        ):
            determined.add(column)
    return determined


def protect(table: Table) -> Table:
    """Fill in the shown cells and totals of ``table`` with primary and secondary
    suppression; the counts themselves are left as they are (for the tests)."""
    n_rows, n_cols = len(table.rows), len(table.columns)
    counts = table.counts
    with_row_totals = n_cols > 1
    # The extended grid: cells, then a column of row totals, then the row of column totals.
    values: dict[Position, int] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            values[(r, c)] = counts[r][c]
        if with_row_totals:
            values[(r, n_cols)] = sum(counts[r])
    for c in range(n_cols):
        values[(n_rows, c)] = sum(counts[r][c] for r in range(n_rows))
    if with_row_totals:
        values[(n_rows, n_cols)] = sum(values[(n_rows, c)] for c in range(n_cols))
    lines: list[list[Position]] = []
    if with_row_totals:
        for r in range(n_rows + 1):
            lines.append([(r, c) for c in range(n_cols + 1)])
    for c in range(n_cols + (1 if with_row_totals else 0)):
        lines.append([(r, c) for r in range(n_rows + 1)])
    # A line's last position is its total: cells minus total equals zero.
    limit = min_cell()
    hidden = {pos for pos, value in values.items() if value < limit}
    primary = set(hidden)

    def cost(pos: Position) -> tuple[bool, int, Position]:
        is_total = pos[0] == n_rows or (with_row_totals and pos[1] == n_cols)
        return (is_total, values[pos], pos)

    def hide_next_to(targets: set[Position]) -> bool:
        """Hide, for each target, the cheapest shown value in one of its lines."""
        added = False
        for target in sorted(targets):
            candidates = [
                pos for line in lines if target in line for pos in line if pos not in hidden
            ]
            if candidates:
                hidden.add(min(candidates, key=cost))
                added = True
        return added

    while hidden:
        # The quick case first: a line with exactly one hidden value gives it away.
        while True:
            alone = set()
            for line in lines:
                in_line = [pos for pos in line if pos in hidden]
                if len(in_line) == 1:
                    alone.add(in_line[0])
            if not alone or not hide_next_to(alone):
                break
        # Then the exact test over all equations together.
        unknowns = sorted(hidden)
        column_of = {pos: i for i, pos in enumerate(unknowns)}
        equations = []
        for line in lines:
            if not any(pos in column_of for pos in line):
                continue
            row = [Fraction(0)] * len(unknowns)
            for pos in line[:-1]:
                if pos in column_of:
                    row[column_of[pos]] += 1
            if line[-1] in column_of:
                row[column_of[line[-1]]] -= 1
            equations.append(row)
        determined = _rref_determined(equations, len(unknowns))
        if not determined or not hide_next_to({unknowns[i] for i in determined}):
            break
    table.cells = [
        [Shown(values[(r, c)], (r, c) in hidden, (r, c) in primary) for c in range(n_cols)]
        for r in range(n_rows)
    ]
    table.row_totals = (
        [
            Shown(values[(r, n_cols)], (r, n_cols) in hidden, (r, n_cols) in primary)
            for r in range(n_rows)
        ]
        if with_row_totals
        else []
    )
    table.column_totals = [
        Shown(values[(n_rows, c)], (n_rows, c) in hidden, (n_rows, c) in primary)
        for c in range(n_cols)
    ]
    if with_row_totals:
        corner = (n_rows, n_cols)
        table.grand_total = Shown(values[corner], corner in hidden, corner in primary)
    else:
        table.grand_total = table.column_totals[0]
    return table


def make_table(
    key: str,
    title: str,
    rows: Sequence[tuple[str, str]],
    columns: Sequence[tuple[str, str]],
    counts: dict[tuple[str, str], int],
    note: str = "",
) -> Table:
    grid = [[int(counts.get((r, c), 0)) for c, _label in columns] for r, _label in rows]
    return protect(Table(key, title, list(rows), list(columns), grid, note))


def rows_of_table(table: Table) -> list[list[str | int]]:
    """The shown table as plain rows (header first) for CSV and XLSX: numbers stay numbers,
    hidden values are the text "< 5"."""
    header: list[str | int] = ["", *[label for _c, label in table.columns]]
    if table.has_row_totals:
        header.append(_("Total"))
    out: list[list[str | int]] = [header]

    def value(shown: Shown) -> str | int:
        return shown.text if shown.hidden else shown.value

    for index, (_code, label) in enumerate(table.rows):
        line: list[str | int] = [label, *[value(cell) for cell in table.cells[index]]]
        if table.has_row_totals:
            line.append(value(table.row_totals[index]))
        out.append(line)
    totals: list[str | int] = [_("Total"), *[value(t) for t in table.column_totals]]
    if table.has_row_totals and table.grand_total is not None:
        totals.append(value(table.grand_total))
    out.append(totals)
    return out
