"""Whole answers kept in the cache, under a key naming everything the answer depends on.

The caller builds the key (for a person's diary page: their data version, kept in the same
transaction as every change, the catalogue version and their local date and meal of the hour;
see diary/page_cache.py), so a change is seen at once and the timeout only bounds memory. What
must differ per answer is put in when it is served, never stored:

- the CSRF token: while an answer is rendered for the cache, `csrf_placeholder` (a context
  processor) puts a placeholder where the token goes, and each answer gets the requester's own;
- one-use form tokens ({% submission_field %}): each is drawn afresh for each answer.
"""

import re
import uuid
from collections.abc import Callable, Iterator
from typing import cast

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.middleware.csrf import get_token
from django.utils.crypto import salted_hmac

RENDERING_FOR_CACHE = "_k2_rendering_for_cache"
# Headers an answer carries from the view; the middleware adds the rest to every answer.
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Cache-Control", "Vary")
MAX_KEPT_STREAM_BYTES = 2 * 1024 * 1024  # a year's export is about 200 kB
SUBMISSION_INPUT = re.compile(rb'name="submission" value="[0-9a-f-]{36}"')


def _placeholder() -> str:
    """Alphanumeric (templates escape nothing in it) and secret (no one can type it into a
    page to have it replaced)."""
    return salted_hmac("k2tracker.page_cache", "csrf placeholder", algorithm="sha256").hexdigest()


def csrf_placeholder(request: HttpRequest) -> dict[str, str]:
    """Context processor: the placeholder instead of the CSRF token while rendering for the
    cache; nothing otherwise (Django's own csrf processor gives the token)."""
    if getattr(request, RENDERING_FOR_CACHE, False):
        return {"csrf_token": _placeholder()}
    return {}


def _fresh_submission(match: re.Match[bytes]) -> bytes:
    return b'name="submission" value="' + str(uuid.uuid4()).encode() + b'"'


def _personalised(request: HttpRequest, content: bytes) -> bytes:
    content = content.replace(_placeholder().encode(), get_token(request).encode())
    return SUBMISSION_INPUT.sub(_fresh_submission, content)


def _has_messages(request: HttpRequest) -> bool:
    """A message is shown once: the page that shows it is not kept."""
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def cached_answer(
    request: HttpRequest,
    key: str | None,
    render: Callable[[], HttpResponseBase],
    timeout: int,
) -> HttpResponseBase:
    """The answer stored under `key`, or `render()`'s, stored when it is a plain 200.
    A None key renders without the cache (the caller decided the answer is not shareable)."""
    if key is None or not settings.PAGE_CACHE or _has_messages(request):
        return render()
    stored = cache.get(key)
    if stored is not None:
        content, headers = stored
        response: HttpResponseBase = HttpResponse(_personalised(request, content))
        for name, value in headers.items():
            response[name] = value
        return response
    setattr(request, RENDERING_FOR_CACHE, True)
    try:
        response = render()
    finally:
        setattr(request, RENDERING_FOR_CACHE, False)
    if response.status_code != 200 or response.cookies:
        return _with_personal(request, response) if isinstance(response, HttpResponse) else response
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    if isinstance(response, StreamingHttpResponse):
        # Kept once it has all been sent, if it is not too big to keep (a long export is not).
        # A WSGI answer streams synchronously (the project serves no async views).
        sent = cast(Iterator[bytes], response.streaming_content)
        response.streaming_content = _kept_when_sent(key, sent, headers, timeout)
        return response
    if not isinstance(response, HttpResponse):
        return response
    cache.set(key, (response.content, headers), timeout)
    return _with_personal(request, response)


def _with_personal(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    response.content = _personalised(request, response.content)
    return response


def _kept_when_sent(
    key: str, sent: Iterator[bytes], headers: dict[str, str], timeout: int
) -> Iterator[bytes]:
    chunks, size = [], 0
    for chunk in sent:
        size += len(chunk)
        if size <= MAX_KEPT_STREAM_BYTES:
            chunks.append(chunk)
        yield chunk
    if size <= MAX_KEPT_STREAM_BYTES:
        cache.set(key, (b"".join(chunks), headers), timeout)
