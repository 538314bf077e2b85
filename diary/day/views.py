"""The day page: one page per day whose panels are fragments ({% partialdef %}). A change
answers in one response with the fragments it changed (htmx out-of-band swaps); every form also
works without JavaScript (POST, redirect, GET). Every query starts from request.user."""

import datetime
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import trigger_client_event

from diary.models import Entry, Meal, validate_diary_day
from diary.page_cache import person_page
from diary.selectors import local_now, profile_get
from foods import amounts
from foods.models import Food
from foods.text import parse_id
from k2lib.http import PersonRequest

from . import panels, selectors, services
from .forms import CopyForm, EditForm, EntryForm, JumpForm
from .panels import Context, day_url
from .units import amount_text, unit_label

TEMPLATE = "diary/day/day.html"
UNDO_KEY = "diary.undo"  # the no-JS page's undo token, in the session
DAY_IN_URL = re.compile(r"/diary/(\d{4}-\d{2}-\d{2})/")


def parse_day(text: str) -> datetime.date:
    """A URL's date, or 404: out of range or impossible dates are not pages."""
    try:
        day = datetime.date.fromisoformat(text)
        validate_diary_day(day)
    except (ValueError, ValidationError):
        raise Http404("No such day.") from None
    return day


def _target(request: PersonRequest) -> str | None:
    return request.htmx.target if request.htmx else None


def _fragments(
    request: PersonRequest, main: tuple[str, Context], *others: tuple[str, Context]
) -> HttpResponse:
    """One htmx answer: the targeted fragment, then the others swapped out of band."""
    parts = [render_to_string(f"{TEMPLATE}#{main[0]}", main[1], request)]
    parts += [
        render_to_string(f"{TEMPLATE}#{name}", {**context, "oob": True}, request)
        for name, context in others
    ]
    response = HttpResponse("".join(parts))
    # A fragment is not a page: never cache it, and never let Back show it bare.
    add_never_cache_headers(response)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


def _intake_panels(
    request: PersonRequest, day: datetime.date, base: Context, *, changed_food: int | None = None
) -> tuple[list[tuple[str, Context]], Context]:
    """The panels that change whenever the day's entries do, for out-of-band swaps, and the
    meals panel's context (the day's rows). `changed_food`: the one food whose entries changed.
    The favourites panel shows each favourite's last amount, so it is sent only when that food
    is a favourite (None: any food may have changed)."""
    user = request.user
    profile = base["profile"]
    entries = selectors.entry_list(user=user, day=day)
    favourite_ids = selectors.favourite_food_ids(user=user)
    recent = panels.recent_panel(user)
    summary = {**base, **panels.summary_panel(user, profile, entries, **recent)}
    steadiness = panels.steadiness_panel(user, profile, day)
    others = [("day-strip", summary), ("summary", summary)]
    if steadiness["steadiness"]:
        others.append(("steadiness", {**base, **steadiness}))
    others.append(("recent", {**base, **recent}))
    if changed_food is None or changed_food in favourite_ids:
        favourites = panels.favourites_panel(user, local_now(profile))
        others.append(("favourites", {**base, **favourites}))
    meals = {**base, **panels.meals_panel(user, entries, favourite_ids=favourite_ids)}
    return others, meals


def _base(request: PersonRequest, day: datetime.date) -> Context:
    profile = profile_get(user=request.user)
    return {**panels.day_context(day, local_now(profile).date()), "profile": profile}


# Fragments a GET may ask for by HX-Target (e.g. a test or a future lazy panel), each built
# by its own builder.
def _fragment_context(request: PersonRequest, name: str, base: Context) -> Context | None:
    user, profile, day = request.user, base["profile"], base["day"]
    if name in ("summary", "day-strip"):
        return panels.summary_panel(user, profile, selectors.entry_list(user=user, day=day))
    if name == "meals":
        return panels.meals_panel(user, selectors.entry_list(user=user, day=day))
    if name == "recent":
        return panels.recent_panel(user)
    if name == "steadiness":
        return panels.steadiness_panel(user, profile, day)
    if name == "favourites":
        return panels.favourites_panel(user, local_now(profile))
    if name == "add-entry":
        return panels.add_panel(user, params=request.GET, now=local_now(profile))
    if name == "copy-panel":
        return panels.copy_panel(day)
    if name == "routines":
        return panels.routines_panel(user, day)
    if name == "saved-meals":
        return panels.saved_meals_panel(user)
    return None


def _day_page(
    request: PersonRequest,
    day: datetime.date,
    *,
    jump: JumpForm | None = None,
    **overrides: Context,
) -> HttpResponse:
    base = _base(request, day)
    target = _target(request)
    if target and not request.htmx.history_restore_request:
        context = _fragment_context(request, target, base)
        if context is not None:
            return _fragments(request, (target, {**base, **context}))
    user, profile = request.user, base["profile"]
    now = local_now(profile)
    entries = selectors.entry_list(user=user, day=day)
    # The whole page is the union of the panels; the reads two panels share are done once.
    recent = panels.recent_panel(user)
    favourites = panels.favourites_panel(user, now)
    context = {
        **base,
        **panels.add_panel(user, params=request.GET, now=now),
        **panels.meals_panel(user, entries, favourite_ids=favourites["favourites"].food_ids),
        **panels.summary_panel(user, profile, entries, recent=recent["recent"]),
        **recent,
        **favourites,
        **panels.copy_panel(day),
        **panels.routines_panel(user, day),
        **panels.saved_meals_panel(user),
        **panels.steadiness_panel(user, profile, day),
        "jump_form": jump or JumpForm(initial={"date": day}),
        # Without JavaScript, ?edit=<id> opens that row's form (JS opens it in place).
        "editing": parse_id(request.GET.get("edit", "")),
        # Shown once: the token stays in the session, never in an address or a log.
        "undo": services.undo_notice(user=user, token=request.session.pop(UNDO_KEY, "")),
    }
    for part in overrides.values():
        context.update(part)
    response = render(request, TEMPLATE, context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


@login_required
@require_safe
@person_page(unless_session=(UNDO_KEY,))
def today(request: PersonRequest) -> HttpResponse:
    profile = profile_get(user=request.user)
    day = local_now(profile).date()
    if "date" in request.GET:
        jump = JumpForm(request.GET)
        if jump.is_valid():
            return redirect("day:day", day=jump.cleaned_data["date"].isoformat())
        return _day_page(request, day, jump=jump)
    return _day_page(request, day)


@login_required
@require_safe
@person_page(unless_session=(UNDO_KEY,))
def day_page(request: PersonRequest, day: str) -> HttpResponse:
    return _day_page(request, parse_day(day))


def _form_errors(form: Form, error: ValidationError) -> None:
    """The model's errors (rules the admin shares) shown on the form's fields."""
    for name, problems in error.message_dict.items():
        field = "food_id" if name == "food" else name if name in form.fields else "amount"
        for problem in problems:
            form.add_error(field, problem)


def _describe(entry: Entry) -> str:
    return f"{amount_text(entry.quantity, unit_label(entry))} of {entry.food.name}"


@login_required
@require_POST
def add_entry(request: PersonRequest, day: str) -> HttpResponse:
    the_day = parse_day(day)
    user = request.user
    form = EntryForm(request.POST, user=user)
    if form.is_valid():
        fields = form.entry_fields()
        try:
            entry = services.entry_add(
                user=user, day=the_day, submission=form.cleaned_data["submission"], **fields
            )
        except ValidationError as error:
            _form_errors(form, error)
        except services.FoodGone:
            form.add_error("food_id", services.FOOD_GONE)
        except services.AlreadySubmitted:
            return _added(request, the_day, fields["meal"], ALREADY_ADDED)
        else:
            status = f"Added {_describe(entry)} to {entry.get_meal_display().lower()}."
            return _added(request, the_day, entry.meal, status, added=entry)
    if _target(request) == "add-entry":
        base = _base(request, the_day)
        return _fragments(request, ("add-entry", {**base, **panels.add_panel(user, form=form)}))
    return _day_page(request, the_day, add=panels.add_panel(user, form=form))


ALREADY_ADDED = "Already added: the form was sent twice, so it was added once."


def _added(
    request: PersonRequest,
    the_day: datetime.date,
    meal: str,
    status: str,
    *,
    added: Entry | None = None,
) -> HttpResponse:
    if _target(request) != "add-entry":
        messages.success(request, status)
        return redirect(day_url(the_day))
    user = request.user
    base = _base(request, the_day)
    add = panels.add_panel(user, params={"meal": meal}, status=status)
    changed_food = None if added is None else added.food_id
    others, meals = _intake_panels(request, the_day, base, changed_food=changed_food)
    if added is None:  # sent twice: the first answer added the row; show the day as it is
        return _fragments(request, ("add-entry", {**base, **add}), ("meals", meals), *others)
    # Only the new row (appended to its meal) and that meal's total: the day's other rows
    # are unchanged, so the answer costs the same on a day of 5 entries or of 50.
    section = next(s for s in meals["sections"] if s.value == added.meal)
    row = next(r for r in section.rows if r.entry.pk == added.pk)
    new_row = {**meals, "section": section, "row": row, "total_oob": True}
    return _fragments(request, ("add-entry", {**base, **add}), ("added-row", new_row), *others)


def _own_entry(request: PersonRequest, pk: int) -> Entry:
    return get_object_or_404(
        Entry.objects.for_user(request.user)
        .select_related("food", "portion")
        .prefetch_related("food__portions"),
        pk=pk,
    )


GONE = "That entry is no longer there (deleted, perhaps in another tab): nothing was changed."


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit_entry(request: PersonRequest, pk: int) -> HttpResponse:
    """GET: the row's edit form (?view=1: the row as it reads), for htmx; without JavaScript the
    day page opens it. POST: save the change."""
    user = request.user
    if request.method == "GET":
        row = selectors.entry_row(user=user, pk=pk)
        if row is None:
            raise Http404("No such entry.")
        if _target(request) != f"entry-{pk}":
            return redirect(f"{day_url(row.entry.day)}?edit={pk}#entry-{pk}")
        base = _base(request, row.entry.day)
        context = {**base, "row": row, "favourite_ids": selectors.favourite_food_ids(user=user)}
        name = "entry-row" if request.GET.get("view") else "entry-edit"
        return _fragments(request, (name, context))
    entry = Entry.objects.for_user(user).select_related("food", "portion").filter(pk=pk).first()
    if entry is None:
        return _entry_gone(request)
    form = EditForm(request.POST, entry=entry)
    if form.is_valid():
        fields = form.entry_fields()
        del fields["food"]
        try:
            services.entry_update(entry=entry, version=form.cleaned_data["version"], **fields)
        except ValidationError as error:
            _form_errors(form, error)
        except services.StaleEntry:
            return _entry_stale(request, entry.day)
        else:
            if _target(request) != "meals":
                messages.success(request, f"Changed to {_describe(entry)}.")
                return redirect(day_url(entry.day))
            base = _base(request, entry.day)
            others, meals = _intake_panels(request, entry.day, base, changed_food=entry.food_id)
            return _fragments(request, ("meals", meals), *others)
    if _target(request) == "meals":
        base = _base(request, entry.day)
        entries = selectors.entry_list(user=user, day=entry.day)
        meals = {**base, **panels.meals_panel(user, entries, bad_form=form)}
        return _fragments(request, ("meals", meals))
    return _day_page(
        request,
        entry.day,
        meals=panels.meals_panel(
            user, selectors.entry_list(user=user, day=entry.day), bad_form=form
        ),
    )


def _entry_stale(request: PersonRequest, day: datetime.date) -> HttpResponse:
    """A save over a change made in another tab: say so and show the entry as it is now."""
    if _target(request) != "meals":
        messages.error(request, services.STALE)
        return redirect(day_url(day))
    base = _base(request, day)
    others, meals = _intake_panels(request, day, base)
    meals["meals_status"] = services.STALE
    return _fragments(request, ("meals", meals), *others)


@login_required
@require_POST
def refresh_entry(request: PersonRequest, pk: int) -> HttpResponse:
    """Count an entry with the food's revised values (the row's one-click update)."""
    entry = _own_entry(request, pk)
    services.entry_refresh_values(entry=entry)
    status = f"{entry.food.name} now counts with the current values."
    if _target(request) != "meals":
        messages.success(request, status)
        return redirect(day_url(entry.day))
    base = _base(request, entry.day)
    others, meals = _intake_panels(request, entry.day, base, changed_food=entry.food_id)
    meals["meals_status"] = status
    return _fragments(request, ("meals", meals), *others)


def _entry_gone(request: PersonRequest) -> HttpResponse:
    """An edit of an entry that was deleted meanwhile: say so, and show the list as it is."""
    if _target(request) != "meals":
        messages.error(request, GONE)
        return redirect("day:today")
    # The form does not say which day it was on: the page's own URL does.
    day = _day_from_url(request)
    base = _base(request, day)
    others, meals = _intake_panels(request, day, base)
    meals["meals_status"] = GONE
    return _fragments(request, ("meals", meals), *others)


def _day_from_url(request: PersonRequest) -> datetime.date:
    """The day of the page an htmx request came from (HX-Current-URL), else the person's today."""
    match = DAY_IN_URL.search(request.headers.get("HX-Current-URL", ""))
    if match:
        try:
            return parse_day(match.group(1))
        except Http404:
            pass
    return local_now(profile_get(user=request.user)).date()


@login_required
@require_POST
def delete_entry(request: PersonRequest, pk: int) -> HttpResponse:
    entry = _own_entry(request, pk)
    day, name, meal, food_id = entry.day, entry.food.name, entry.meal, entry.food_id
    token = services.entry_delete(entry=entry)
    if not (_target(request) or "").startswith("entry-"):
        messages.success(request, f"Deleted {name}.")
        request.session[UNDO_KEY] = token
        return redirect(day_url(day))
    base = _base(request, day)
    undo = {**base, "undo": services.UndoNotice(token=token, name=name)}
    others, meals = _intake_panels(request, day, base, changed_food=food_id)
    section = next(s for s in meals["sections"] if s.value == meal)
    total = ("meal-total", {**base, "section": section, "total_oob": True})
    return _fragments(request, ("undo-row", undo), total, *others)


@login_required
@require_POST
def undo_delete(request: PersonRequest) -> HttpResponse:
    user = request.user
    try:
        entry = services.entry_restore(user=user, token=request.POST.get("token", ""))
    except services.NothingToUndo:
        raise Http404("Nothing to undo.") from None
    if _target(request) != "meals":
        messages.success(request, f"Restored {entry.food.name}.")
        return redirect(day_url(entry.day))
    base = _base(request, entry.day)
    others, meals = _intake_panels(request, entry.day, base, changed_food=entry.food_id)
    return _fragments(request, ("meals", meals), *others)


@login_required
@require_POST
def favourite(request: PersonRequest, day: str, food_pk: int) -> HttpResponse:
    """Make a food a favourite (favourite=1) or not (favourite=0); posting the same twice changes
    nothing more. With htmx the favourites panel comes back, with this food's row buttons sent
    out of band."""
    the_day = parse_day(day)
    user = request.user
    food = get_object_or_404(Food.objects.visible_to(user), pk=food_pk)
    wanted = request.POST.get("favourite")
    if wanted not in {"0", "1"}:
        return HttpResponseBadRequest("favourite must be 0 or 1")
    ok = True
    try:
        services.favourite_set(user=user, food=food, favourite=wanted == "1")
    except ValidationError as error:
        status, ok = " ".join(error.messages), False
    else:
        if wanted == "1":
            status = f"Added {food.name} to your favourites."
        else:
            status = f"Removed {food.name} from your favourites."
    if _target(request) == "favourites":
        base = _base(request, the_day)
        context = {
            **base,
            **panels.favourites_panel(user, local_now(base["profile"]), status=status),
            "toggled": food,
        }
        return _fragments(request, ("favourites", context))
    (messages.success if ok else messages.error)(request, status)
    return redirect(day_url(the_day))


@login_required
@require_POST
def copy_entries(request: PersonRequest, day: str) -> HttpResponse:
    the_day = parse_day(day)
    user = request.user
    form = CopyForm(request.POST, day=the_day)
    htmx = _target(request) == "copy-panel"
    if not form.is_valid():
        if htmx:
            base = _base(request, the_day)
            return _fragments(request, ("copy-panel", {**base, **panels.copy_panel(the_day, form)}))
        return _day_page(request, the_day, copy=panels.copy_panel(the_day, form))
    source, meal = form.cleaned_data["source"], form.cleaned_data["meal"]
    again = form.cleaned_data["confirm"]
    try:
        result = services.entries_copy(
            user=user,
            source=source,
            day=the_day,
            meal=meal,
            again=again,
            submission=form.cleaned_data["submission"],
        )
    except (services.AlreadySubmitted, services.FoodGone) as error:
        status = ALREADY_COPIED if isinstance(error, services.AlreadySubmitted) else COPY_GONE
        if not htmx:
            messages.info(request, status)
            return redirect(day_url(the_day))
        base = _base(request, the_day)
        others, meals = _intake_panels(request, the_day, base)
        copy = {**base, **panels.copy_panel(the_day, CopyForm(day=the_day), status)}
        return _fragments(request, ("copy-panel", copy), ("meals", meals), *others)
    if result.already_there:  # ask before copying the same entries twice
        base = _base(request, the_day)
        copy = {**base, **panels.copy_panel(the_day, form), "copy_duplicates": result.already_there}
        if htmx:
            return _fragments(request, ("copy-panel", copy))
        return _day_page(request, the_day, copy=copy)
    status = _copy_status(result, source=source, meal=meal)
    if not htmx:
        (messages.success if result.copied else messages.info)(request, status)
        return redirect(day_url(the_day))
    base = _base(request, the_day)
    fresh = CopyForm(day=the_day, initial={"source": source, "meal": meal})
    copy = {**base, **panels.copy_panel(the_day, fresh, status)}
    if not result.copied:
        return _fragments(request, ("copy-panel", copy))
    others, meals = _intake_panels(request, the_day, base)
    return _fragments(request, ("copy-panel", copy), ("meals", meals), *others)


ALREADY_COPIED = "Already copied: the form was sent twice, so it was copied once."
COPY_GONE = "A food was deleted meanwhile (perhaps in another tab): nothing was copied."


def _copy_status(result: services.CopyResult, *, source: datetime.date, meal: str) -> str:
    what = dict(Meal.choices)[meal].lower() if meal else "the whole day"
    when = f"{source:%A} {source.day} {source:%B %Y}"
    if result.copied:
        noun = "entry" if result.copied == 1 else "entries"
        status = f"Copied {result.copied} {noun} ({what}) from {when}."
    else:
        status = f"Nothing to copy: no entries ({what}) on {when}."
    skipped = result.skipped_retired
    if skipped:
        status += f" {skipped} retired {'food was' if skipped == 1 else 'foods were'} left out."
    return status


def meal_saved(
    request: PersonRequest, day: datetime.date, status: str, *, values: Context | None
) -> HttpResponse:
    """The htmx answer to a meal saved from the copy panel: the panel with the outcome, and,
    once saved, the saved meals beside the recent foods with the new one. `values`: what was
    typed, kept in the form when nothing was saved (None once saved)."""
    base = _base(request, day)
    copy = {**base, **panels.copy_panel(day, status=status), "save_meal": values or {}}
    if values is not None:
        return _fragments(request, ("copy-panel", copy))
    saved_meals = {**base, **panels.saved_meals_panel(request.user)}
    return _fragments(request, ("copy-panel", copy), ("saved-meals", saved_meals))


def entries_logged(
    request: PersonRequest, day: datetime.date, main: tuple[str, Context], *, changed: bool
) -> HttpResponse:
    """The htmx answer to entries added from elsewhere (a saved meal logged): the targeted
    fragment, and when entries changed the day's meals and every panel they change, out of
    band, in one response."""
    base = _base(request, day)
    target = (main[0], {**base, **main[1]})
    if not changed:
        return _fragments(request, target)
    others, meals = _intake_panels(request, day, base)
    return _fragments(request, target, ("meals", meals), *others)


@login_required
@require_safe
@person_page()
def search(request: PersonRequest) -> HttpResponse:
    user, text = request.user, request.GET.get("q", "")
    saved = selectors.saved_meal_search(user=user, text=text)
    context = {
        "results": selectors.food_search(user=user, text=text),
        "query": text[:100],
        "saved": saved,
        # The day shown, where a saved meal found is logged (the person's today if not given).
        "day": _search_day(request) if saved else None,
    }
    # The count goes to a live region that stays in the page, so screen readers hear it.
    return _fragments(
        request, ("food-options", context), ("food-count", context), ("saved-options", context)
    )


def _search_day(request: PersonRequest) -> datetime.date:
    try:
        return parse_day(request.GET.get("day", ""))
    except Http404:
        return local_now(profile_get(user=request.user)).date()


@login_required
@require_safe
def units(request: PersonRequest) -> HttpResponse:
    response = _fragments(
        request, ("unit-field", panels.add_panel(request.user, params=request.GET))
    )
    return trigger_client_event(response, "units-loaded", after="settle")


@login_required
@require_safe
def preview(request: PersonRequest) -> HttpResponse:
    form = EntryForm(request.GET, user=request.user)
    adds = None
    if form.is_valid() and form.food is not None:
        adds = amounts.amount_intake(
            amounts.values_by_form(form.food),
            is_supplement=form.food.is_supplement,
            quantity=form.cleaned_data["quantity"],
            grams=form.cleaned_data["grams"],
        )
    return _fragments(request, ("preview", {"preview": adds, "preview_food": form.food}))
