from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_safe

from foods.models import Food
from foods.services import catalogue_version
from k2lib.page_cache import cached_answer

HOME_CACHE_SECONDS = 600


@require_safe
def home(request: HttpRequest) -> HttpResponseBase:
    """The same for every visitor but for the header's links (signed in or not)."""
    key = f"home:{catalogue_version()}:{int(request.user.is_authenticated)}"
    return cached_answer(request, key, lambda: _home(request), HOME_CACHE_SECONDS)


def _home(request: HttpRequest) -> HttpResponse:
    catalogue_size = Food.objects.filter(owner__isnull=True, retired=False).count()
    return render(request, "home.html", {"catalogue_size": catalogue_size})
