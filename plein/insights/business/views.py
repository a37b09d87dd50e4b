"""The business case pages: the figures with their method, the one-page printable report,
and the CSV export. Everyone with an insights scope reads them (organisation managers see
their own organisations and the community); only community managers set the rate."""

import csv
from decimal import Decimal
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from plein.core.actionview import shown_on
from plein.core.http import MemberRequest
from plein.insights.access import require_scope
from plein.insights.business import queries
from plein.insights.business.actions import set_hourly_rate
from plein.insights.business.forms import HourlyRateForm
from plein.insights.forms import PeriodForm


def _case(request: MemberRequest) -> tuple[PeriodForm, queries.BusinessCase]:
    scope = require_scope(request.user)
    # Bad filters show the form's message and the default period's figures.
    form = PeriodForm(request.GET or None, scope=scope)
    return form, queries.build(scope, form.period())


def _rate_text(rate: Decimal) -> str:
    """The rate as the page writes it: 60, or 62,50 with cents."""
    places = 0 if rate == rate.to_integral_value() else 2
    return number_format(rate, decimal_pos=places, force_grouping=True)


def _rate_refused(
    request: MemberRequest, context: dict, rate_form: HourlyRateForm, *, status: int, error: str
) -> HttpResponse:
    # The action's one refusal (a plain PleinError) is about the amount: next to the field.
    rate_form.add_error("hourly_rate", error)
    return render(request, "insights/business_case.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def business_case_page(request: MemberRequest) -> HttpResponse:
    form, case = _case(request)
    may_set_rate = request.user.is_community_manager
    rate_form = None
    status = 200
    if may_set_rate:
        rate_form = HourlyRateForm(
            request.POST or None, initial={"hourly_rate": _rate_text(case.rate)}
        )
    context = {
        "form": form,
        "case": case,
        "charts": queries.charts(case),
        "rate_form": rate_form,
        "rate_text": _rate_text(case.rate),
        "query": request.GET.urlencode(),
    }
    if request.method == "POST":
        if rate_form is None:
            raise PermissionDenied
        if rate_form.is_valid():
            page = partial(_rate_refused, request, context, rate_form)
            with shown_on(request, page):
                set_hourly_rate(request.user, rate_form.cleaned_data["hourly_rate"])
            messages.success(request, _("The hourly rate is set. The figures use it now."))
            return redirect(request.get_full_path())
        status = 400
    return render(request, "insights/business_case.html", context, status=status)


@login_required
@require_safe
def business_case_print(request: MemberRequest) -> HttpResponse:
    form, case = _case(request)
    context = {
        "form": form,
        "case": case,
        "rate_text": _rate_text(case.rate),
        "query": request.GET.urlencode(),
    }
    return render(request, "insights/business_case_print.html", context)


# A spreadsheet runs a cell that starts with one of these as a formula (or, for tab and
# carriage return, after moving on to the next cell), so a name like =HYPERLINK(...)
# would become a link or worse. A leading apostrophe makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@login_required
@require_safe
def business_case_csv(request: MemberRequest) -> HttpResponse:
    _form, case = _case(request)
    # Dutch spreadsheets read "2,5" as a number only in a file separated by semicolons;
    # follow the language the member reads Plein in.
    decimal_comma = get_format("DECIMAL_SEPARATOR") == ","
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"plein-business-case-{case.period.start:%Y-%m}-{case.period.end:%Y-%m}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # the byte order mark tells Excel the file is UTF-8
    writer = csv.writer(response, delimiter=";" if decimal_comma else ",")

    def number(value: Decimal | int) -> str | int:
        if isinstance(value, int):
            return value
        text = str(value)
        return text.replace(".", ",") if decimal_comma else text

    def text(value: str) -> str:
        return safe_cell(value)

    writer.writerow([text(_("Business case")), text(case.subject)])
    writer.writerow([text(_("From")), f"{case.period.start:%Y-%m}"])
    writer.writerow([text(_("To (included)")), f"{case.period.end:%Y-%m}"])
    writer.writerow([text(_("Hourly rate (euro)")), number(case.rate)])
    writer.writerow([text(_("Made on")), timezone.localdate().isoformat()])
    writer.writerow([])
    writer.writerow(
        [
            text(_("Section")),
            text(_("Name")),
            text(_("Helped reports")),
            text(_("With an estimate")),
            text(_("Minutes saved")),
            text(_("Hours saved")),
            text(_("Euros")),
            text(_("Note")),
        ]
    )
    not_shown = _("not shown (fewer than %(count)d members)") % {"count": case.min_group}

    def row(section: str, name: str, line: queries.Row) -> None:
        if not line.shown:
            writer.writerow([text(section), text(name), "", "", "", "", "", text(not_shown)])
            return
        writer.writerow(
            [
                text(section),
                text(name),
                line.reports,
                line.estimated,
                line.minutes,
                number(line.hours),
                line.euros,
                text(line.note),
            ]
        )

    row(_("Total"), case.subject, case.total)
    if case.given is not None:
        row(_("Help given by the organisation"), case.given.label, case.given)
    for month in case.months:
        row(_("Month"), f"{month.month:%Y-%m}", month)
    for theme in case.themes:
        row(_("Theme"), theme.label, theme)
    for organisation in case.receiving:
        row(_("Organisation that received help"), organisation.label, organisation)
    for organisation in case.giving:
        row(_("Organisation that gave help"), organisation.label, organisation)
    return response
