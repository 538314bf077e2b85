"""Request types for views: what the middleware and `@login_required` add to a request."""

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponseBase
from django.utils.http import content_disposition_header
from django_htmx.middleware import HtmxDetails


class HtmxRequest(HttpRequest):
    """Any request: django-htmx's middleware adds `htmx` (falsy when htmx did not send it)."""

    htmx: HtmxDetails


class PersonRequest(HtmxRequest):
    """A request that passed `@login_required`: its user is signed in, never anonymous."""

    user: User


def as_download[R: HttpResponseBase](response: R, filename: str) -> R:
    """The answer offered as a file to save, named `filename` (Django quotes the name, and
    spells a name beyond ASCII as RFC 6266 says)."""
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
