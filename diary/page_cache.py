"""A person's pages, kept whole in the cache (k2lib/page_cache.py) and served again until
something they show changes.

The key names all of it: the person's data version (Profile.data_version, moved on in the same
transaction as every write of their data: entries, favourites, own foods, the profile, the
steady mode), the catalogue version (food values and names), their local date and meal of the
hour (the day's heading, the add form's meal), the address and the htmx headers. So no page is
served stale; the timeout only bounds the cache's memory.
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponseBase

from diary.models import Profile, default_meal
from diary.selectors import local_now, profile_get
from foods.services import catalogue_version
from k2lib.http import PersonRequest
from k2lib.page_cache import cached_answer

PERSON_PAGE_SECONDS = 60 * 60
# Headers that change the answer (the views say so with Vary).
HTMX_HEADERS = ("HX-Request", "HX-Target", "HX-Boosted", "HX-History-Restore-Request")


def person_page_key(request: HttpRequest, profile: Profile) -> str:
    now = local_now(profile)
    asked = "\n".join(
        [request.get_full_path(), *(request.headers.get(name, "") for name in HTMX_HEADERS)]
    )
    return ":".join(
        [
            "person-page",
            str(profile.user_id),
            str(profile.data_version),
            catalogue_version(),
            now.date().isoformat(),
            default_meal(now),
            hashlib.sha256(asked.encode()).hexdigest(),
        ]
    )


type View = Callable[..., HttpResponseBase]


def person_page(*, unless_session: tuple[str, ...] = ()) -> Callable[[View], View]:
    """Serve a signed-in person's GET page from the cache. `unless_session`: session keys
    whose presence makes the answer one-off (an undo notice shown once)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: PersonRequest, *args: object, **kwargs: object) -> HttpResponseBase:
            key = None
            if request.method in ("GET", "HEAD") and not any(
                name in request.session for name in unless_session
            ):
                key = person_page_key(request, profile_get(user=request.user))
            return cached_answer(
                request, key, lambda: view(request, *args, **kwargs), PERSON_PAGE_SECONDS
            )

        return wrapped

    return decorator
