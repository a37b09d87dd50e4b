from django import template
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.safestring import SafeString

from plein.insights.charts import Chart, layout, min_group

register = template.Library()


@register.simple_tag
def chart(chart: Chart, level: int = 3) -> SafeString:
    """`{% chart chart %}`: the chart as a figure with its table. `level` is the heading
    level of its title (2 to 4), so it fits the page's outline."""
    return render_to_string(
        "insights/charts/chart.html",
        {
            "chart": chart,
            "drawing": layout(chart),
            "level": min(max(level, 2), 4),
            # The design system styles headings 1 to 3; a fourth level looks like a third.
            "heading_class": f"utrecht-heading-{min(max(level, 2), 3)}",
            "min_group": min_group(),
        },
    )


@register.filter
def figure(value: float | None) -> str:
    """A count as the page writes it, grouped in thousands ("1.140" in Dutch)."""
    if value is None:
        return ""
    whole = float(value).is_integer()
    return number_format(
        int(value) if whole else value, decimal_pos=0 if whole else 1, force_grouping=True
    )


@register.filter
def percent(value: float | None) -> str:
    """A share in whole percents ("86%"); empty when there is none (nothing to divide)."""
    if value is None:
        return ""
    return f"{number_format(round(value), force_grouping=True)}%"
