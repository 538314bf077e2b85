"""Sign-up and the profile page (life stage, target, time zone, warfarin)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .forms import ProfileForm, SignUpForm
from .selectors import explain_target, profile_get, time_zone_names


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("day:today")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()  # its profile is created with it (diary.profile.services)
        login(request, user)
        messages.success(
            request,
            f"Welcome, {user.get_username()}. Your daily target is 90 µg (the adequate intake "
            "for women 19+) until you set your life stage in your profile.",
        )
        return redirect("day:today")
    context = {"form": form, "time_zones": time_zone_names()}
    return render(request, "diary/profile/signup.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    profile = profile_get(user=request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                form.save()
            messages.success(request, "Your profile is saved.")
            return redirect("profile:edit")
        # Validation copied the rejected input onto the instance: show what is really saved.
        profile.refresh_from_db()
    context = {
        "form": form,
        "profile": profile,
        "target": explain_target(profile),
        "time_zones": time_zone_names(),
    }
    return render(request, "diary/profile/profile.html", context)
