"""Charts as server-rendered SVG: no JavaScript, no charting library.

A page builds a `Chart` and renders it with `{% load insights_charts %}{% chart chart %}`:
a <figure> with the title as a heading, the SVG (role="img", named by its <title> and
<desc>), a legend when there are several series, and the figures as a real table in a
<details> (shown in print). The SVG is drawn in a fixed viewBox and scales to the width of
the page, so it reads the same on a phone and on paper.

Every series is told apart by more than its colour: bars by a fill pattern, lines by a
dash pattern and a marker shape, and the legend shows both. A value of None is a figure
that may not be shown (a group smaller than PLEIN_INSIGHTS_MIN_GROUP): it is drawn as a
gap and said in words in the table.

Values are counts, hours, euros or shares, never negative: a negative value is drawn as
an empty bar (its label and the table still show it)."""

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from django.utils.formats import number_format
from django.utils.translation import gettext

from plein.insights.access import min_group

# The drawing's own coordinate system; the SVG is scaled to the page's width (at most
# 36rem, plein.css). 420 units keep 14-unit text readable (11px) on a 360px phone.
WIDTH = 420
COLUMN_HEIGHT = 260
FONT = 14  # text size in user units, also set in plein.css
SMALL_FONT = 12
CHAR_WIDTH = 0.6 * FONT  # a rough average width of a character, to leave room for text
SMALL_CHAR_WIDTH = 0.6 * SMALL_FONT
SERIES_COLOURS = 4  # plein.css has plein-chart__fill-0 .. -3 and __stroke-0 .. -3; more repeat
# Lines are told apart by dashes and markers as well as colour.
DASHES = ("", "8 4", "2 4", "10 4 2 4")
MARKERS = ("circle", "square", "triangle", "diamond")


@dataclass
class Series:
    label: str
    values: list[float | None]


@dataclass
class Chart:
    title: str  # the figure's heading and the SVG's <title>
    description: str  # the SVG's <desc>: what the chart shows, in a sentence
    labels: list[str]  # categories or months, one per value of each series
    series: list[Series]
    kind: Literal["bars", "columns", "line"] = "bars"  # horizontal bars, columns, line
    unit: str = ""  # "h", "€", "%", ...: shown in value labels and the table
    value_format: Callable[[float], str] | None = None  # default: localised, grouped

    @property
    def html_id(self) -> str:
        """An id for this chart's elements, the same for the same chart (so pages and
        tests are reproducible) and different for different charts on one page."""
        data = repr(
            (self.title, self.description, self.labels, [(s.label, s.values) for s in self.series])
        )
        return "chart-" + hashlib.sha1(data.encode(), usedforsecurity=False).hexdigest()[:10]

    def format(self, value: float | None) -> str:
        """A value as the page shows it, with its unit; None is a figure not shown."""
        if value is None:
            return not_shown()
        if self.value_format is not None:
            text = self.value_format(value)
        else:
            whole = float(value).is_integer()
            text = number_format(
                value if not whole else int(value),
                decimal_pos=0 if whole else 1,
                force_grouping=True,
            )
        if not self.unit:
            return text
        if self.unit in ("€", "$", "£"):
            return f"{self.unit}\N{NO-BREAK SPACE}{text}"
        if self.unit == "%":
            return f"{text}%"
        return f"{text}\N{NO-BREAK SPACE}{self.unit}"


def not_shown() -> str:
    return gettext("not shown (fewer than %(count)d members)") % {"count": min_group()}


# The drawing, in plain values the template writes out. Coordinates are strings already
# formatted with a dot: the template would otherwise localise them ("12,5" in Dutch).


@dataclass
class Text:
    x: str
    y: str
    text: str
    anchor: str = "start"
    css: str = "plein-chart__label"


@dataclass
class Line:
    x1: str
    y1: str
    x2: str
    y2: str
    css: str


@dataclass
class Bar:
    x: str
    y: str
    width: str
    height: str
    series: int  # which series: its colour class and fill pattern

    @property
    def patterned(self) -> bool:
        # The first series is solid, the next ones hatched, dotted, cross-hatched.
        return self.series % SERIES_COLOURS != 0

    @property
    def css(self) -> str:
        colour = self.series % SERIES_COLOURS
        if self.patterned:
            # The fill is the pattern (an attribute); a class would override it.
            return f"plein-chart__bar plein-chart__stroke-{colour}"
        return f"plein-chart__bar plein-chart__fill-{colour} plein-chart__stroke-{colour}"


@dataclass
class Path:
    """A line series, or one stretch of it between gaps; or a marker."""

    d: str
    series: int
    dash: str = ""

    @property
    def line_css(self) -> str:
        return f"plein-chart__line plein-chart__stroke-{self.series % SERIES_COLOURS}"

    @property
    def marker_css(self) -> str:
        return f"plein-chart__fill-{self.series % SERIES_COLOURS}"


@dataclass
class LegendItem:
    label: str
    series: int
    dash: str
    marker: str  # path data of the marker, drawn around (14, 8) in a 28 x 16 swatch

    @property
    def swatch(self) -> Bar:
        return Bar(x="1", y="1", width="26", height="14", series=self.series)

    @property
    def line(self) -> Path:
        return Path(d="M1 8H27", series=self.series, dash=self.dash)

    @property
    def fill_css(self) -> str:
        return f"plein-chart__fill-{self.series % SERIES_COLOURS}"


@dataclass
class TableRow:
    label: str
    values: list[str]


@dataclass
class Drawing:
    id: str
    height: str
    width: str = str(WIDTH)
    grid: list[Line] = field(default_factory=list)
    axes: list[Line] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    lines: list[Path] = field(default_factory=list)
    markers: list[Path] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)
    patterns: list[int] = field(default_factory=list)  # series drawn with a pattern
    rows: list[TableRow] = field(default_factory=list)


def n(value: float) -> str:
    """A coordinate for SVG: a dot as decimal separator, at most one decimal."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def nice_ticks(largest: float, *, count: int = 4) -> list[float]:
    """Gridline values from 0 past `largest`, at a round step (1, 2 or 5 times a power of
    ten), about `count` of them."""
    if largest <= 0:
        return [0.0, 1.0]
    rough = largest / count
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    steps = math.ceil(largest / step - 1e-9)
    return [step * i for i in range(steps + 1)]


def _text_width(text: str, *, small: bool = False) -> float:
    return len(text) * (SMALL_CHAR_WIDTH if small else CHAR_WIDTH)


def _tick_label(chart: Chart, value: float) -> str:
    return chart.format(value)


def _marker(shape: str, x: float, y: float, size: float = 4) -> str:
    if shape == "square":
        return f"M{n(x - size)} {n(y - size)}h{n(2 * size)}v{n(2 * size)}h{n(-2 * size)}Z"
    if shape == "triangle":
        return f"M{n(x)} {n(y - size - 1)}L{n(x + size + 1)} {n(y + size)}L{n(x - size - 1)} {n(y + size)}Z"
    if shape == "diamond":
        s = size + 1
        return f"M{n(x)} {n(y - s)}L{n(x + s)} {n(y)}L{n(x)} {n(y + s)}L{n(x - s)} {n(y)}Z"
    # A circle as a path, so every marker is one element type.
    return f"M{n(x - size)} {n(y)}a{n(size)} {n(size)} 0 1 0 {n(2 * size)} 0a{n(size)} {n(size)} 0 1 0 {n(-2 * size)} 0"


def _values(chart: Chart) -> list[float]:
    return [v for s in chart.series for v in s.values if v is not None]


def layout(chart: Chart) -> Drawing:
    """Where everything goes."""
    drawing = Drawing(id=chart.html_id, height="0")
    several = len(chart.series) > 1
    for index, series in enumerate(chart.series):
        shape = MARKERS[index % len(MARKERS)] if chart.kind == "line" else ""
        drawing.legend.append(
            LegendItem(
                label=series.label,
                series=index,
                dash=DASHES[index % len(DASHES)] if chart.kind == "line" else "",
                marker=_marker(shape, 14, 8) if shape else "",
            )
        )
        pattern = index % SERIES_COLOURS
        if chart.kind != "line" and pattern and pattern not in drawing.patterns:
            drawing.patterns.append(pattern)
    if not several:
        drawing.legend = []
    drawing.rows = [
        TableRow(
            label=label,
            values=[chart.format(s.values[i] if i < len(s.values) else None) for s in chart.series],
        )
        for i, label in enumerate(chart.labels)
    ]
    if chart.kind == "bars":
        _layout_bars(chart, drawing)
    else:
        _layout_columns(chart, drawing)
    return drawing


def _value(series: Series, index: int) -> float | None:
    return series.values[index] if index < len(series.values) else None


def _layout_bars(chart: Chart, drawing: Drawing) -> None:
    """Horizontal bars: each category's label on a line of its own above its bars (so long
    names fit on a phone), the value at the end of each bar, gridlines with their values
    below."""
    ticks = nice_ticks(max(_values(chart), default=0))
    top_value = ticks[-1]
    value_room = max((_text_width(chart.format(v)) for v in _values(chart)), default=0) + 2 * FONT
    left = 1.0
    plot = WIDTH - left - max(value_room, _text_width(_tick_label(chart, top_value)) / 2 + 2)
    bar_height, bar_gap, group_gap, label_height = 18.0, 4.0, 12.0, FONT + 6
    y = 4.0
    plot_top = y
    for index, label in enumerate(chart.labels):
        drawing.texts.append(Text(x=n(left), y=n(y + FONT), text=label))
        y += label_height
        bars_top = y
        for s_index, series in enumerate(chart.series):
            value = _value(series, index)
            if value is None:
                drawing.texts.append(
                    Text(
                        x=n(left + 4),
                        y=n(y + bar_height - 5),
                        text=gettext("not shown"),
                        css="plein-chart__label plein-chart__label--muted",
                    )
                )
            else:
                length = max(value, 0) / top_value * plot
                drawing.bars.append(
                    Bar(x=n(left), y=n(y), width=n(length), height=n(bar_height), series=s_index)
                )
                drawing.texts.append(
                    Text(x=n(left + length + 4), y=n(y + bar_height - 4), text=chart.format(value))
                )
            y += bar_height + bar_gap
        # The axis runs beside the bars only, not through the category's name above them.
        drawing.axes.append(
            Line(x1=n(left), y1=n(bars_top), x2=n(left), y2=n(y - bar_gap), css="plein-chart__axis")
        )
        y += group_gap
    plot_bottom = y - group_gap
    for tick in ticks:
        x = left + tick / top_value * plot
        if tick == 0:
            drawing.texts.append(
                Text(
                    x=n(x),
                    y=n(plot_bottom + 4 + SMALL_FONT + 2),
                    text=_tick_label(chart, tick),
                    css="plein-chart__tick",
                )
            )
            continue
        drawing.grid.append(
            Line(
                x1=n(x),
                y1=n(plot_top),
                x2=n(x),
                y2=n(plot_bottom + 4),
                css="plein-chart__grid",
            )
        )
        anchor = "start" if tick == 0 else "middle"
        drawing.texts.append(
            Text(
                x=n(x),
                y=n(plot_bottom + 4 + SMALL_FONT + 2),
                text=_tick_label(chart, tick),
                anchor=anchor,
                css="plein-chart__tick",
            )
        )
    drawing.axes.append(
        Line(x1=n(left), y1=n(plot_top), x2=n(left), y2=n(plot_bottom), css="plein-chart__axis")
    )
    drawing.height = n(plot_bottom + 4 + SMALL_FONT + 8)


def _layout_columns(chart: Chart, drawing: Drawing) -> None:  # noqa: C901  one drawing, shared coordinates
    """Columns or a line over categories (usually months) from left to right, gridlines
    with their values on the left. Value labels are drawn where they fit; where they do
    not (many months), the gridlines and the table carry the figures."""
    ticks = nice_ticks(max(_values(chart), default=0))
    top_value = ticks[-1]
    left = max(_text_width(_tick_label(chart, t), small=True) for t in ticks) + 8
    right = 8.0
    top = SMALL_FONT + 8
    bottom_labels = FONT + 10
    plot_top, plot_bottom = top, COLUMN_HEIGHT - bottom_labels
    plot_height = plot_bottom - plot_top
    count = max(len(chart.labels), 1)
    slot = (WIDTH - left - right) / count

    def y_of(value: float) -> float:
        return plot_bottom - max(value, 0) / top_value * plot_height

    for tick in ticks:
        y = y_of(tick)
        drawing.grid.append(
            Line(x1=n(left), y1=n(y), x2=n(WIDTH - right), y2=n(y), css="plein-chart__grid")
        )
        drawing.texts.append(
            Text(
                x=n(left - 6),
                y=n(y + SMALL_FONT / 3),
                text=_tick_label(chart, tick),
                anchor="end",
                css="plein-chart__tick",
            )
        )
    # Every label when they fit, else every second, third, ... one.
    widest = max((_text_width(label) for label in chart.labels), default=0)
    every = max(1, math.ceil((widest + 6) / slot))
    for index, label in enumerate(chart.labels):
        if index % every == 0:
            drawing.texts.append(
                Text(
                    x=n(left + slot * (index + 0.5)),
                    y=n(plot_bottom + FONT + 4),
                    text=label,
                    anchor="middle",
                )
            )
    series_count = max(len(chart.series), 1)
    if chart.kind == "columns":
        group = slot * 0.75
        width = group / series_count
        for s_index, series in enumerate(chart.series):
            for index in range(len(chart.labels)):
                value = _value(series, index)
                x = left + slot * index + (slot - group) / 2 + width * s_index
                if value is None:
                    drawing.texts.append(
                        Text(
                            x=n(x + width / 2),
                            y=n(plot_bottom - 4),
                            text="\N{EN DASH}",
                            anchor="middle",
                            css="plein-chart__label plein-chart__label--muted",
                        )
                    )
                    continue
                y = y_of(value)
                drawing.bars.append(
                    Bar(x=n(x), y=n(y), width=n(width), height=n(plot_bottom - y), series=s_index)
                )
                text = chart.format(value)
                if _text_width(text, small=True) <= width + 2:
                    drawing.texts.append(
                        Text(
                            x=n(x + width / 2),
                            y=n(y - 4),
                            text=text,
                            anchor="middle",
                            css="plein-chart__tick",
                        )
                    )
    else:
        for s_index, series in enumerate(chart.series):
            shape = MARKERS[s_index % len(MARKERS)]
            stretch: list[str] = []
            stretches: list[list[str]] = []
            for index in range(len(chart.labels)):
                value = _value(series, index)
                if value is None:
                    # A gap: the line stops and starts again after it.
                    if stretch:
                        stretches.append(stretch)
                    stretch = []
                    continue
                x, y = left + slot * (index + 0.5), y_of(value)
                stretch.append(f"{n(x)} {n(y)}")
                drawing.markers.append(Path(d=_marker(shape, x, y), series=s_index))
                text = chart.format(value)
                if series_count == 1 and _text_width(text, small=True) <= slot - 2:
                    drawing.texts.append(
                        Text(
                            x=n(x), y=n(y - 8), text=text, anchor="middle", css="plein-chart__tick"
                        )
                    )
            if stretch:
                stretches.append(stretch)
            for points in stretches:
                if len(points) > 1:
                    drawing.lines.append(
                        Path(
                            d="M" + "L".join(points),
                            series=s_index,
                            dash=DASHES[s_index % len(DASHES)],
                        )
                    )
    drawing.axes.append(
        Line(
            x1=n(left),
            y1=n(plot_bottom),
            x2=n(WIDTH - right),
            y2=n(plot_bottom),
            css="plein-chart__axis",
        )
    )
    drawing.height = n(COLUMN_HEIGHT)
