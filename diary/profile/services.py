"""Writes of accounts and profiles. Every user gets a profile when the user is created, whatever
the way in (sign-up, createsuperuser, the admin), so no page ever creates one on read."""

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from diary.models import Profile


def profile_create(*, user: User, **fields: Any) -> Profile:
    """The new user's profile, with defaults (UTC, a woman's AI) for what is not given."""
    return Profile.objects.create(user=user, **fields)


def create_profile_for_new_user(
    sender: type, instance: User, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    """post_save receiver on the user model (connected in DiaryConfig.ready)."""
    if created and not raw:
        profile_create(user=instance)


@transaction.atomic
def profile_update(*, profile: Profile, **fields: Any) -> Profile:
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save(update_fields=list(fields))
    return profile
