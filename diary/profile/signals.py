"""Failed sign-ins are logged (user name and address, never the password), so an attack on an
account leaves a trace in the server's log."""

import logging
from typing import Any

from django.http import HttpRequest

logger = logging.getLogger("diary.profile")


def log_failed_sign_in(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    address = request.META.get("REMOTE_ADDR", "?") if request is not None else "?"
    logger.warning(
        "Failed sign-in for user name %r from %s", credentials.get("username", ""), address
    )
