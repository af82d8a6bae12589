"""What every cached result of the app shares: how long it is kept and the code it came from."""

import hashlib
from functools import cache as once
from importlib.metadata import version
from pathlib import Path

import django
from django.conf import settings

# Cached results are keyed by version, so they never go stale; the timeout only lets the
# cache forget what nobody reads any more, and bounds how long a deleted account's pages stay
# in it, unreachable.
CACHE_SECONDS = 24 * 3600

# Settings that show in rendered pages: a release that changes one renders afresh.
_RENDERED_SETTINGS = ("DEFAULT_CURRENCY", "MAX_OFFERS_PER_COMPARISON")


@once
def code_digest() -> str:
    """A digest of what shapes cached results besides the data: the app's code and templates,
    the versions of the libraries that render them, and the settings shown in pages.

    In every key, so that a release never serves what the one before computed (nor unpickles
    an object whose class has changed).
    """
    digest = hashlib.blake2b(digest_size=8)
    roots = [Path(settings.BASE_DIR) / "templates", Path(__file__).resolve().parent]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in (".html", ".py") and "migrations" not in path.parts:
                digest.update(path.read_bytes())
    libraries = [django.get_version(), version("django-crispy-forms"), version("crispy-bootstrap5")]
    digest.update(repr(libraries).encode())
    digest.update(repr([getattr(settings, name) for name in _RENDERED_SETTINGS]).encode())
    return digest.hexdigest()
