"""Doses of the schedules set to log themselves count on every page, whichever a person opens
first: they are filled in before the first signed-in request of each local day is answered."""

from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from diary import periods
from diary.selectors import DOSES_FILLED_KEY, profile_get
from k2lib.http import PersonRequest

from .services import doses_auto_log


class AutoDosesMiddleware:
    """Fills in the person's automatic doses up to their local today, then notes in the session
    the instant that day ends and the time zone it was reckoned in: until then (the same zone),
    a request costs no query here. A write on a GET, which is safe to repeat: the database keeps
    one record per schedule and day, so a retry or two tabs at once log a day once."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Without a session cookie nobody is signed in: the session stays untouched (public
        # pages keep free of `Vary: Cookie`). Static files are answered before this runs.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            _doses_fill(cast(PersonRequest, request))
        return self.get_response(request)


def _doses_fill(request: PersonRequest) -> None:
    now = timezone.now()
    mark = request.session.get(DOSES_FILLED_KEY)
    profile = profile_get(user=request.user)  # read with the user: no query
    until, zone_name = mark if isinstance(mark, list) and len(mark) == 2 else (0, "")
    if zone_name == profile.time_zone and now.timestamp() < until:
        return
    zone = profile.zone
    if doses_auto_log(user=request.user, today=periods.local_today(now, zone)):
        # Its pages are cached under the data version the logging moved on.
        profile.refresh_from_db(fields=["data_version"])
    request.session[DOSES_FILLED_KEY] = [
        periods.local_day_end(now, zone).timestamp(),
        profile.time_zone,
    ]
