"""CSV export of a comparison, shared by the owner's and the counsellor's pages."""

import csv
from collections.abc import Callable

from django.http import HttpResponse
from django.utils.text import slugify

from offers import selectors
from offers.models import Factor
from offers.scoring import Verdict
from offers.selectors import ScoredOffer

# A byte-order mark, so that spreadsheet programs read the file as UTF-8 (Zürich, €, …).
UTF8_BOM = "\ufeff"

Column = tuple[str, Callable[[int, ScoredOffer], object]]


def _csv_safe(value) -> str:
    """Stop a spreadsheet from running a cell as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _rating_column(factor: Factor) -> Column:
    def score(rank, scored):
        rating = scored.ratings.get(factor.pk)
        return rating.score if rating else ""

    return (f"{factor.label} (1-5)", score)


def _reasons(factors: list[Factor]) -> Callable[[int, ScoredOffer], str]:
    def reasons(rank, scored):
        given = [(factor, scored.ratings.get(factor.pk)) for factor in factors]
        return "; ".join(
            f"{factor.label}: {rating.reason}"
            for factor, rating in given
            if rating and rating.reason
        )

    return reasons


def columns(factors: list[Factor]) -> list[Column]:
    """Each column's heading and how to read its cell from (rank, scored offer).

    An offer without a verdict has no rank, as on the page.
    """
    return [
        ("Rank", lambda rank, s: "" if s.verdict is Verdict.INCOMPLETE else rank),
        ("Role", lambda rank, s: s.offer.title),
        ("Employer", lambda rank, s: s.offer.employer),
        ("Location", lambda rank, s: s.offer.location),
        ("Salary", lambda rank, s: s.offer.salary),
        ("Currency", lambda rank, s: s.offer.currency),
        (
            "Pay period",
            lambda rank, s: s.offer.get_pay_period_display() if s.offer.salary is not None else "",
        ),
        ("Hours per week", lambda rank, s: s.offer.hours_per_week),
        ("Work mode", lambda rank, s: s.offer.get_work_mode_display()),
        ("Start date", lambda rank, s: s.offer.start_date),
        ("Decision deadline", lambda rank, s: s.offer.decision_deadline),
        ("Link", lambda rank, s: s.offer.url),
        *[_rating_column(factor) for factor in factors],
        ("Life fit", lambda rank, s: s.result.life.score),
        ("Future value", lambda rank, s: s.result.future.score),
        ("Verdict", lambda rank, s: s.result.verdict.label),
        ("Rating reasons", _reasons(factors)),
        ("Notes", lambda rank, s: s.offer.notes),
    ]


def comparison_csv_response(report: selectors.ComparisonReport, whose: str = "") -> HttpResponse:
    """The comparison as a CSV download; `whose` (a client's name) goes into the file name."""
    comparison = report.comparison
    parts = ["careerfit", slugify(whose), slugify(comparison.title) or str(comparison.pk)]
    filename = "-".join(part for part in parts if part) + ".csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(UTF8_BOM)
    table = columns([row.factor for section in report.sections for row in section.rows])
    writer = csv.writer(response)
    writer.writerow([heading for heading, _ in table])
    for rank, scored in enumerate(report.ranked, start=1):
        writer.writerow([_csv_safe(cell(rank, scored)) for _, cell in table])
    return response
