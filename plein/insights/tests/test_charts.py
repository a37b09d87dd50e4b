"""The SVG charts: valid markup, named and described, proportional, gaps for figures that
may not be shown, and every figure in the table."""

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.template import Context, Template

from plein.core.testing import english_fixture  # noqa: F401
from plein.insights.charts import Chart, Series, layout, nice_ticks

SVG = "{http://www.w3.org/2000/svg}"

pytestmark = pytest.mark.usefixtures("english")


def render(chart: Chart, tag: str = "{% chart chart %}") -> str:
    return Template("{% load insights_charts %}" + tag).render(Context({"chart": chart}))


def main_svg(html: str) -> ET.Element:
    """The chart's SVG (the first one; the legend's swatches follow it), parsed as XML."""
    match = re.search(r"<svg\b.*?</svg>", html, re.S)
    assert match, "no SVG in the chart"
    return ET.fromstring(match.group(0))  # noqa: S314 (our own output, not untrusted)


def table_cells(html: str) -> list[list[str]]:
    """The text of each row's cells in the table."""

    class Cells(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.rows: list[list[str]] = []
            self.cell: list[str] | None = None

        def handle_starttag(self, tag: str, attrs: list) -> None:
            if tag == "tr":
                self.rows.append([])
            elif tag in ("td", "th"):
                self.cell = []

        def handle_endtag(self, tag: str) -> None:
            if tag in ("td", "th") and self.cell is not None:
                self.rows[-1].append("".join(self.cell).strip())
                self.cell = None

        def handle_data(self, data: str) -> None:
            if self.cell is not None:
                self.cell.append(data)

    table = html[html.index("<table") : html.index("</table>")]
    parser = Cells()
    parser.feed(table)
    return parser.rows


def members_chart(**kwargs) -> Chart:
    return Chart(
        title="New members by source",
        description="How the members who joined found their way in.",
        labels=["Invitation", "QR code", "SSO"],
        series=[Series("Members", [40, 10, 20])],
        **kwargs,
    )


def test_the_svg_is_xml_named_and_described_by_its_title_and_desc() -> None:
    html = render(members_chart())
    svg = main_svg(html)
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert title.text == "New members by source"
    assert desc.text == "How the members who joined found their way in."
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert html.count(f'id="{title.get("id")}"') == 1
    assert svg.get("viewBox", "").startswith("0 0 420 ")
    assert "width" not in svg.attrib  # scales to the page through CSS
    assert '<h3 class="utrecht-heading-3 plein-chart__title">New members by source</h3>' in html
    assert "<summary>Show the figures as a table</summary>" in html
    assert "<caption" in html and 'scope="row"' in html and 'scope="col"' in html


@pytest.mark.parametrize("kind", ["bars", "columns", "line"])
def test_every_kind_parses_and_has_no_inline_style(kind: str) -> None:
    chart = members_chart(kind=kind)
    chart.series.append(Series("Active", [4, None, 2]))
    html = render(chart)
    for svg in re.findall(r"<svg\b.*?</svg>", html, re.S):
        ET.fromstring(svg)  # noqa: S314 (our own output)
    assert "style=" not in html  # the Content-Security-Policy forbids inline styles


def test_bar_lengths_are_proportional_to_the_values() -> None:
    svg = main_svg(render(members_chart()))
    widths = [float(rect.get("width", "0")) for rect in svg.iter(f"{SVG}rect")]
    assert len(widths) == 3
    assert widths[0] == pytest.approx(4 * widths[1], abs=0.2)
    assert widths[2] == pytest.approx(2 * widths[1], abs=0.2)


def test_column_heights_are_proportional_and_share_a_baseline() -> None:
    svg = main_svg(render(members_chart(kind="columns")))
    rects = list(svg.iter(f"{SVG}rect"))
    heights = [float(rect.get("height", "0")) for rect in rects]
    assert heights[0] == pytest.approx(4 * heights[1], abs=0.2)
    bottoms = {round(float(r.get("y", "0")) + float(r.get("height", "0")), 1) for r in rects}
    assert len(bottoms) == 1


def test_values_are_labelled_on_the_bars_with_their_unit() -> None:
    html = render(members_chart(unit="h"))
    texts = [t.text for t in main_svg(html).iter(f"{SVG}text")]
    assert "40\N{NO-BREAK SPACE}h" in texts and "10\N{NO-BREAK SPACE}h" in texts


def test_a_value_not_shown_is_a_gap_and_said_in_the_table(settings) -> None:
    settings.PLEIN_INSIGHTS_MIN_GROUP = 5
    chart = members_chart()
    chart.series[0].values = [40, None, 20]
    html = render(chart)
    svg = main_svg(html)
    assert len(list(svg.iter(f"{SVG}rect"))) == 2
    rows = table_cells(html)
    assert rows[2] == ["QR code", "not shown (fewer than 5 members)"]


def test_a_line_breaks_at_a_gap() -> None:
    chart = Chart(
        title="Active members",
        description="Per month.",
        labels=["Jan", "Feb", "Mar", "Apr", "May"],
        series=[Series("Active", [5, 6, None, 8, 9])],
        kind="line",
    )
    svg = main_svg(render(chart))
    lines = [p for p in svg.iter(f"{SVG}path") if "plein-chart__line" in p.get("class", "")]
    assert len(lines) == 2  # Jan-Feb and Apr-May, nothing drawn through March
    assert all(line.get("d", "").count("L") == 1 for line in lines)


def test_the_table_has_every_value_of_every_series() -> None:
    chart = Chart(
        title="Questions",
        description="Asked and answered per month.",
        labels=["Jan", "Feb"],
        series=[Series("Asked", [1200, 7]), Series("Answered", [1100.5, 0])],
        kind="columns",
    )
    rows = table_cells(render(chart))
    assert rows[0] == ["", "Asked", "Answered"]
    assert rows[1] == ["Jan", "1,200", "1,100.5"]
    assert rows[2] == ["Feb", "7", "0"]


def test_several_series_get_a_legend_with_patterns_not_only_colour() -> None:
    chart = members_chart()
    chart.series.append(Series("Contributed", [20, 5, 10]))
    html = render(chart)
    assert 'class="plein-chart__legend"' in html
    svg = main_svg(html)
    patterns = list(svg.iter(f"{SVG}pattern"))
    assert len(patterns) == 1
    hatched = [r for r in svg.iter(f"{SVG}rect") if r.get("fill")]
    assert len(hatched) == 3
    assert {r.get("fill") for r in hatched} == {f"url(#{patterns[0].get('id')})"}
    # One series needs no legend.
    assert "plein-chart__legend" not in render(members_chart())


def test_lines_differ_by_dash_and_marker() -> None:
    chart = Chart(
        title="Active",
        description="Per month.",
        labels=["Jan", "Feb"],
        series=[Series("Active", [5, 6]), Series("Contributors", [2, 3])],
        kind="line",
    )
    svg = main_svg(render(chart))
    lines = [p for p in svg.iter(f"{SVG}path") if "plein-chart__line" in p.get("class", "")]
    assert [line.get("stroke-dasharray") for line in lines] == [None, "8 4"]


def test_labels_are_escaped() -> None:
    chart = Chart(
        title="<script>alert(1)</script>",
        description='"quoted" & <b>',
        labels=["<script>x</script>", "=cmd|' /C calc'!A0"],
        series=[Series("<i>s</i>", [1, 2])],
    )
    html = render(chart)
    assert "<script>" not in html and "<i>" not in html and "<b>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    svg = main_svg(html)  # still well-formed XML
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "<script>x</script>" in texts and "=cmd|' /C calc'!A0" in texts
    assert table_cells(html)[2][0] == "=cmd|' /C calc'!A0"


def test_two_charts_on_one_page_have_different_ids() -> None:
    one, other = members_chart(), members_chart()
    other.title = "Another"
    assert layout(one).id != layout(other).id
    assert layout(one).id == layout(members_chart()).id


def test_an_empty_chart_says_so() -> None:
    chart = Chart(title="Nothing", description="Nothing yet.", labels=[], series=[])
    html = render(chart)
    assert "<svg" not in html and "No figures for this period yet." in html


def test_all_zero_and_custom_format_and_heading_level() -> None:
    chart = members_chart(value_format=lambda v: f"~{v:.0f}", unit="%")
    chart.series[0].values = [0, 0, 0]
    html = render(chart, "{% chart chart level=2 %}")
    assert "<h2 " in html
    assert table_cells(html)[1] == ["Invitation", "~0%"]
    widths = [float(r.get("width", "1")) for r in main_svg(html).iter(f"{SVG}rect")]
    assert widths == [0, 0, 0]


def test_nice_ticks_are_round_and_cover_the_largest_value() -> None:
    assert nice_ticks(40) == [0, 10, 20, 30, 40]
    assert nice_ticks(7) == [0, 2, 4, 6, 8]
    assert nice_ticks(1234)[-1] >= 1234
    assert nice_ticks(0) == [0, 1]
    assert nice_ticks(0.3) == pytest.approx([0, 0.1, 0.2, 0.3])
