"""Any change to the scoring configuration renews the scoring version.

The admin saves and deletes dimensions, factors and plan texts one by one, so these signals see
every edit. Plan texts are not scoring, but the plan is part of every cached report.
A bulk `QuerySet.update()` sends no signal: code that changes weights that way must call
`ScoringVersion.renew()` itself.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from offers.models import Dimension, Factor, PlanAdvice, ScoringVersion


@receiver([post_save, post_delete], sender=Dimension)
@receiver([post_save, post_delete], sender=Factor)
@receiver([post_save, post_delete], sender=PlanAdvice)
def scoring_configuration_changed(sender, **kwargs):
    ScoringVersion.renew()


def renew_after_migrate(sender, **kwargs):
    """Data migrations change factors through historical models, which send no signal: every
    `migrate` renews the version, so results computed before it are left behind."""
    ScoringVersion.renew()
