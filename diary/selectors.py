"""Reads every part of the diary shares: the person's profile and their local time. The
profile's own reads (where the target comes from, the time zones offered) are in
diary/profile/selectors.py."""

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from diary.models import Profile


def profile_get(*, user: User) -> Profile:
    """The user's profile; every user has one from the moment they exist. The signed-in user's
    was read with them (ProfileModelBackend): a page asks for it without another query."""
    if User.profile.is_cached(user):
        return user.profile
    return Profile.objects.get(user=user)


def local_today(profile: Profile) -> datetime.date:
    """Today in the person's own time zone, which is where their diary's days start."""
    return timezone.localdate(timezone=profile.zone)


def local_now(profile: Profile) -> datetime.datetime:
    return timezone.localtime(timezone=profile.zone)
