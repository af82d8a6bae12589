"""The comparison's report, rendered once per version and served from the cache.

Building the report and rendering it is nearly all of a comparison page's cost, yet it changes
only when the comparison or the scoring configuration does, and both carry a version
(`Comparison.version`, `ScoringVersion`) that every write renews. So the HTML is kept in the
cache under those versions: a page view after the first costs a cache read, and no write can
leave an old verdict behind, on this server or another sharing the cache.

The report holds forms (ranking priority, resetting importance), and a CSRF token belongs to
one visitor's session: the HTML is cached with a placeholder token and each request puts its own
in. The key also carries a digest of the code and templates, so a release never serves markup
rendered by the one before.
"""

from __future__ import annotations

import hashlib
from functools import cache as once
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from offers import report, selectors
from offers.models import Comparison

_CSRF_PLACEHOLDER = "csrf-token-placeholder"
_CSRF_FIELD = Template("{% csrf_token %}")


def comparison_report(
    request, comparison: Comparison, *, for_owner: bool, export_url: str
) -> SafeString:
    """`offers/_comparison_report.html` for this comparison, as its owner or a counsellor sees it.

    `comparison` must come from a queryset `with_versions()`.
    """
    key = ":".join(
        [
            "comparison-report",
            _code_digest(),
            str(comparison.pk),
            str(comparison.version),
            str(comparison.scoring_version),
            "owner" if for_owner else "counsellor",
            translation.get_language() or "",
            timezone.get_current_timezone_name(),
        ]
    )
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            "offers/_comparison_report.html",
            {
                "comparison": comparison,
                "report": report.build(selectors.comparison_data(comparison), for_owner=for_owner),
                "export_url": export_url,
                "can_edit": for_owner,
                "csrf_token": _CSRF_PLACEHOLDER,
            },
        )
        cache.set(key, html, timeout=selectors.CACHE_SECONDS)
    placeholder = _csrf_field(_CSRF_PLACEHOLDER)
    if placeholder in html:
        html = html.replace(placeholder, _csrf_field(get_token(request)))
    return mark_safe(html)  # rendered by the template engine, which escaped what it put in


def _csrf_field(token: str) -> str:
    # Rendered by the tag itself, so the markup always matches what the template produced. A
    # hidden input with its quotes cannot come out of escaped user text.
    return _CSRF_FIELD.render(Context({"csrf_token": token}))


@once
def _code_digest() -> str:
    """A digest of the templates and of the app's code that shape the report."""
    digest = hashlib.blake2b(digest_size=8)
    roots = [Path(settings.BASE_DIR) / "templates", Path(__file__).resolve().parent]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in (".html", ".py") and "migrations" not in path.parts:
                digest.update(path.read_bytes())
    return digest.hexdigest()
