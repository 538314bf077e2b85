"""Share links' tokens: the URL carries a signed random secret, the database only its hash, so
neither a copy of the database nor a forged URL opens a report."""

import hashlib

from django.core import signing

SHARE_SALT = "diary.anticoagulation.share"


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def share_token(secret: str) -> str:
    """The URL token for a link's secret: the secret, signed."""
    return signing.Signer(salt=SHARE_SALT).sign(secret)


def share_secret(token: str) -> str | None:
    """The secret a URL token carries, or None when the token is forged."""
    try:
        return signing.Signer(salt=SHARE_SALT).unsign(token)
    except signing.BadSignature:
        return None
