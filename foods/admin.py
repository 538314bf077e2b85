"""The catalogue admin: staff correct values, every change is recorded with a reason.

Validation lives on the models (validators, clean(), constraints), so the admin forms refuse
what the importers and the database refuse. django-simple-history records who changed what;
the reason the editor types is stored as history_change_reason on every row the save writes.
"""

from collections.abc import Callable, Sequence
from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from . import nutrients, vitamers
from .formatting import ug_text
from .models import Food, FoodGroup, Method, NutrientValue, Portion, Source, VitaminKValue
from .services import REASON_MAX, borrowed_value_replace, food_figures_refresh, food_retire
from .text import parse_id

REASON_LABEL = "Reason for this change"
RETIRE_REASON = "Retired instead of deleted: used in diary entries"
# Where a catalogue value comes from (foods.models.Provenance), in the forms and the history.
VALUE_FIELDS = ["source", "method", "method_detail", "reference", "data_points", "note"]


class TextField(forms.CharField):
    """A text box's text with line breaks as stored: browsers send every line break as CRLF,
    which made an untouched note ("\n\n" from the importers) count as changed and go into the
    history as a change nobody made."""

    def to_python(self, value: Any) -> str | None:
        text = super().to_python(value)
        return text.replace("\r\n", "\n").replace("\r", "\n") if text else text


class ReasonForm(forms.ModelForm):
    """A model form with the required reason that goes into the history."""

    change_reason = forms.CharField(
        label=REASON_LABEL,
        max_length=REASON_MAX,
        help_text="Kept in the history with your name and the time, e.g. “Corrected to NEVO 2023”.",
    )


class ReasonAdminMixin(SimpleHistoryAdmin):
    """Puts the typed reason on the object and on every inline row saved with it."""

    form = ReasonForm
    formfield_overrides = {models.TextField: {"form_class": TextField}}

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj._change_reason = form.cleaned_data["change_reason"]
        if isinstance(obj, VitaminKValue):
            borrowed_value_replace(value=obj, reason=form.cleaned_data["change_reason"])
        super().save_model(request, obj, form, change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        reason = form.cleaned_data["change_reason"]
        # Deleted rows are deleted through their form's instance: tag those as well.
        for inline_form in formset.forms:
            inline_form.instance._change_reason = reason
        instances = formset.save(commit=False)
        for instance in instances:
            instance._change_reason = reason
            if isinstance(instance, VitaminKValue):
                borrowed_value_replace(value=instance, reason=reason)
            instance.save()
        for obj in formset.deleted_objects:
            obj._change_reason = reason
            obj.delete()
        formset.save_m2m()

    # The food's stored ranking figures follow its values and portions at once.
    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        food_figures_refresh([_food_id(form.instance)])

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponseBase:
        """A revert from the history saves through save_model alone (django-simple-history
        skips save_related): the food's figures, and the cached pages, follow here."""
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            obj = self.get_object(request, unquote(object_id))
            if obj is not None:
                food_figures_refresh([_food_id(obj)])
        return response

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        food_figures_refresh([_food_id(obj)])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        food_ids = [_food_id(obj) for obj in queryset]
        super().delete_queryset(request, queryset)
        food_figures_refresh(food_ids)


def _food_id(obj: Food | VitaminKValue | NutrientValue | Portion) -> int:
    return obj.pk if isinstance(obj, Food) else obj.food_id


ONE_VALUE_PER_FORM = "one_value_per_food_and_form"


class EditorValueForm(forms.ModelForm):
    """A value as an editor enters it: never "borrowed" (only the reviewed mapping borrows)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "method" in self.fields:
            method: Any = self.fields["method"]  # a model field's ChoiceField
            method.choices = [choice for choice in method.choices if choice[0] != Method.BORROWED]


class MeasuredValueForm(EditorValueForm):
    """A measured vitamin K value: it may take the place of a borrowed value of the same form
    (foods.services.borrowed_value_replace)."""

    def validate_constraints(self) -> None:
        instance = self.instance
        if not VitaminKValue.objects.filter(
            food_id=instance.food_id, form=instance.form, borrowed_from__isnull=False
        ).exclude(pk=instance.pk):
            return super().validate_constraints()
        # The borrowed value holds the food and form only until this one is saved.
        exclude = self._get_validation_exclusions()  # type: ignore[attr-defined]
        for constraint in VitaminKValue._meta.constraints:
            if constraint.name == ONE_VALUE_PER_FORM:
                continue
            try:
                constraint.validate(VitaminKValue, instance, exclude=exclude)
            except ValidationError as error:
                self._update_errors(error)  # type: ignore[attr-defined]


class MeasuredValueReasonForm(MeasuredValueForm, ReasonForm):
    pass


class HasK2Filter(admin.SimpleListFilter):
    title = "K2 data"
    parameter_name = "has_k2"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Has K2 data"), ("no", "No K2 data")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Food]) -> QuerySet[Food]:
        has_k2 = Exists(
            VitaminKValue.objects.filter(food=OuterRef("pk"), form__in=vitamers.K2_FORMS)
        )
        if self.value() == "yes":
            return queryset.filter(has_k2)
        if self.value() == "no":
            return queryset.filter(~has_k2)
        return queryset


class ValueInlineFormSet(forms.BaseInlineFormSet):
    """One row per vitamin K form: a second one is refused with a message naming the form."""

    key = "form"
    labels = vitamers.LABELS

    def clean(self) -> None:
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):  # type: ignore[attr-defined]
                continue
            key = cast(str, form.cleaned_data.get(self.key))
            if key in seen:
                raise ValidationError(
                    f"There are two values for {self.labels[key]}: "
                    f"a food has one value per {self.key}. Edit the existing row instead."
                )
            seen.add(key)
        super().clean()


class NutrientInlineFormSet(ValueInlineFormSet):
    key = "nutrient"
    labels = nutrients.LABELS


class VitaminKValueInline(admin.TabularInline):
    """The food's measured values (borrowed ones are listed read-only below them)."""

    model = VitaminKValue
    form = MeasuredValueForm
    formset = ValueInlineFormSet
    fields = ["form", "amount_ug", *VALUE_FIELDS]
    extra = 0
    max_num = len(vitamers.ALL_FORMS)
    verbose_name = "vitamin K value"
    verbose_name_plural = "Vitamin K values (µg per 100 g; per dose unit for supplements)"
    formfield_overrides = {
        # Short text boxes keep the tabular inline readable.
        models.TextField: {
            "form_class": TextField,
            "widget": forms.Textarea(attrs={"rows": 1, "cols": 24}),
        },
    }

    def get_queryset(self, request: HttpRequest) -> QuerySet[VitaminKValue]:
        return super().get_queryset(request).filter(borrowed_from__isnull=True)


class BorrowedValueInline(admin.TabularInline):
    """Values borrowed from the same food analysed elsewhere (fixtures/borrowed-values.csv):
    read-only here; enter a measured value above to replace one."""

    model = VitaminKValue
    fk_name = "food"
    fields = readonly_fields = ("form", "amount_ug", "source", "donor", "borrow_reason")
    extra = 0
    can_delete = False
    verbose_name = "borrowed value"
    verbose_name_plural = (
        "Borrowed values (from fixtures/borrowed-values.csv; a measured value entered above "
        "replaces one)"
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[VitaminKValue]:
        return (
            super()
            .get_queryset(request)
            .filter(borrowed_from__isnull=False)
            .select_related("source", "borrowed_from__food")
        )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="Borrowed from")
    def donor(self, value: VitaminKValue) -> str:
        if value.borrowed_from is None:  # the inline lists borrowed values only
            return ""
        donor = value.borrowed_from.food
        url = reverse("admin:foods_food_change", args=[donor.pk])
        return format_html('<a href="{}">{}</a>', url, donor.name)


class NutrientValueInline(admin.TabularInline):
    """Calcium (mg) and vitamin D (µg; D2 and D3 where the source separates them)."""

    model = NutrientValue
    form = EditorValueForm
    formset = NutrientInlineFormSet
    fields = ["nutrient", "amount", *VALUE_FIELDS]
    extra = 0
    max_num = len(nutrients.LABELS)
    verbose_name = "calcium or vitamin D value"
    verbose_name_plural = "Calcium (mg) and vitamin D (µg) per 100 g; per dose unit for supplements"
    formfield_overrides = VitaminKValueInline.formfield_overrides


class PortionInline(admin.TabularInline):
    model = Portion
    fields = ["seq", "amount", "description", "grams", "data_points", "weight_source"]
    extra = 0
    verbose_name_plural = "Household portions (the first is the common serving)"


@admin.register(Food)
class FoodAdmin(ReasonAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "ndb_no", "group", "k1_column", "k2_column", "basis", "retired"]
    list_select_related = ["group"]
    list_filter = [
        "group",
        ("values__source", admin.RelatedOnlyFieldListFilter),
        HasK2Filter,
        "retired",
    ]
    search_fields = ["name", "search_name", "=ndb_no"]
    list_per_page = 50
    inlines = [VitaminKValueInline, BorrowedValueInline, NutrientValueInline, PortionInline]
    actions = ["retire_selected"]
    fieldsets = [
        (None, {"fields": ["name", "group", "ndb_no", "dose_unit", "retired"]}),
        (
            "Details",
            {
                "fields": ["description", "scientific_name", "owner", "slug"],
                "classes": ["collapse"],
            },
        ),
        (REASON_LABEL, {"fields": ["change_reason"]}),
    ]
    raw_id_fields = ["owner"]
    object_history_template = "admin/foods/food/object_history.html"
    object_history_list_template = "admin/foods/food/object_history_list.html"

    # The figures the site ranks by, stored when values change (food_figures_refresh): the list
    # shows and sorts by what the pages use, without summing each row's values again.
    @admin.display(description="K1", ordering="k1_per_100g")
    def k1_column(self, food: Food) -> str:
        return ug_text(food.k1_per_100g)

    @admin.display(description="K2", ordering="k2_per_100g")
    def k2_column(self, food: Food) -> str:
        return ug_text(food.k2_per_100g)

    @admin.display(description="Per")
    def basis(self, food: Food) -> str:
        return food.basis_label.removeprefix("per ")

    # --- retire instead of delete ---------------------------------------------------------

    @admin.action(description="Retire selected foods", permissions=["change"])
    def retire_selected(self, request: HttpRequest, queryset: QuerySet[Food]) -> None:
        count = food_retire(
            foods=queryset.filter(retired=False), reason="Retired from the food list"
        )
        self.message_user(
            request,
            f"Retired {count} food{'s' if count != 1 else ''}: hidden from search and new "
            "diary entries, kept for existing ones.",
            messages.SUCCESS,
        )

    def get_urls(self) -> list[URLPattern | URLResolver]:
        retire = self.admin_site.admin_view(require_POST(self.retire_view))
        return [path("<int:object_id>/retire/", retire, name="foods_food_retire")] + [
            *super().get_urls()
        ]

    def retire_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        food = get_object_or_404(Food, pk=object_id)
        if not self.has_change_permission(request, food):
            raise PermissionDenied
        food_retire(foods=[food], reason=RETIRE_REASON)
        self.message_user(
            request,
            f"“{food}” is retired: hidden from search and new diary entries, kept for existing "
            "ones.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:foods_food_change", args=[food.pk]))

    def get_deleted_objects(self, objs: Sequence[Food], request: HttpRequest) -> Any:
        """Replace the list of blocking diary entries by a count per food, and say why."""
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            ids = [food.pk for food in objs]
            # Counted through the reverse relation: the catalogue never imports the diary.
            uses = dict(
                Food.objects.filter(pk__in=ids)
                .annotate(n=Count("diary_entries"))
                .filter(n__gt=0)
                .values_list("pk", "n")
            )
            protected = [
                format_html(
                    "{}: used in {} diary entr{}. Retire it instead.",
                    food,
                    uses[food.pk],
                    "y" if uses[food.pk] == 1 else "ies",
                )
                for food in objs
                if food.pk in uses
            ]
        return to_delete, model_count, perms_needed, protected

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponseBase:
        _numeric_or_404(object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponseBase:
        _numeric_or_404(object_id)
        food = self.get_object(request, object_id)
        uses = food.diary_entries.count() if food is not None else 0
        extra_context = {**(extra_context or {}), "diary_uses": uses}
        return super().delete_view(request, object_id, extra_context)

    # --- history: the food's own rows plus its values' and portions' ----------------------

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponseBase:
        _numeric_or_404(object_id)
        context = dict(extra_context or {})
        context["value_changes"] = value_changes(int(object_id))
        context["nutrient_changes"] = nutrient_changes(int(object_id))
        context["portion_changes"] = portion_changes(int(object_id))
        return super().history_view(request, object_id, context)


def _numeric_or_404(object_id: object) -> None:
    """Food ids are numbers: anything else is no page (not a 500 from int() or the database)."""
    if parse_id(str(object_id)) is None:
        raise Http404("No such food.")


PORTION_FIELDS = ["seq", "amount", "description", "data_points"]
KIND = {"+": "added", "~": "changed", "-": "deleted"}


def _changes(
    records: list[Any], main: str, fields: list[str], show: Callable[[Any, str], str]
) -> list[dict[str, Any]]:
    """History rows newest first, each with old -> new of `main` and of other fields."""
    newest_kind = {record.id: record.history_type for record in records}
    live = {pk for pk, kind in newest_kind.items() if kind != "-"}
    previous: dict[int, Any] = {}
    rows = []
    for record in records:
        before = previous.get(record.id)
        deleted = record.history_type == "-"
        other = [
            (
                record._meta.get_field(name).verbose_name,
                show(before, name) if before else "",
                show(record, name),
            )
            for name in fields
            if before is not None and getattr(before, name) != getattr(record, name)
        ]
        rows.append(
            {
                "record": record,
                "when": record.history_date,
                "user": record.history_user,
                "reason": record.history_change_reason or "",
                "kind": KIND.get(record.history_type, record.history_type),
                "old": getattr(before, main) if before is not None else None,
                "new": None if deleted else getattr(record, main),
                "other": other,
                "exists": record.id in live,
            }
        )
        previous[record.id] = record
    rows.reverse()
    return rows


def _display(record: Any, name: str) -> str:
    value = getattr(record, name)
    if name == "source":
        return str(value) if value else ""
    if name == "method":
        return record.get_method_display()
    return "" if value is None else str(value)


def value_changes(food_id: int, limit: int = 500) -> list[dict[str, Any]]:
    records = list(
        VitaminKValue.history.filter(food_id=food_id)
        .select_related("history_user", "source")
        .order_by("history_date", "history_id")[:limit]
    )
    rows = _changes(records, "amount_ug", VALUE_FIELDS, _display)
    for row in rows:
        row["label"] = vitamers.LABELS.get(row["record"].form, row["record"].form)
    return rows


def nutrient_changes(food_id: int, limit: int = 500) -> list[dict[str, Any]]:
    records = list(
        NutrientValue.history.filter(food_id=food_id)
        .select_related("history_user", "source")
        .order_by("history_date", "history_id")[:limit]
    )
    rows = _changes(records, "amount", VALUE_FIELDS, _display)
    for row in rows:
        nutrient = row["record"].nutrient
        row["label"] = (
            f"{nutrients.LABELS.get(nutrient, nutrient)} ({nutrients.UNITS.get(nutrient, '')})"
        )
    return rows


def portion_changes(food_id: int, limit: int = 500) -> list[dict[str, Any]]:
    records = list(
        Portion.history.filter(food_id=food_id)
        .select_related("history_user")
        .order_by("history_date", "history_id")[:limit]
    )
    rows = _changes(records, "grams", PORTION_FIELDS, _display)
    for row in rows:
        row["label"] = f"{row['record'].amount.normalize():f} {row['record'].description}"
    return rows


@admin.register(VitaminKValue)
class VitaminKValueAdmin(ReasonAdminMixin, SimpleHistoryAdmin):
    """Direct access to one value: its own history page offers the revert. A borrowed value
    is read-only: the mapping in fixtures/borrowed-values.csv owns it."""

    form = MeasuredValueReasonForm

    list_display = ["food", "form", "amount_ug", "source", "method", "data_points"]
    list_select_related = ["food", "source"]
    list_filter = ["form", "source", "method"]
    search_fields = ["food__name", "=food__ndb_no"]
    raw_id_fields = ["food"]
    fields = ["food", "form", "amount_ug", *VALUE_FIELDS, "change_reason"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.borrowed_from_id:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.borrowed_from_id:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(NutrientValue)
class NutrientValueAdmin(ReasonAdminMixin, SimpleHistoryAdmin):
    """Direct access to one calcium or vitamin D value: its history page offers the revert."""

    class Form(EditorValueForm, ReasonForm):
        pass

    form = Form
    list_display = ["food", "nutrient", "amount", "source", "method", "data_points"]
    list_select_related = ["food", "source"]
    list_filter = ["nutrient", "source", "method"]
    search_fields = ["food__name", "=food__ndb_no"]
    raw_id_fields = ["food"]
    fields = ["food", "nutrient", "amount", *VALUE_FIELDS, "change_reason"]


@admin.register(Portion)
class PortionAdmin(ReasonAdminMixin, SimpleHistoryAdmin):
    list_display = ["food", "seq", "amount", "description", "grams"]
    list_select_related = ["food"]
    search_fields = ["food__name", "=food__ndb_no"]
    raw_id_fields = ["food"]
    fields = [
        "food",
        "seq",
        "amount",
        "description",
        "grams",
        "data_points",
        "weight_source",
        "change_reason",
    ]


@admin.register(FoodGroup)
class FoodGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "food_count"]
    search_fields = ["name", "code"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[FoodGroup]:
        return super().get_queryset(request).annotate(n_foods=Count("foods"))

    @admin.display(description="Foods", ordering="n_foods")
    def food_count(self, group: Any) -> int:
        return group.n_foods


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "value_count"]
    search_fields = ["name", "key", "citation"]
    prepopulated_fields = {"key": ["name"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Source]:
        return super().get_queryset(request).annotate(n_values=Count("values"))

    @admin.display(description="Values", ordering="n_values")
    def value_count(self, source: Any) -> int:
        return source.n_values
