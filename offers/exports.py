"""CSV export of a comparison, shared by the owner's and the counsellor's pages."""

import csv

from django.http import HttpResponse
from django.utils.text import slugify

from offers import selectors


def _csv_safe(value) -> str:
    """Stop a spreadsheet from running a cell as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def comparison_csv_response(report: selectors.ComparisonReport) -> HttpResponse:
    comparison = report.comparison
    filename = f"careerfit-{slugify(comparison.title) or comparison.pk}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    factors = [row.factor for section in report.sections for row in section.rows]
    writer = csv.writer(response)
    writer.writerow(
        [
            "Rank", "Role", "Employer", "Location", "Salary", "Currency", "Pay period",
            "Hours per week", "Work mode", "Start date", "Decision deadline", "Link",
            *[f"{f.label} (1-5)" for f in factors],
            "Life fit", "Future value", "Verdict",
        ]
    )  # fmt: skip
    for rank, scored in enumerate(report.ranked, start=1):
        offer, result = scored.offer, scored.result
        ratings = [scored.ratings.get(f.pk) for f in factors]
        row = [
            rank, offer.title, offer.employer, offer.location, offer.salary, offer.currency,
            offer.get_pay_period_display() if offer.salary is not None else "",
            offer.hours_per_week, offer.get_work_mode_display(),
            offer.start_date, offer.decision_deadline, offer.url,
            *[r.score if r else "" for r in ratings],
            result.life.score, result.future.score, result.verdict.label,
        ]  # fmt: skip
        writer.writerow([_csv_safe(value) for value in row])
    return response
