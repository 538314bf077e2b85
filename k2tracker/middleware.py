"""Site-wide response rules: signed-in answers are never stored by shared caches, and a NUL
character in a request is refused before any view or database sees it."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

NUL = "\x00"


class PrivateNoStoreMiddleware:
    """`Cache-Control: private, no-store` on every answer to a signed-in person: their diary,
    the warfarin flag and CSV exports are health data that no proxy or shared cache may keep."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Without a session cookie nobody is signed in; not touching the session then keeps
        # public pages free of `Vary: Cookie`.
        has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
        if has_session and request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


def _has_nul(request: HttpRequest) -> bool:
    if NUL in request.path:
        return True
    sources = [request.GET]
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        sources.append(request.POST)
    return any(
        NUL in key or any(NUL in value for value in values)
        for source in sources
        for key, values in source.lists()
    )


class RefuseNulMiddleware:
    """A NUL byte is never meant in a form or an address, and PostgreSQL refuses it in text
    (a 500 in a filter): answer 400 with a message and change nothing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            return render(request, "400_nul.html", status=400)
        return self.get_response(request)
