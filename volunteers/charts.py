"""Server-side SVG bar charts for the interest dashboard (no JavaScript, no CDN).

Each chart is drawn by templates/volunteers/admin/chart.html from the numbers
here; the same numbers fill the table under it (the text alternative)."""

from dataclasses import dataclass, field

LABEL_WIDTH = 170  # px of the 640 px wide drawing kept for the row labels
BAR_AREA = 400
BAR_HEIGHT = 14  # each bar: tall enough for its 12 px value beside it
BAR_SPACING = 2  # between the bars of one row
ROW_GAP = 10  # between rows
TOP = 4  # room above the first row


@dataclass
class Bar:
    series: int
    value: int
    x: int
    y: int
    width: int
    height: int


@dataclass
class Row:
    label: str
    values: list[int]
    y: int
    bars: list[Bar] = field(default_factory=list)


@dataclass
class Chart:
    slug: str
    title: str
    series: list[str]
    rows: list[Row]
    height: int
    total: int
    summary: str = ""

    @property
    def empty(self) -> bool:
        return not any(any(r.values) for r in self.rows)


def bar_chart(
    *, slug: str, title: str, series: list[str], rows: list[tuple[str, list[int]]], summary=""
) -> Chart:
    """Horizontal bars, one group per row, one bar per series, scaled to the largest value."""
    peak = max((v for _label, values in rows for v in values), default=0) or 1
    bar_height = BAR_HEIGHT
    group_height = bar_height * len(series) + BAR_SPACING * (len(series) - 1)
    chart_rows = []
    y = TOP
    for label, values in rows:
        row = Row(label=label, values=list(values), y=y)
        for i, value in enumerate(values):
            row.bars.append(
                Bar(
                    series=i,
                    value=value,
                    x=LABEL_WIDTH,
                    y=y + i * (bar_height + BAR_SPACING),
                    width=round(BAR_AREA * value / peak) if value else 0,
                    height=bar_height,
                )
            )
        chart_rows.append(row)
        y += group_height + ROW_GAP
    return Chart(
        slug=slug,
        title=title,
        series=series,
        rows=chart_rows,
        height=max(y, BAR_HEIGHT + TOP),
        total=sum(sum(values) for _label, values in rows),
        summary=summary,
    )
