"""Writes of the steady-intake mode: turning it on and off, the INR and dose log (with undo, as
diary entries have), and share links. Keyword-only; each validates with the model's rules.

The mode is on while the person has an AnticoagulationProfile. Profile.takes_vka (the older
flag, which prints the warfarin caution) is kept in step with it: turning the mode on sets it,
turning it off clears it. A person may still tick takes_vka alone on the profile page; that
keeps the caution without the mode. Each write of the mode or the log first moves the person's
data version on (the day and week pages show the steadiness panel: diary/page_cache.py), which
also locks their profile row first, as every diary write does (diary.day.services)."""

import datetime
import secrets
from decimal import Decimal

from django.contrib.auth.models import User
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from diary.models import (
    AnticoagulationProfile,
    DoseChange,
    InrResult,
    Profile,
    ShareLink,
    person_data_changed,
)

from .models import MAX_LIVE_SHARE_LINKS, SHARE_DAYS
from .sharing import share_token, token_hash

UNDO_SALT = "diary.anticoagulation.undo"
UNDO_MAX_AGE = 60 * 60
INR = "inr"
DOSE = "dose"
MODELS: dict[str, type[InrResult] | type[DoseChange]] = {INR: InrResult, DOSE: DoseChange}
FIELDS = {
    INR: ("day", "value", "measured_at", "note"),
    DOSE: ("day", "mg_per_day", "weekly_schedule", "note"),
}


class NothingToUndo(Exception):
    """The undo token is forged, expired or another user's."""


@transaction.atomic
def anticoagulation_save(
    *,
    user: User,
    vka: str,
    inr_low: Decimal,
    inr_high: Decimal,
    started_on: datetime.date | None,
) -> AnticoagulationProfile:
    """Turn the mode on, or change its settings (ValidationError lists what is wrong)."""
    person_data_changed(user.pk)  # first: the person's profile row is locked before the rest
    profile = AnticoagulationProfile.objects.filter(user=user).first() or AnticoagulationProfile(
        user=user
    )
    profile.vka, profile.inr_low, profile.inr_high = vka, inr_low, inr_high
    profile.started_on = started_on
    profile.full_clean()
    profile.save()
    Profile.objects.filter(user=user).update(takes_vka=True)
    return profile


@transaction.atomic
def anticoagulation_turn_off(*, user: User) -> None:
    """The mode off: the settings go, the INR and dose log stays (it is the person's record)."""
    person_data_changed(user.pk)
    AnticoagulationProfile.objects.filter(user=user).delete()
    Profile.objects.filter(user=user).update(takes_vka=False)


def record_save[R: (InrResult, DoseChange)](*, record: R) -> R:
    """Add (a record without pk) or change an INR result or a dose change, as the form filled
    it in; the model's rules decide (ValidationError)."""
    record.full_clean()
    with transaction.atomic():
        person_data_changed(record.user_id)
        record.save()
    return record


def _kind(record: InrResult | DoseChange) -> str:
    return INR if isinstance(record, InrResult) else DOSE


def record_delete(*, record: InrResult | DoseChange) -> str:
    """Delete the record; return a signed token that record_restore takes to bring it back."""
    kind = _kind(record)
    values = {name: getattr(record, name) for name in FIELDS[kind]}
    data = {
        "u": record.user_id,
        "k": kind,
        "pk": record.pk,
        "c": record.created_at.isoformat(),
        **{
            name: value.isoformat() if isinstance(value, datetime.date) else value
            for name, value in values.items()
        },
    }
    for name in ("value", "mg_per_day"):
        if data.get(name) is not None:
            data[name] = str(data[name])
    token = signing.dumps(data, salt=UNDO_SALT)
    with transaction.atomic():
        person_data_changed(record.user_id)
        record.delete()
    return token


def record_restore(*, user: User, token: str) -> InrResult | DoseChange:
    """Bring a deleted record back with its id. Restoring twice adds nothing the second time."""
    try:
        data = signing.loads(token, salt=UNDO_SALT, max_age=UNDO_MAX_AGE)
        model = MODELS[data["k"]]
        owner_matches = data["u"] == user.pk
        fields = {name: data[name] for name in FIELDS[data["k"]]}
        fields["day"] = datetime.date.fromisoformat(fields["day"])
        for name in ("value", "mg_per_day"):
            if fields.get(name) is not None:
                fields[name] = Decimal(fields[name])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise NothingToUndo from None
    if not owner_matches:
        raise NothingToUndo
    with transaction.atomic():
        person_data_changed(user.pk)
        existing = model.objects.filter(pk=data["pk"], user=user).first()
        if existing is not None:
            return existing
        record = model.objects.create(pk=data["pk"], user=user, **fields)
        model.objects.filter(pk=record.pk).update(
            created_at=datetime.datetime.fromisoformat(data["c"])
        )
    return record


def share_link_create(
    *, user: User, first: datetime.date, last: datetime.date, days: int = SHARE_DAYS
) -> tuple[ShareLink, str]:
    """A new read-only link to the report of [first, last]; returns the link and its URL token
    (shown once: only its hash is stored). ValidationError when the person already has
    MAX_LIVE_SHARE_LINKS links that still open: a link is health data in someone's hands, so
    they are kept few and each one known."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one count at a time
        live = ShareLink.objects.for_user(user).live().count()
        if live >= MAX_LIVE_SHARE_LINKS:
            raise ValidationError(
                f"You already have {MAX_LIVE_SHARE_LINKS} share links that still open: "
                "revoke one before making another."
            )
        return _share_link_new(user=user, first=first, last=last, days=days)


def _share_link_new(
    *, user: User, first: datetime.date, last: datetime.date, days: int
) -> tuple[ShareLink, str]:
    secret = secrets.token_urlsafe(32)
    link = ShareLink(
        user=user,
        token_hash=token_hash(secret),
        first_day=first,
        last_day=last,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    link.full_clean()
    link.save()
    return link, share_token(secret)


def share_link_revoke(*, user: User, pk: int) -> bool:
    """Revoke one of the user's links; False if there is no such live link."""
    return bool(
        ShareLink.objects.for_user(user)
        .filter(pk=pk, revoked_at__isnull=True)
        .update(revoked_at=timezone.now())
    )
