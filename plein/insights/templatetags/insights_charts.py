from django import template
from django.template.loader import render_to_string
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
