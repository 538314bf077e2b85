"""The steady-intake mode's pages: the steadiness page with its timeline, the settings,
the INR and dose log, the report for the clinic (page, PDF, CSV) and its read-only share link.
Reads are in selectors, writes in services; every query starts from request.user (the shared
report from its link). The log answers htmx requests with its fragment and works without JS."""

import datetime
import logging
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from diary.profile import throttle
from diary.selectors import local_today, profile_get
from foods.text import parse_id
from k2lib.http import PersonRequest, as_download

from . import charts, exports, selectors, services
from .forms import AnticoagulationForm, DoseForm, InrForm, ReportPeriodForm
from .models import DoseChange, InrResult
from .report import ClinicReport

LOG_TEMPLATE = "diary/anticoagulation/log.html"
# The no-JS page's undo token, in the session: it names the record, so never in an address.
UNDO_KEY = "anticoagulation.undo"
FORMS: dict[str, type[InrForm] | type[DoseForm]] = {
    services.INR: InrForm,
    services.DOSE: DoseForm,
}


def _is_log_fragment(request: PersonRequest) -> bool:
    return bool(request.htmx) and request.htmx.target == "log"


@login_required
@require_GET
def index(request: PersonRequest) -> HttpResponse:
    """The steadiness panel for today, the timeline of the last 8 weeks and its table."""
    user = request.user
    profile = profile_get(user=user)
    today = local_today(profile)
    first, last = selectors.default_period(today)
    report = selectors.clinic_report(user=user, first=first, last=last)
    context = {
        **selectors.steadiness_panel(user=user, profile=profile, day=today),
        "report": report,
        "chart": charts.timeline_chart(report),
        "mode_on": report.anticoagulation is not None,
    }
    return render(request, "diary/anticoagulation/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: PersonRequest) -> HttpResponse:
    user = request.user
    current = selectors.anticoagulation_get(user=user)
    if request.method == "POST" and "turn_off" in request.POST:
        services.anticoagulation_turn_off(user=user)
        messages.success(request, "The steady-intake mode is off. Your INR and dose log is kept.")
        return redirect("anticoagulation:settings")
    form = AnticoagulationForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.anticoagulation_save(user=user, **form.cleaned_data)
        messages.success(request, "Saved. The steady-intake mode is on.")
        return redirect("anticoagulation:index")
    context = {"form": form, "current": current, "links": selectors.share_link_list(user=user)}
    return render(request, "diary/anticoagulation/settings.html", context)


# --- The INR and dose log ------------------------------------------------------------------------


def _log_context(
    request: PersonRequest,
    *,
    bound: dict[str, Any] | None = None,
    editing: tuple[str, int] | None = None,
    undo: str = "",
    status: str = "",
) -> dict[str, Any]:
    user = request.user
    bound = bound or {}
    edit_form = None
    if editing is not None and editing[0] not in bound:
        kind, pk = editing
        record = services.MODELS[kind].objects.for_user(user).filter(pk=pk).first()
        if record is not None:
            edit_form = FORMS[kind](instance=record, prefix=f"edit-{kind}")
    # A new result or dose is most often today's, in the person's own time zone, and a new
    # result was most often measured where the last one was.
    today = {"day": local_today(profile_get(user=user))}
    inrs = selectors.inr_list(user=user)
    inr_initial = {**today, "measured_at": selectors.last_measured_at(inrs)}
    return {
        "inr_form": bound.get("inr") or InrForm(prefix="inr", initial=inr_initial),
        "dose_form": bound.get("dose") or DoseForm(prefix="dose", initial=today),
        "edit_form": bound.get("edit") or edit_form,
        "editing": editing,
        "inrs": inrs,
        "doses": selectors.dose_list(user=user),
        "undo": undo,
        "status": status,
    }


def _log_response(request: PersonRequest, context: dict[str, Any]) -> HttpResponse:
    if _is_log_fragment(request):
        response = HttpResponse(render_to_string(f"{LOG_TEMPLATE}#log", context, request))
        add_never_cache_headers(response)
    else:
        response = render(request, LOG_TEMPLATE, context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


def _editing(text: str) -> tuple[str, int] | None:
    kind, _, pk = text.partition("-")
    record_id = parse_id(pk)
    return (kind, record_id) if kind in services.MODELS and record_id is not None else None


@login_required
@require_GET
def log(request: PersonRequest) -> HttpResponse:
    """The log; ?edit=inr-<id> opens that row's form (in place with htmx, as a page without)."""
    editing = _editing(request.GET.get("edit", ""))
    undo = request.session.pop(UNDO_KEY, "")  # shown once
    return _log_response(request, _log_context(request, editing=editing, undo=undo))


def _kind_or_404(kind: str) -> str:
    if kind not in services.MODELS:
        raise Http404("No such log.")
    return kind


def _saved(request: PersonRequest, status: str, undo: str = "") -> HttpResponse:
    if _is_log_fragment(request):
        return _log_response(request, _log_context(request, undo=undo, status=status))
    messages.success(request, status)
    if undo:
        request.session[UNDO_KEY] = undo
    return redirect("anticoagulation:log")


@login_required
@require_POST
def record_add(request: PersonRequest, kind: str) -> HttpResponse:
    kind = _kind_or_404(kind)
    form = FORMS[kind](request.POST, prefix=kind)
    form.instance.user = request.user
    if form.is_valid():
        record = services.record_save(record=form.instance)
        return _saved(request, f"Added {record}.")
    return _log_response(request, _log_context(request, bound={kind: form}))


@login_required
@require_POST
def record_edit(request: PersonRequest, kind: str, pk: int) -> HttpResponse:
    kind = _kind_or_404(kind)
    record = get_object_or_404(services.MODELS[kind].objects.for_user(request.user), pk=pk)
    form = FORMS[kind](request.POST, instance=record, prefix=f"edit-{kind}")
    if form.is_valid():
        services.record_save(record=form.instance)
        return _saved(request, f"Changed to {record}.")
    return _log_response(request, _log_context(request, bound={"edit": form}, editing=(kind, pk)))


@login_required
@require_POST
def record_delete(request: PersonRequest, kind: str, pk: int) -> HttpResponse:
    kind = _kind_or_404(kind)
    record = get_object_or_404(services.MODELS[kind].objects.for_user(request.user), pk=pk)
    record = cast(InrResult | DoseChange, record)  # the model MODELS[kind] names
    text = str(record)
    token = services.record_delete(record=record)
    return _saved(request, f"Deleted {text}.", undo=token)


@login_required
@require_POST
def record_undo(request: PersonRequest) -> HttpResponse:
    try:
        record = services.record_restore(user=request.user, token=request.POST.get("token", ""))
    except services.NothingToUndo:
        raise Http404("Nothing to undo.") from None
    return _saved(request, f"Restored {record}.")


# --- The report for the clinic -------------------------------------------------------------------


def _period(
    request: PersonRequest, user: User
) -> tuple[ReportPeriodForm, datetime.date, datetime.date]:
    first, last = selectors.default_period(local_today(profile_get(user=user)))
    if "start" in request.GET or "end" in request.GET:
        form = ReportPeriodForm(request.GET)
        if form.is_valid():
            return form, form.cleaned_data["start"], form.cleaned_data["end"]
        return form, first, last
    return ReportPeriodForm(initial={"start": first, "end": last}), first, last


def _report_context(report: ClinicReport, owner: User | None = None) -> dict[str, Any]:
    """What the report templates share; `owner` names whose diary it is on the person's own
    print and PDF. The share link names nobody: a username is a sign-in name, not a name the
    person chose to show, and there is no display name to show instead."""
    return {
        "report": report,
        "chart": charts.timeline_chart(report),
        "owner": owner.get_username() if owner else "",
    }


PANGO_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0"
logger = logging.getLogger(__name__)


def _report_pdf(request: PersonRequest, report: ClinicReport) -> HttpResponse:
    """The print template as a PDF, made on the server (WeasyPrint)."""
    try:
        import weasyprint  # noqa: F401  (a heavy import only the PDF needs)
    except (ImportError, OSError) as missing:
        # WeasyPrint loads Pango, a system library, when imported: without it the import
        # fails (OSError from cffi). Say what to install rather than answer a 500.
        logger.warning("PDF needs Pango (apt-get install %s): %s", PANGO_PACKAGES, missing)
        query = f"start={report.first.isoformat()}&end={report.last.isoformat()}"
        context = {"report_url": reverse("anticoagulation:report"), "query": query}
        return render(request, "diary/anticoagulation/pdf_unavailable.html", context, status=503)
    html = render_to_string(
        "diary/anticoagulation/report_print.html",
        {**_report_context(report, request.user), "pdf": True},
    )
    response = HttpResponse(exports.html_to_pdf(html), content_type="application/pdf")
    name = f"k2-clinic-report-{report.first.isoformat()}-to-{report.last.isoformat()}.pdf"
    return as_download(response, name)


@login_required
@require_GET
def report(request: PersonRequest) -> HttpResponse:
    user = request.user
    form, first, last = _period(request, user)
    clinic = selectors.clinic_report(user=user, first=first, last=last)
    wanted = request.GET.get("format")
    if form.is_bound and not form.errors and wanted == "csv":
        return exports.report_csv(clinic)
    if form.is_bound and not form.errors and wanted == "pdf":
        # A PDF of two years takes seconds of the server's time: a few an hour per person.
        seconds = throttle.hit("report-pdf", str(user.pk))
        if seconds is not None:
            return throttle.throttled_response(
                request,
                seconds=seconds,
                what="Too many PDFs",
                why=(
                    "this hour. Each takes the server seconds to draw, so they are limited "
                    "(the report's page and its CSV are not)"
                ),
                password_help=False,
            )
        return _report_pdf(request, clinic)
    if wanted == "print":
        context = _report_context(clinic, user)
        return render(request, "diary/anticoagulation/report_print.html", context)
    query = f"start={first.isoformat()}&end={last.isoformat()}"
    context = {
        **_report_context(clinic),
        "form": form,
        "query": query,
        "links": selectors.share_link_list(user=user),
        "new_link": request.session.pop("anticoagulation_new_link", None),
    }
    return render(request, "diary/anticoagulation/report.html", context)


@login_required
@require_POST
def share_create(request: PersonRequest) -> HttpResponse:
    form = ReportPeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a valid period before sharing it.")
        return redirect("anticoagulation:report")
    first, last = form.cleaned_data["start"], form.cleaned_data["end"]
    try:
        _, token = services.share_link_create(user=request.user, first=first, last=last)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{reverse('anticoagulation:report')}?start={first}&end={last}")
    # Shown once on the next page: the database keeps only the hash.
    request.session["anticoagulation_new_link"] = request.build_absolute_uri(
        reverse("anticoagulation:shared", args=[token])
    )
    messages.success(request, "Share link made. Copy it now: it is shown only once.")
    return redirect(f"{reverse('anticoagulation:report')}?start={first}&end={last}")


@login_required
@require_POST
def share_revoke(request: PersonRequest, pk: int) -> HttpResponse:
    if services.share_link_revoke(user=request.user, pk=pk):
        messages.success(request, "The link is revoked: it no longer opens the report.")
    else:
        messages.error(request, "That link was already revoked or is not yours.")
    return redirect("anticoagulation:report")


@require_GET
def shared(request: HttpRequest, token: str) -> HttpResponse:
    """The report alone, read-only, for whoever holds a live link; 404 otherwise."""
    link = selectors.share_link_get(token=token)
    if link is None:
        raise Http404("This link is not valid: it may have expired or been revoked.")
    clinic = selectors.clinic_report(user=link.user, first=link.first_day, last=link.last_day)
    response = render(
        request,
        "diary/anticoagulation/report_print.html",
        {**_report_context(clinic), "shared": link},
    )
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
