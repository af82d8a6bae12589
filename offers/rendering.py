"""The comparison's report (on its page and in the printable report) and the offer form,
rendered once per version, served from the cache.

Building the report and rendering it is nearly all of a comparison page's cost, and rendering
the form's fields nearly all of the offer form's; yet both change only when the comparison or
the scoring configuration does, and both carry a version (`Comparison.version`,
`ScoringVersion`) that every write renews. So the HTML is kept in the cache under those
versions: a page view after the first costs a cache read, and no write can leave an old verdict
behind, on this server or another sharing the cache.

Both hold forms, and a CSRF token belongs to one visitor's session: the HTML is cached with a
placeholder token and each request puts its own in. The key also carries a digest of the code,
the templates and the settings shown in pages, so a release never serves markup rendered by the
one before.

What differs from one viewer to the next beyond that (a counsellor's notes about an offer) is
not in the cached HTML: each offer's card holds an empty slot, filled per request.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from offers import caching, report, selectors
from offers.models import Comparison
from offers.templatetags.careerfit import ago

_CSRF_PLACEHOLDER = "csrf-token-placeholder"
# An HTML comment: escaped text (a title, a note) can never produce one.
_OFFER_SLOT = re.compile(r"<!--offer-slot:(\d+)-->")
_CSRF_FIELD = Template("{% csrf_token %}")


def cached_html(
    request, key_parts: Iterable[object], template_name: str, context: Callable[[], dict]
) -> SafeString:
    """`template_name` rendered with `context()`, or the HTML cached under `key_parts`.

    `key_parts` must name everything the HTML depends on: versions, and what changes without
    one (the date, a count of notes); `context` is called only when the cache misses. The
    template renders without the request: a CSRF token in it is a placeholder, replaced by this
    visitor's own token on the way out.
    """
    key = ":".join(
        [
            "html",
            template_name,
            caching.code_digest(),
            translation.get_language() or "",
            timezone.get_current_timezone_name(),
            *map(str, key_parts),
        ]
    )
    html = cache.get(key)
    if html is None:
        html = render_to_string(template_name, {**context(), "csrf_token": _CSRF_PLACEHOLDER})
        cache.set(key, html, timeout=caching.CACHE_SECONDS)
    placeholder = _csrf_field(_CSRF_PLACEHOLDER)
    if placeholder in html:
        html = html.replace(placeholder, _csrf_field(get_token(request)))
    return mark_safe(html)  # rendered by the template engine, which escaped what it put in


def comparison_report(
    request, comparison: Comparison, *, for_owner: bool, export_url: str, report_url: str
) -> SafeString:
    """`offers/_comparison_report.html` for this comparison, as its owner or a counsellor sees it.

    `comparison` must come from a queryset `with_versions()`.
    """
    return cached_html(
        request,
        [
            comparison.pk,
            comparison.version,
            comparison.scoring_version,
            "owner" if for_owner else "counsellor",
            timezone.localdate(),  # an answer-by date shows as passed from the day after
        ],
        "offers/_comparison_report.html",
        lambda: {
            "comparison": comparison,
            "report": report.build(selectors.comparison_data(comparison), for_owner=for_owner),
            "export_url": export_url,
            "report_url": report_url,
            "can_edit": for_owner,
        },
    )


def fill_offer_slots(html: SafeString, fragments: Mapping[int, str]) -> SafeString:
    """`html` with each offer card's slot holding `fragments[offer.pk]` (HTML), or nothing.

    Lets another app put what one viewer may see on the cards of a cached report, without
    making the report depend on it. With nothing to put in (most pages), the empty slots stay
    as they are, invisible, and the page costs no pass over its HTML.
    """
    if not fragments:
        return html
    return mark_safe(_OFFER_SLOT.sub(lambda m: fragments.get(int(m[1]), ""), html))


@dataclass(frozen=True)
class ReportSheet:
    """One comparison's part of the printable report, rendered."""

    comparison: Comparison
    html: SafeString

    @property
    def uid(self) -> str:
        """Prefixes its ids: several comparisons share the page."""
        return report_uid(self.comparison)


def report_uid(comparison: Comparison) -> str:
    return f"c{comparison.pk}-"


def report_sheets(request, comparisons: list[Comparison], *, for_owner: bool) -> list[ReportSheet]:
    """`offers/_report_sheet.html` for each comparison: the report to print, without controls.

    `comparisons` come from one queryset `with_versions()` and `select_related("priority_check")`.
    Cached like the comparison page's report; the first sheet the cache misses fetches the data
    of all of them at once, so the queries stay the same for one comparison or fifty.
    """

    @functools.cache
    def fetched() -> dict[int, selectors.ComparisonData]:
        return {data.comparison.pk: data for data in selectors.comparisons_data(comparisons)}

    def context(comparison: Comparison) -> Callable[[], dict]:
        return lambda: {
            "comparison": comparison,
            "report": report.build(fetched()[comparison.pk], for_owner=for_owner),
            "can_edit": False,
            "uid": report_uid(comparison),
        }

    return [
        ReportSheet(
            comparison,
            cached_html(
                request,
                [
                    comparison.pk,
                    comparison.version,
                    comparison.scoring_version,
                    "owner" if for_owner else "counsellor",
                    timezone.localdate(),
                ],
                "offers/_report_sheet.html",
                context(comparison),
            ),
        )
        for comparison in comparisons
    ]


def offer_form(request, form, *, comparison: Comparison, scoring_version, offer=None):
    """The offer form as a GET shows it: empty for a new offer, or with an offer's answers."""
    return cached_html(
        request,
        [comparison.pk, comparison.version, scoring_version, offer.pk if offer else "new"],
        "offers/_offer_form.html",
        lambda: {"form": form, "comparison": comparison, "offer": offer},
    )


def comparison_rows(request, comparisons: list[Comparison]) -> SafeString:
    """The rows of "My comparisons" for `selectors.listed()` comparisons.

    Keyed by everything a row shows that can change: each comparison's versions, its count of
    notes and its "updated 3 hours ago", which moves on by itself.
    """
    shown = [
        (c.pk, c.version, c.scoring_version, c.note_count, ago(c.updated_at)) for c in comparisons
    ]
    digest = hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()
    return cached_html(
        request,
        [request.user.pk, digest],
        "offers/_comparison_rows.html",
        lambda: {"summaries": selectors.summaries_of(comparisons)},
    )


def _csrf_field(token: str) -> str:
    # Rendered by the tag itself, so the markup always matches what the template produced. A
    # hidden input with its quotes cannot come out of escaped user text.
    return _CSRF_FIELD.render(Context({"csrf_token": token}))
