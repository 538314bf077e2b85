"""Mail sent after the answer, on a short-lived thread: a password reset for a known address
takes as long to answer as one for an unknown address, and a slow mail server never holds a
request. settings.MAIL_IN_BACKGROUND = False sends at once (tests read the outbox)."""

import logging
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import close_old_connections

logger = logging.getLogger("diary.profile")


def _send(send: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    try:
        send(*args, **kwargs)
    except Exception:  # a mail failure must not pass unseen; the answer has already gone
        logger.exception("Mail could not be sent")
    finally:
        close_old_connections()


def send_later(send: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    if not settings.MAIL_IN_BACKGROUND:
        send(*args, **kwargs)
        return
    threading.Thread(target=_send, args=(send, args, kwargs), daemon=True).start()
