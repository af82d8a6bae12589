from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

from offers.scoring import RATING_MEANINGS, Verdict

register = template.Library()

VERDICT_ICONS = {
    Verdict.IDEAL: "★",
    Verdict.PRESENT: "◐",
    Verdict.FUTURE: "↗",
    Verdict.WEAK: "!",
    Verdict.INCOMPLETE: "?",
}


@register.inclusion_tag("offers/_verdict_badge.html")
def verdict_badge(verdict: Verdict, large: bool = False):
    """A verdict shown by its words and an icon, never by colour alone."""
    return {"verdict": verdict, "icon": VERDICT_ICONS[verdict], "large": large}


@register.filter
def rating_meaning(score: int | None) -> str:
    return RATING_MEANINGS.get(score, "")


@register.filter
def ago(moment) -> str:
    """ "just now" for the last minute, then "3 minutes ago", "2 days ago"…"""
    if timezone.now() - moment < timedelta(minutes=1):
        return "just now"
    return f"{timesince(moment, depth=1)} ago"


@register.filter
def minutes(span: timedelta | None) -> str:
    """A duration in whole minutes, for people: "15 minutes", "1 minute"."""
    if span is None:
        return ""
    count = max(1, round(span.total_seconds() / 60))
    return f"{count} minute{'' if count == 1 else 's'}"
