"""Week, trend and export pages. Reads are in selectors, files in exports, charts in charts."""

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from diary import periods
from diary.anticoagulation.selectors import steadiness_panel
from diary.page_cache import person_page
from diary.profile.selectors import TargetExplanation, target_explanation
from diary.selectors import local_today, profile_get
from foods import amounts
from k2lib.http import PersonRequest

from . import charts, exports, selectors


def _wants_csv(request: PersonRequest) -> bool:
    return request.GET.get("format") == "csv"


def _target_label(reference: TargetExplanation) -> str:
    return "your target" if reference.personal else "your adequate intake"


def _monday(isoweek: str | None, this_monday: datetime.date) -> datetime.date:
    if isoweek is None:
        return this_monday
    try:
        return periods.parse_iso_week(isoweek)
    except ValueError:
        raise Http404("There is no such ISO week.") from None


@login_required
@require_safe
@person_page()
def week(request: PersonRequest, isoweek: str | None = None) -> HttpResponse:
    profile = profile_get(user=request.user)
    this_monday = periods.monday_of(local_today(profile))
    monday = _monday(isoweek, this_monday)
    reference = target_explanation(profile=profile)
    against = profile.placed_against
    wants_csv = _wants_csv(request)
    # The CSV always carries calcium and vitamin D; the page only for a person who shows them.
    bone_group = profile.bone_group if wants_csv or profile.show_bone else None
    report = selectors.week_report(
        user=request.user, monday=monday, against=against, bone_group=bone_group
    )
    if wants_csv:
        return exports.week_csv(report, explained=reference)
    previous_monday = monday - periods.ONE_WEEK
    next_monday = monday + periods.ONE_WEEK
    context = {
        "report": report,
        "label": report.label,
        "monday": monday,
        "sunday": report.days[-1],
        "is_current": monday == this_monday,
        "rows": report.rows,
        "days_logged": report.days_logged,
        "average": report.average,
        "average_k1": report.average_k1,
        # The week's average is placed as a day is: against the range, and the person's value.
        "average_status": against.status(report.average),
        "average_own_status": against.own_status(report.average),
        "against": against,
        "k2_coverage": selectors.percent(report.intake.k2_coverage),
        "coverage": [
            (label, report.intake.coverage_of(key)) for key, label in amounts.COVERAGE.items()
        ],
        "top_foods": report.top_foods,
        "target": profile.target_ug,
        "reference": reference,
        "previous_url": reverse("reports:week-of", args=[periods.week_label(previous_monday)]),
        "next_url": (
            reverse("reports:week-of", args=[periods.week_label(next_monday)])
            if next_monday <= this_monday
            else None
        ),
        "this_week_url": reverse("reports:week"),
        "csv_url": reverse("reports:week-of", args=[report.label]) + "?format=csv",
        "chart": charts.week_chart(report, against=against, target_label=_target_label(reference)),
        "bone": selectors.bone_table(report.days, report.bone, profile) if bone_group else None,
        "bone_chart": (
            charts.week_bone_chart(report, group=bone_group, d_unit=profile.vitamin_d_unit)
            if bone_group
            else None
        ),
        # Steady mode: the week's last day so far against usual, as on the day page.
        **steadiness_panel(
            user=request.user, profile=profile, day=min(report.days[-1], local_today(profile))
        ),
    }
    return render(request, "diary/reports/week.html", context)


@login_required
@require_safe
@person_page()
def trend(request: PersonRequest) -> HttpResponse:
    profile = profile_get(user=request.user)
    count = periods.parse_trend_days(request.GET.get("days"))
    against = profile.placed_against
    wants_csv = _wants_csv(request)
    # The day-by-day table only when asked for (?table=1): htmx fetches it as the person opens
    # it, a link does without JavaScript. The fragment shows vitamin K alone.
    with_table = request.GET.get("table") == "1"
    table_only = with_table and request.htmx and request.htmx.target == "trend-table"
    report = selectors.trend_report(
        user=request.user,
        today=local_today(profile),
        count=count,
        against=against,
        bone_group=(
            profile.bone_group if wants_csv or (profile.show_bone and not table_only) else None
        ),
    )
    if wants_csv:
        return exports.trend_csv(report, explained=target_explanation(profile=profile))
    table = report.table_rows if with_table else None
    if table_only:
        context: dict[str, Any] = {"table": table, "against": against}
        response = render(request, "diary/reports/trend.html#trend-table", context)
        patch_vary_headers(response, ["HX-Request"])
        return response
    reference = target_explanation(profile=profile)
    nutrient = charts.trend_nutrient(request.GET.get("nutrient"), bone_shown=profile.show_bone)
    chart = (
        charts.trend_chart(report, against=against, target_label=_target_label(reference))
        if nutrient == charts.VITAMIN_K
        else charts.trend_bone_chart(
            report, group=profile.bone_group, nutrient=nutrient, d_unit=profile.vitamin_d_unit
        )
    )
    context = {
        "count": count,
        "nutrient": nutrient,
        "nutrients": charts.TREND_NUTRIENTS if profile.show_bone else None,
        "choices": periods.TREND_CHOICES,
        "first": report.first,
        "last": report.last,
        "table": table,
        # The table link keeps the chart the person chose (it reloads the page without JS).
        "table_url": f"{reverse('reports:trend')}?days={count}&table=1"
        + ("" if nutrient == charts.VITAMIN_K else f"&nutrient={nutrient}"),
        "average": report.average,
        "average_k1": report.average_k1,
        "average_status": against.status(report.average),
        "against": against,
        "days_logged": report.days_logged,
        "positions": against.count(report.totals),
        "target": profile.target_ug,
        "reference": reference,
        "csv_url": f"{reverse('reports:trend')}?days={count}&format=csv",
        "chart": chart,
        "bone": selectors.bone_table(report.days, report.bone, profile, with_rows=False)
        if profile.show_bone
        else None,
    }
    response = render(request, "diary/reports/trend.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_safe
@person_page()
def export(request: PersonRequest) -> HttpResponseBase:
    if "from" in request.GET or "to" in request.GET:
        form = exports.ExportForm(request.GET)
        if form.is_valid():
            first, last = form.cleaned_data["from"], form.cleaned_data["to"]
            return exports.entries_csv(user=request.user, first=first, last=last)
    else:
        first, last = exports.default_range(local_today(profile_get(user=request.user)))
        form = exports.ExportForm(initial={"from": first, "to": last})
    return render(request, "diary/reports/export.html", {"form": form})
