"""The project's URLs plus the benchmark's "floor": a trivial signed-in view.

The floor goes through the whole middleware stack (session, user, CSRF, CSP, htmx) and one
session read, and returns a few bytes: what any signed-in page costs before it does anything.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from k2tracker.urls import urlpatterns as project_urlpatterns


@login_required
def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")


urlpatterns = [path("bench-floor/", floor, name="bench-floor"), *project_urlpatterns]
