"""Your data, whole: download it as one JSON file, bring it back (into this or a new account),
or delete the account with everything in it."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import authenticate, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from diary.selectors import DOSES_FILLED_KEY
from k2lib.http import PersonRequest, as_download

from . import selectors, services


class RestoreForm(forms.Form):
    file = forms.FileField(label="Backup file (.json)")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > services.MAX_BYTES:  # not even read
            raise forms.ValidationError("This file is over 20 MB: it is not a backup from here.")
        try:
            return services.backup_parse(raw=upload.read())
        except services.BackupError as error:
            raise forms.ValidationError(str(error)) from None


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password", widget=forms.PasswordInput(attrs={"autocomplete": "off"})
    )
    confirm = forms.BooleanField(
        label="I understand that everything is deleted and cannot be brought back"
    )

    def __init__(
        self, *args: Any, user: User, request: HttpRequest | None = None, **kwargs: Any
    ) -> None:
        self.user = user
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        # Checked as a sign-in is, so django-axes counts each wrong password and, at the same
        # limit, pauses the account (its lockout answer replaces this page).
        checked = authenticate(self.request, username=self.user.get_username(), password=password)
        if checked is None or checked.pk != self.user.pk:
            raise forms.ValidationError("That is not your password: nothing was deleted.")
        return password


def _page(request: PersonRequest, **forms_: forms.Form) -> HttpResponse:
    context = {
        "restore_form": forms_.get("restore") or RestoreForm(),
        "delete_form": forms_.get("delete") or DeleteAccountForm(user=request.user),
    }
    status = 400 if forms_ else 200
    return render(request, "diary/backup/home.html", context, status=status)


@login_required
@require_safe
def home(request: PersonRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_safe
def download(request: PersonRequest) -> HttpResponse:
    document = selectors.backup_document(user=request.user)
    response = JsonResponse(document, json_dumps_params={"indent": 1, "ensure_ascii": False})
    name = f"k2tracker-{request.user.get_username()}-{timezone.localdate():%Y-%m-%d}.json"
    return as_download(response, name)


@login_required
@require_POST
def restore(request: PersonRequest) -> HttpResponse:
    form = RestoreForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, restore=form)
    try:
        result = services.backup_restore(user=request.user, document=form.cleaned_data["file"])
    except services.BackupError as error:
        form.add_error("file", str(error))
        return _page(request, restore=form)
    # Restored automatic schedules may have doses due since the file was made: the next
    # request fills them in.
    request.session.pop(DOSES_FILLED_KEY, None)
    text = (
        f"Restored: {result.entries_added} entries, {result.foods_added} of your own foods, "
        f"{result.favourites_added} favourites, {result.log_added} INR and dose records, "
        f"{result.routines_added} routine{pluralize(result.routines_added)} "
        "(recipes, saved meals, scheduled supplements)."
    )
    if result.entries_already_there:
        text += f" {result.entries_already_there} entries were already here and not added again."
    if result.skipped:
        text += f" {result.skipped} items name foods this site does not have and were left out."
    messages.success(request, text)
    return redirect("backup:home")


@login_required
@require_POST
def delete_account(request: PersonRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST, user=request.user, request=request)
    if not form.is_valid():
        return _page(request, delete=form)
    user = request.user
    name = user.get_username()
    logout(request)
    services.account_delete(user=user)
    messages.success(request, f"The account “{name}” and everything in it are deleted.")
    return redirect("home")
