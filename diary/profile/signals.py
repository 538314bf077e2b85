"""Signal receivers of accounts, connected in DiaryConfig.ready: every new user gets a profile
(whatever the way in: sign-up, createsuperuser, the admin), and failed sign-ins are logged
(user name and address, never the password), so an attack on an account leaves a trace in the
server's log."""

import logging
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest

from .services import profile_create

logger = logging.getLogger("diary.profile")


def log_failed_sign_in(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    address = request.META.get("REMOTE_ADDR", "?") if request is not None else "?"
    logger.warning(
        "Failed sign-in for user name %r from %s", credentials.get("username", ""), address
    )


def create_profile_for_new_user(
    sender: type, instance: User, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    """post_save receiver on the user model: the profile is made with the user."""
    if created and not raw:
        profile_create(user=instance)
