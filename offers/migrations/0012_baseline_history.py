"""A first history entry for every dimension, factor and plan text that has none.

Rows made by data migrations (the dimensions and factors of 0002, the plan texts of 0011) were
created without a history entry, so an admin's first change of one had nothing to compare
with: its History page listed the change without "weight: 1.00 → 2.50". Each row without an
entry gets one now, as it stands, dated now and made by nobody.
"""

from django.db import migrations
from django.utils import timezone

MODELS = ["Dimension", "Factor", "PlanAdvice"]


def create(apps, schema_editor):
    now = timezone.now()
    for name in MODELS:
        model = apps.get_model("offers", name)
        historical = apps.get_model("offers", f"Historical{name}")
        recorded = set(historical.objects.values_list("id", flat=True).distinct())
        fields = [f.attname for f in model._meta.concrete_fields]
        historical.objects.bulk_create(
            historical(
                **{field: getattr(row, field) for field in fields},
                history_date=now,
                history_type="+",
                history_change_reason="As it stood when its history began",  # HISTORY_BASELINE
                history_user=None,
            )
            for row in model.objects.exclude(pk__in=recorded)
        )


class Migration(migrations.Migration):
    dependencies = [("offers", "0011_plan_texts")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
