"""Limits on sign-in, sign-up and password-reset attempts, answered with a 429 page that says
when to try again. Failed sign-ins are counted by django-axes (settings.AXES_*); sign-ups and
reset requests per address here, in fixed windows in the cache."""

import math
import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_address(request: HttpRequest) -> str | None:
    """The peer's address (None when there is none, as for a test client's force_login). Behind
    a proxy the proxy must set REMOTE_ADDR (e.g. gunicorn's --forwarded-allow-ips); a
    client-sent X-Forwarded-For is never trusted here."""
    return request.META.get("REMOTE_ADDR") or None


def hit(scope: str, key: str) -> int | None:
    """Count one attempt of `scope` by `key`; None while under the limit, else the seconds
    until the window ends."""
    limit, window = settings.THROTTLES[scope]
    now = time.time()
    start = int(now // window) * window
    name = f"throttle:{scope}:{key}:{start}"
    cache.add(name, 0, timeout=window)  # atomic: only the first attempt of a window sets it
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=window)
        count = 1
    if count <= limit:
        return None
    return max(1, math.ceil(start + window - now))


def retry_text(seconds: int) -> str:
    minutes = math.ceil(seconds / 60)
    if minutes <= 1:
        return "in a minute"
    return f"in {minutes} minutes"


ACCOUNT_SAFETY = "from here. For your account's safety this is paused"


def throttled_response(
    request: HttpRequest,
    *,
    seconds: int,
    what: str,
    why: str = ACCOUNT_SAFETY,
    password_help: bool = True,
) -> HttpResponse:
    """The 429 page: what was limited and why, when to try again, and the reset link where a
    forgotten password may be the cause (not under a limit on, say, PDFs)."""
    context = {
        "what": what,
        "why": why,
        "retry": retry_text(seconds),
        "password_help": password_help,
    }
    response = render(request, "registration/throttled.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def sign_in_locked(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any = None
) -> HttpResponse:
    """django-axes' lockout answer (AXES_LOCKOUT_CALLABLE): to a sign-in, or to a form that asks
    for the password again (deleting the account), counted alike."""
    cool_off = settings.AXES_COOLOFF_TIME
    seconds = int(cool_off.total_seconds()) if isinstance(cool_off, timedelta) else 900
    match = request.resolver_match
    signing_in = match is None or match.view_name != "backup:delete_account"
    what = "Too many failed sign-ins" if signing_in else "Too many wrong passwords"
    return throttled_response(request, seconds=seconds, what=what)
