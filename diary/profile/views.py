"""Sign-up, the profile page (life stage, target, time zone, warfarin), the email check link
and the throttled password-reset request."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from diary.selectors import profile_get
from k2lib.http import PersonRequest

from . import services, throttle
from .forms import EMAIL_TAKEN, ProfileForm, QuietPasswordResetForm, SignUpForm
from .selectors import target_explanation, time_zone_names

NAME_TAKEN = "A user with that user name already exists."


def _send_email_check(request: HttpRequest, user: User) -> None:
    token = services.email_check_token(user=user)
    link = request.build_absolute_uri(reverse("profile:verify_email", args=[token]))
    services.email_check_send(user=user, link=link)


@require_http_methods(["GET", "HEAD", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("day:today")
    if request.method == "POST":
        seconds = throttle.hit("signup", throttle.client_address(request) or "?")
        if seconds is not None:
            return throttle.throttled_response(request, seconds=seconds, what="Too many sign-ups")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.account_form_save(form=form)  # the profile comes with it
        except IntegrityError:
            # Another sign-up took the name or the address between the form's check and ours.
            name = form.cleaned_data["username"]
            if get_user_model().objects.filter(username__iexact=name).exists():
                form.add_error("username", NAME_TAKEN)
            else:
                form.add_error("email", EMAIL_TAKEN)
        else:
            login(request, user, backend="diary.profile.backends.ProfileModelBackend")
            _send_email_check(request, user)
            messages.success(
                request,
                f"Welcome, {user.get_username()}. Your daily target is 90 µg (the adequate "
                "intake for women 19+) until you set your life stage in your profile.",
            )
            return redirect("day:today")
    context = {"form": form, "time_zones": time_zone_names()}
    return render(request, "diary/profile/signup.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request: PersonRequest) -> HttpResponse:
    profile = profile_get(user=request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST":
        if form.is_valid():
            email_changed = "email" in form.changed_data
            try:
                services.account_form_save(form=form)
            except IntegrityError:  # the address was taken meanwhile
                form.add_error("email", EMAIL_TAKEN)
            else:
                messages.success(request, "Your profile is saved.")
                if email_changed and request.user.email:
                    _send_email_check(request, request.user)
                    messages.info(
                        request,
                        f"We sent a link to {request.user.email}: open it to confirm the "
                        "address (password-reset links go only to a confirmed address).",
                    )
                return redirect("profile:edit")
        # Validation copied the rejected input onto the instance: show what is really saved.
        profile.refresh_from_db()
        request.user.refresh_from_db()
    context = {
        "form": form,
        "profile": profile,
        "target": target_explanation(profile=profile),
        "time_zones": time_zone_names(),
        "email_confirmed": bool(request.user.email)
        and profile.verified_email.lower() == request.user.email.lower(),
    }
    return render(request, "diary/profile/profile.html", context)


@login_required
@require_http_methods(["POST"])
def resend_email_check(request: PersonRequest) -> HttpResponse:
    seconds = throttle.hit("reset-mailbox", request.user.email.lower())
    if seconds is not None:
        return throttle.throttled_response(request, seconds=seconds, what="Too many check mails")
    if request.user.email:
        _send_email_check(request, request.user)
        messages.info(request, f"We sent a new link to {request.user.email}.")
    return redirect("profile:edit")


@require_safe
def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    user = services.email_verify(token=token)
    if user is None:
        messages.error(
            request,
            "This link is no longer valid (older than three days, or the address has changed). "
            "Ask for a new one on your profile page.",
        )
    else:
        messages.success(request, f"Thank you: {user.email} is confirmed.")
    return redirect("profile:edit" if request.user.is_authenticated else "login")


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset view with a per-address limit and mail sent after the answer."""

    form_class = QuietPasswordResetForm

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        seconds = throttle.hit("password-reset", throttle.client_address(request) or "?")
        if seconds is not None:
            return throttle.throttled_response(
                request, seconds=seconds, what="Too many password-reset requests"
            )
        return super().post(request, *args, **kwargs)
