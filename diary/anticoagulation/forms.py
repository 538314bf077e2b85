"""Forms of the steady-intake mode: its settings, an INR result, a dose change, a report period.
The models carry the rules (validators, constraints); these forms add the wording."""

import datetime
from typing import Any, cast

from django import forms
from django.template.loader import render_to_string

from diary.models import AnticoagulationProfile, DoseChange, InrResult, validate_diary_day

from . import evidence, steadiness

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": "Enter a date as YYYY-MM-DD."}
MAX_REPORT_DAYS = 366 * 2


class AnticoagulationForm(forms.ModelForm):
    class Meta:
        model = AnticoagulationProfile
        fields = ("vka", "inr_low", "inr_high", "started_on")
        labels = {"vka": "Which medicine"}
        help_texts = {
            "inr_low": "The range your anticoagulation clinic gave you; 2.0–3.0 is only a "
            "starting value here, change it to yours.",
        }
        widgets = {
            "inr_low": forms.NumberInput(attrs={"step": "0.1", "min": "0.5", "max": "15"}),
            "inr_high": forms.NumberInput(attrs={"step": "0.1", "min": "0.5", "max": "15"}),
            "started_on": DATE_WIDGET,
        }
        error_messages = {"started_on": DATE_ERRORS}

    def clean(self) -> dict[str, Any]:
        cleaned = cast(dict[str, Any], super().clean())
        low, high = cleaned.get("inr_low"), cleaned.get("inr_high")
        if low is not None and high is not None and low >= high:
            self.add_error("inr_high", "The upper limit must be above the lower one.")
        return cleaned


class InrField(forms.Field):
    """An INR as typed: "2.4" or "2,4"; steadiness.parse_inr says what is wrong."""

    widget = forms.TextInput

    def to_python(self, value: Any) -> Any:
        text = str(value or "").strip()
        if not text:
            return None
        try:
            return steadiness.parse_inr(text[:20])
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class InrForm(forms.ModelForm):
    value = InrField(
        label="INR",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"required": "Enter the INR, for example 2.4."},
    )

    class Meta:
        model = InrResult
        fields = ("day", "value", "measured_at", "note")
        widgets = {"day": DATE_WIDGET, "note": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"day": DATE_ERRORS}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].validators.append(validate_diary_day)


class DoseForm(forms.ModelForm):
    class Meta:
        model = DoseChange
        fields = ("day", "mg_per_day", "weekly_schedule", "note")
        labels = {"weekly_schedule": "or a weekly schedule"}
        widgets = {
            "day": DATE_WIDGET,
            "mg_per_day": forms.NumberInput(attrs={"step": "0.25", "min": "0.25"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {"day": DATE_ERRORS}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].validators.append(validate_diary_day)

    def clean(self) -> dict[str, Any]:
        cleaned = cast(dict[str, Any], super().clean())
        mg, schedule = cleaned.get("mg_per_day"), (cleaned.get("weekly_schedule") or "").strip()
        cleaned["weekly_schedule"] = schedule
        if "mg_per_day" in self.errors:
            return cleaned
        if mg is None and not schedule:
            self.add_error("mg_per_day", "Give mg per day or a weekly schedule.")
        elif mg is not None and schedule:
            self.add_error("weekly_schedule", "Give mg per day or a weekly schedule, not both.")
        return cleaned

    def _post_clean(self) -> None:
        # The constraint's message would repeat the field error above: skip the duplicate.
        if self.errors:
            return
        super()._post_clean()  # type: ignore[misc]


class ReportPeriodForm(forms.Form):
    start = forms.DateField(label="From", widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    end = forms.DateField(label="To", widget=DATE_WIDGET, error_messages=DATE_ERRORS)

    def clean(self) -> dict[str, Any]:
        cleaned = cast(dict[str, Any], super().clean())
        start, end = cleaned.get("start"), cleaned.get("end")
        if isinstance(start, datetime.date) and isinstance(end, datetime.date):
            if start > end:
                self.add_error("end", "The end date is before the start date.")
            elif (end - start).days + 1 > MAX_REPORT_DAYS:
                self.add_error("end", "A report covers at most two years.")
            for name, day in (("start", start), ("end", end)):
                try:
                    validate_diary_day(day)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return cleaned


CONFIRM_SUPPLEMENT = "confirm_supplement"
CONFIRM_TEMPLATE = "diary/anticoagulation/_supplement_confirm.html"


def confirm_supplement_field() -> forms.BooleanField:
    """The checkbox that _supplement_confirm.html renders (name "confirm_supplement")."""
    return forms.BooleanField(required=False, label="I have read this; log it anyway")


def require_supplement_confirmation(form: forms.Form, user: Any, food: Any) -> None:
    """For the day page's EntryForm.clean: when the steady-intake mode is on
    and `food` is a vitamin K supplement, stop the save until `confirm_supplement` is ticked.

    The error's message IS the confirmation (_supplement_confirm.html: the evidence and the
    checkbox), so a page that shows the form's non-field errors inside its <form> asks for it
    with no change of its own; `form.supplement_evidence` keeps the evidence for other uses.
    """
    from .selectors import supplement_warning  # forms are imported by views, selectors by both

    form.supplement_evidence = None  # type: ignore[attr-defined]
    if food is None or form.cleaned_data.get(CONFIRM_SUPPLEMENT):
        return
    found = supplement_warning(user=user, food=food)
    if found:
        form.supplement_evidence = found  # type: ignore[attr-defined]
        volunteers = {evidence.SCHURGERS_2004, evidence.SCHURGERS_2007, evidence.THEUWISSEN_2013}
        context = {
            "supplement_evidence": found,
            "food": food,
            "guidance": evidence.GUIDANCE,
            "healthy_volunteers": evidence.HEALTHY_VOLUNTEERS if volunteers & set(found) else "",
        }
        # render_to_string escapes every value: the message is safe HTML of our own template.
        message = render_to_string(CONFIRM_TEMPLATE, context)
        form.add_error(None, forms.ValidationError(message, code=CONFIRM_SUPPLEMENT))
