import hashlib
from collections.abc import Container
from typing import Any

from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import condition, require_safe

from k2lib.http import HtmxRequest
from k2lib.page_cache import cached_answer

from . import amounts, comparison, search, selectors, vitamers
from .models import Food, FoodGroup
from .services import catalogue_version

PER_PAGE = 25
# Catalogue answers are kept in the cache (k2lib/page_cache.py); the key carries the
# catalogue version, so a change is seen at once and this only bounds how long entries stay.
LIST_CACHE_SECONDS = 600
RESULTS_TARGET = "food-results"
FORM_NOTES = {
    vitamers.DIHYDRO_K1: "Not counted in K1",
    vitamers.K_UNSEPARATED: "The source gives K1 and K2 as one total: counted in the total only",
}


def _choice(value: str | None, choices: Container[str], default: str) -> str:
    """A query parameter restricted to known values: anything else falls back to the default."""
    return value if value is not None and value in choices else default


def bone_preferences(user: Any) -> tuple[bool, str]:
    """(show calcium and vitamin D, vitamin D unit "ug" or "iu") as the person chose them; a
    visitor sees them in µg, as a new person does. The profile comes with the user's query."""
    profile = getattr(user, "profile", None)
    if profile is None:
        return True, "ug"
    return bool(profile.show_bone), profile.vitamin_d_unit


def _cache_key(request: HtmxRequest, page: str) -> str:
    """The answer's cache key. Anonymous visitors share one answer per address; a signed-in
    person has their own (their own foods are listed too). Any change to any food, own foods
    included, moves the catalogue version (foods.services.food_figures_refresh)."""
    fragment = request.htmx.target == RESULTS_TARGET and not request.htmx.history_restore_request
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    show, unit = bone_preferences(request.user)
    who = f"{request.user.pk or 0}:{int(show)}{unit}"  # their pages follow their settings
    return f"foods:{page}:{catalogue_version()}:{who}:{int(fragment)}:{digest}"


@require_safe
def food_list(request: HtmxRequest) -> HttpResponseBase:
    key = _cache_key(request, "list")
    return cached_answer(request, key, lambda: _food_list(request), LIST_CACHE_SECONDS)


def _food_list(request: HtmxRequest) -> HttpResponse:
    query = search.parse_query(request.GET.get("q", ""))
    group_code = request.GET.get("group", "")[:8]
    group = FoodGroup.objects.filter(code=group_code).first() if group_code else None
    sort = _choice(request.GET.get("sort"), search.SORTS, "")
    basis = _choice(request.GET.get("basis"), search.BASES, "100g")
    kind = _choice(request.GET.get("kind"), search.KINDS, "foods")

    foods = Food.objects.visible_to(request.user).active()
    if group is not None:
        foods = foods.filter(group=group)
    if sort:
        # Supplements are per dose unit, foods per 100 g: never ranked together.
        foods = foods.filter(dose_unit="") if kind == "foods" else foods.exclude(dose_unit="")
    matches = search.matching(foods, query)
    ordered = search.rank_by(matches, sort, basis) if sort else search.best_first(matches, query)
    rows_qs = search.with_display_rows(ordered)
    show_bone, d_unit = bone_preferences(request.user)
    if show_bone:  # one more query for the page's calcium and vitamin D
        rows_qs = rows_qs.prefetch_related("nutrients")
    paginator = search.Paginator(rows_qs, PER_PAGE, count_from=matches)
    page = paginator.get_page(request.GET.get("page"))

    rows = [_row(food, basis, show_bone) for food in page.object_list]
    context = {
        "query": request.GET.get("q", "")[: search.MAX_QUERY_CHARS],
        "searched": bool(query),
        "groups": FoodGroup.objects.all(),  # lazy: only the full page renders the options
        "group": group,
        "sort": sort,
        "sort_label": search.SORTS[sort][0] if sort else "",
        "basis": basis,
        "kind": kind,
        "sorts": [(key, label) for key, (label, _forms) in search.SORTS.items()],
        "bases": search.BASES.items(),
        "kinds": search.KINDS.items(),
        "page": page,
        "rows": rows,
        "page_query": _page_query(request),
        "show_bone": show_bone,
        "d_unit": d_unit,
    }
    template = "foods/food_list.html"
    if request.htmx.target == RESULTS_TARGET and not request.htmx.history_restore_request:
        template += "#results"
    return render(request, template, context)


def _row(food: Food, basis: str, show_bone: bool = False) -> dict[str, Any]:
    basis_intake = amounts.per_basis(food)
    portion = None
    if basis == "portion" and not food.is_supplement:
        portion = amounts.first_portion(food)
    return {
        "food": food,
        "unseparated": basis_intake.unseparated,  # per 100 g
        "figures": amounts.result_figures(food),
        "sort_amount": getattr(food, "sort_amount", None),
        "portion": portion,
        "bone": amounts.bone_per_serving(food) if show_bone else None,
    }


def _page_query(request: HtmxRequest) -> str:
    """The current search as a query string for the pager links (page itself left out)."""
    params = request.GET.copy()
    params.pop("page", None)
    for key in list(params):
        if key not in {"q", "group", "sort", "basis", "kind"} or not params.get(key):
            params.pop(key)
    return params.urlencode()


def _detail_etag(request: HtmxRequest, pk: int, slug: str | None = None) -> str:
    """Changes with the catalogue (any value, portion or name) and with who is asking (the page
    shows their own foods and their header)."""
    show, unit = bone_preferences(request.user)
    return f"{catalogue_version()}-{pk}-{slug}-{request.user.pk or 0}-{int(show)}{unit}"


@require_safe
@condition(etag_func=_detail_etag)
def food_detail(request: HtmxRequest, pk: int, slug: str | None = None) -> HttpResponseBase:
    key = _cache_key(request, "detail")
    return cached_answer(request, key, lambda: _food_detail(request, pk, slug), LIST_CACHE_SECONDS)


def _food_detail(request: HtmxRequest, pk: int, slug: str | None) -> HttpResponseBase:
    food = get_object_or_404(
        Food.objects.visible_to(request.user)
        .select_related("group")
        .prefetch_related(selectors.values_with_sources(), "portions"),
        pk=pk,
    )
    if slug != food.slug:
        return redirect(food, permanent=True)
    values = {value.form: value for value in food.values.all()}
    basis_intake = amounts.per_basis(food)
    rows = [
        {
            "form": form,
            "label": label,
            "value": values.get(form),
            "amount": basis_intake.amount(form),
            "is_k2": form in vitamers.K2_FORMS,
            "note": FORM_NOTES.get(form, ""),
        }
        for form, label in vitamers.LABELS.items()
        # Only a few sources give a total without forms: no "no data" line on every other food.
        if form != vitamers.K_UNSEPARATED or form in values
    ]
    # Portion table: one row per household measure, a column per form the food has data for.
    forms_with_data = [form for form in vitamers.ALL_FORMS if form in values]
    portions = []
    if not food.is_supplement:
        for portion in food.portions.all():
            eaten = amounts.per_portion(food, portion)
            portions.append(
                {
                    "portion": portion,
                    "amounts": [eaten.amount(form) for form in forms_with_data],
                    "k2": eaten.k2,
                    "total": eaten.total,
                }
            )
    show_bone, d_unit = bone_preferences(request.user)
    context = {
        "food": food,
        "bone_rows": selectors.bone_rows(food) if show_bone else None,
        "d_unit": d_unit,
        "rows": rows,
        "amounts": basis_intake,
        "k2_borrowed": amounts.borrowed_from(food),
        "portion_forms": [vitamers.LABELS[form] for form in forms_with_data],
        "portions": portions,
        "sources": sorted({value.source for value in values.values()}, key=lambda s: s.name),
        "comparisons": selectors.same_food_comparison(food),
        "cautions": selectors.kind_cautions(food),
        "outlier_factor": comparison.OUTLIER_FACTOR,
    }
    return render(request, "foods/food_detail.html", context)


@require_safe
def about_data(request: HtmxRequest) -> HttpResponse:
    return render(request, "foods/about.html")
