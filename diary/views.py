"""The meal diary: one page per day, its fragments refreshed through htmx, every form also
working without JavaScript (POST, redirect, GET). Every query starts from request.user."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from foods import amounts
from foods.models import Food, Portion

from . import queries
from .forms import (
    CopyForm,
    EditForm,
    EntryForm,
    JumpForm,
    choosable_foods,
    default_meal,
    unit_choices,
)
from .models import (
    FIRST_DAY,
    Entry,
    Favourite,
    Meal,
    Profile,
    last_day,
    validate_diary_day,
)

FRAGMENTS = {"summary", "meals", "recent", "favourites", "add-entry", "copy-panel"}
UNDO_SALT = "diary.undo"
UNDO_MAX_AGE = 60 * 60  # the button hides after seconds; the no-JS page may be slower


def _local_today(profile):
    return timezone.localdate(timezone=profile.zone)


def _parse_day(text):
    """A URL's date, or 404: out of range or impossible dates are not pages."""
    try:
        day = datetime.date.fromisoformat(text)
        validate_diary_day(day)
    except (ValueError, ValidationError):
        raise Http404("No such day.") from None
    return day


def _day_url(day):
    return reverse("diary:day", kwargs={"day": day.isoformat()})


def _target(request):
    return request.htmx.target if request.htmx else None


def _changed(response, *, entries=True):
    """Tell the page's other panels to refresh themselves."""
    trigger_client_event(response, "intake-changed")
    if entries:
        trigger_client_event(response, "entries-changed")
    return response


def _add_panel(user, *, form=None, food=None, params=None, status="", local_now=None):
    """What the add form shows: the chosen food and its units, typed values, no-JS results."""
    params = params or {}
    if form is not None and form.is_bound:
        food = form.food
        params = form.data
    elif food is None and params.get("food", "").isdigit():
        food = choosable_foods(user).filter(pk=int(params["food"][:18])).first()
    units = unit_choices(food)
    unit = params.get("unit")
    if unit not in {value for value, _ in units}:
        unit = units[0][0]
    query = (params.get("q") or "").strip()[:100] if form is None else ""
    return {
        "form": form,
        "food": food,
        "units": units,
        "unit": unit,
        "amount": params.get("amount", ""),
        "meal": params.get("meal") or default_meal(local_now),
        "query": query,
        "results": queries.search_foods(user, query) if query and food is None else [],
        "status": status,
    }


def _undo_notice(user, token):
    try:
        data = signing.loads(token, salt=UNDO_SALT, max_age=UNDO_MAX_AGE)
    except signing.BadSignature:
        return None
    if data.get("u") != user.pk:
        return None
    return {"token": token, "name": data.get("n", "")}


def _page_context(request, profile, day, *, add=None, bad_row=None, copy_form=None, jump=None):
    user = request.user
    local_now = timezone.localtime(timezone=profile.zone)
    entries = queries.day_entries(user, day)
    recent = queries.recent_foods(user)
    today = local_now.date()
    return {
        "day": day,
        "day_url": _day_url(day),
        "today": today,
        "is_today": day == today,
        "previous_day": day - datetime.timedelta(days=1),
        "next_day": day + datetime.timedelta(days=1),
        "has_previous": day > FIRST_DAY,
        "has_next": day < last_day(),
        "profile": profile,
        "sections": queries.meal_sections(entries, bad_form=bad_row),
        "summary": queries.day_summary(user, profile, entries, recent),
        "recent": recent,
        "favourites": queries.favourite_foods(user, default_meal(local_now)),
        "add": add or _add_panel(user, params=request.GET, local_now=local_now),
        "copy_form": copy_form
        or CopyForm(day=day, initial={"source": day - datetime.timedelta(1)}),
        "jump_form": jump or JumpForm(initial={"date": day}),
        "undo": _undo_notice(user, request.GET.get("undo", "")),
        "meals": Meal.choices,
    }


def _render_day(request, profile, day, extra=None, **parts):
    context = {**_page_context(request, profile, day, **parts), **(extra or {})}
    target = _target(request)
    name = f"diary/day.html#{target}" if target in FRAGMENTS else "diary/day.html"
    return render(request, name, context)


@login_required
@require_GET
def today(request):
    profile = Profile.objects.for_user(request.user)
    day = _local_today(profile)
    if "date" in request.GET:
        jump = JumpForm(request.GET)
        if jump.is_valid():
            return redirect("diary:day", day=jump.cleaned_data["date"].isoformat())
        return _render_day(request, profile, day, jump=jump)
    return _render_day(request, profile, day)


@login_required
@require_GET
def day_page(request, day):
    profile = Profile.objects.for_user(request.user)
    return _render_day(request, profile, _parse_day(day))


def _save(entry, form):
    """Model validation too (the rules admin shares); its errors become the form's."""
    try:
        entry.full_clean()
    except ValidationError as error:
        for name, problems in error.message_dict.items():
            field = name if name in form.fields else "amount"
            for problem in problems:
                form.add_error(field if name != "food" else "food_id", problem)
        return False
    entry.save()
    return True


def _describe(entry):
    return f"{queries.amount_text(entry.quantity, queries.unit_label(entry))} of {entry.food.name}"


@login_required
@require_POST
def add_entry(request, day):
    day = _parse_day(day)
    user = request.user
    profile = Profile.objects.for_user(user)
    form = EntryForm(request.POST, user=user)
    if form.is_valid():
        entry = Entry(user=user, day=day, **form.entry_fields())
        if _save(entry, form):
            meal = entry.get_meal_display().lower()
            status = f"Added {_describe(entry)} to {meal}."
            if _target(request) == "add-entry":
                params = {"meal": entry.meal}
                add = _add_panel(user, params=params, status=status)
                return _changed(_render_day(request, profile, day, add=add))
            messages.success(request, status)
            return redirect(_day_url(day))
    add = _add_panel(user, form=form)
    return _render_day(request, profile, day, add=add)


def _own_entry(request, pk):
    return get_object_or_404(
        Entry.objects.for_user(request.user)
        .select_related("food", "portion")
        .prefetch_related("food__portions"),
        pk=pk,
    )


@login_required
@require_POST
def edit_entry(request, pk):
    entry = _own_entry(request, pk)
    profile = Profile.objects.for_user(request.user)
    form = EditForm(request.POST, entry=entry)
    if form.is_valid():
        for name, value in form.entry_fields().items():
            setattr(entry, name, value)
        if _save(entry, form):
            if _target(request) == "meals":
                return _changed(_render_day(request, profile, entry.day), entries=False)
            messages.success(request, f"Changed to {_describe(entry)}.")
            return redirect(_day_url(entry.day))
    return _render_day(request, profile, entry.day, bad_row=form)


@login_required
@require_POST
def delete_entry(request, pk):
    entry = _own_entry(request, pk)
    token = signing.dumps(
        {
            "u": request.user.pk,
            "pk": entry.pk,
            "n": entry.food.name,
            "f": entry.food_id,
            "d": entry.day.isoformat(),
            "m": entry.meal,
            "q": str(entry.quantity),
            "p": entry.portion_id,
            "g": None if entry.grams is None else str(entry.grams),
            "c": entry.created_at.isoformat(),
        },
        salt=UNDO_SALT,
    )
    day, name = entry.day, entry.food.name
    entry.delete()
    target = _target(request) or ""
    if target.startswith("entry-"):
        response = render(
            request,
            "diary/day.html#undo-row",
            {"undo": {"token": token, "name": name}, "day_url": _day_url(day)},
        )
        return _changed(response, entries=False)
    messages.success(request, f"Deleted {name}.")
    return redirect(f"{_day_url(day)}?undo={token}")


@login_required
@require_POST
def undo_delete(request):
    user = request.user
    try:
        data = signing.loads(request.POST.get("token", ""), salt=UNDO_SALT, max_age=UNDO_MAX_AGE)
        owner_matches = data["u"] == user.pk
        day = _parse_day(data["d"])
        food = Food.objects.visible_to(user).filter(pk=int(data["f"])).first()
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise Http404("Nothing to undo.") from None
    if not owner_matches or food is None or data.get("m") not in Meal.values:
        raise Http404("Nothing to undo.")
    portion = Portion.objects.filter(pk=data["p"], food=food).first() if data["p"] else None
    with transaction.atomic():
        # Re-created with its old id: a second click on Undo finds it there and adds nothing.
        if not Entry.objects.filter(pk=data["pk"]).exists():
            Entry.objects.create(
                pk=data["pk"],
                user=user,
                day=day,
                meal=data["m"],
                food=food,
                portion=portion,
                quantity=data["q"],
                grams=data["g"],
            )
            Entry.objects.filter(pk=data["pk"]).update(
                created_at=datetime.datetime.fromisoformat(data["c"])
            )
    profile = Profile.objects.for_user(user)
    if _target(request) == "meals":
        return _changed(_render_day(request, profile, day), entries=False)
    messages.success(request, f"Restored {data['n']}.")
    return redirect(_day_url(day))


@login_required
@require_POST
def favourite(request, day, food_pk):
    """Make a food a favourite (favourite=1) or not (favourite=0); posting the same twice changes
    nothing more. With htmx the favourites panel comes back, with this food's row buttons sent
    out of band."""
    day = _parse_day(day)
    user = request.user
    food = get_object_or_404(Food.objects.visible_to(user), pk=food_pk)
    wanted = request.POST.get("favourite")
    if wanted not in {"0", "1"}:
        return HttpResponseBadRequest("favourite must be 0 or 1")
    status, ok = "", True
    if wanted == "1":
        try:
            Favourite(user=user, food=food).full_clean(validate_constraints=False)
        except ValidationError as error:
            status, ok = " ".join(error.messages), False
        else:
            # get_or_create, not create: a double click or a second tab is not an error.
            Favourite.objects.get_or_create(user=user, food=food)
            status = f"Added {food.name} to your favourites."
    else:
        Favourite.objects.filter(user=user, food=food).delete()
        status = f"Removed {food.name} from your favourites."
    if _target(request) == "favourites":
        profile = Profile.objects.for_user(user)
        return _render_day(request, profile, day, extra={"toggled": food, "fav_status": status})
    (messages.success if ok else messages.error)(request, status)
    return redirect(_day_url(day))


@login_required
@require_POST
def copy_entries(request, day):
    day = _parse_day(day)
    user = request.user
    profile = Profile.objects.for_user(user)
    form = CopyForm(request.POST, day=day)
    if not form.is_valid():
        return _render_day(request, profile, day, copy_form=form)
    source, meal = form.cleaned_data["source"], form.cleaned_data["meal"]
    originals = Entry.objects.for_user(user).on(source).select_related("food")
    if meal:
        originals = originals.filter(meal=meal)
    originals = list(originals.order_by("created_at", "pk"))
    # A retired food takes no new entries, copies included.
    copies = [
        Entry(
            user=user,
            day=day,
            meal=entry.meal,
            food=entry.food,
            portion_id=entry.portion_id,
            quantity=entry.quantity,
            grams=entry.grams,
        )
        for entry in originals
        if not entry.food.retired
    ]
    Entry.objects.bulk_create(copies)
    what = dict(Meal.choices)[meal].lower() if meal else "the whole day"
    when = f"{source:%A} {source.day} {source:%B %Y}"
    skipped = len(originals) - len(copies)
    if copies:
        noun = "entry" if len(copies) == 1 else "entries"
        status = f"Copied {len(copies)} {noun} ({what}) from {when}."
    else:
        status = f"Nothing to copy: no entries ({what}) on {when}."
    if skipped:
        status += f" {skipped} retired {'food was' if skipped == 1 else 'foods were'} left out."
    if _target(request) == "copy-panel":
        fresh = CopyForm(day=day, initial={"source": source, "meal": meal})
        fresh.status = status
        response = _render_day(request, profile, day, copy_form=fresh)
        return _changed(response) if copies else response
    (messages.success if copies else messages.info)(request, status)
    return redirect(_day_url(day))


@login_required
@require_GET
def search(request):
    results = queries.search_foods(request.user, request.GET.get("q", ""))
    return render(
        request,
        "diary/day.html#food-options",
        {"results": results, "query": request.GET.get("q", "")[:100]},
    )


@login_required
@require_GET
def units(request):
    add = _add_panel(request.user, params=request.GET)
    response = render(request, "diary/day.html#unit-field", {"add": add})
    return trigger_client_event(response, "units-loaded", after="settle")


@login_required
@require_GET
def preview(request):
    form = EntryForm(request.GET, user=request.user)
    adds = None
    if form.is_valid():
        adds = amounts.amount_intake(
            amounts.values_by_form(form.food),
            is_supplement=form.food.is_supplement,
            quantity=form.cleaned_data["quantity"],
            grams=form.cleaned_data["grams"],
        )
    return render(request, "diary/day.html#preview", {"preview": adds, "preview_food": form.food})
