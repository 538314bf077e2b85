"""Writes of accounts and profiles. Every user gets a profile when the user is created, whatever
the way in (sign-up, createsuperuser, the admin), so no page ever creates one on read."""

from typing import Any

from django.contrib.auth.models import User
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.forms import ModelForm

from diary.models import Profile

from .mail import send_later


def profile_create(*, user: User, **fields: Any) -> Profile:
    """The new user's profile, with defaults (UTC, a woman's AI) for what is not given."""
    return Profile.objects.create(user=user, **fields)


def account_form_save(*, form: ModelForm) -> Any:
    """Save a valid sign-up or profile form, all or nothing: the user with their profile (made
    by signals.py), or the profile with the user's email. IntegrityError: a name or address
    was taken meanwhile; nothing is saved."""
    with transaction.atomic():
        return form.save()


@transaction.atomic
def profile_update(*, profile: Profile, **fields: Any) -> Profile:
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save(update_fields=list(fields))
    return profile


VERIFY_SALT = "diary.verify-email"
VERIFY_MAX_AGE = 3 * 24 * 60 * 60  # three days to open the link


def email_check_token(*, user: User) -> str:
    """A signed link token for the user's current address (a later change voids it)."""
    return signing.dumps({"u": user.pk, "e": user.email.lower()}, salt=VERIFY_SALT)


def email_check_send(*, user: User, link: str) -> None:
    """Mail the check link to the user's address, after the answer (diary.profile.mail)."""
    if not user.email:
        return
    body = (
        f"Someone, probably you, gave this address to K2 Tracker for the account "
        f"“{user.get_username()}”.\n\nOpen this link within three days to confirm it; password-"
        f"reset links are only sent to a confirmed address:\n\n{link}\n\n"
        "If this was not you, ignore this mail: nothing is sent here until it is confirmed."
    )
    send_later(send_mail, "Confirm your email for K2 Tracker", body, None, [user.email])


def email_verify(*, token: str) -> User | None:
    """Mark the address in the token as the user's confirmed one, if it is still theirs."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
        user = User.objects.select_related("profile").get(pk=int(data["u"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError, User.DoesNotExist):
        return None
    if not user.email or user.email.lower() != data.get("e"):
        return None
    profile_update(profile=user.profile, verified_email=user.email)
    return user
