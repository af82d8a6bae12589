"""Creates the two dimensions and the eleven factors CareerFit rates offers on."""

from django.db import migrations

DIMENSIONS = [
    ("life_fit", "Life fit", "Does this work fit the life you have now?", 1),
    ("future_value", "Future value", "Does this work build the career you want?", 2),
]

# (key, dimension, label, help text: what a 1 and a 5 mean)
FACTORS = [
    (
        "pay",
        "life_fit",
        "Pay",
        "1: well below what you need or what the market pays. 5: comfortably above both.",
    ),
    (
        "benefits",
        "life_fit",
        "Benefits",
        "1: little beyond the legal minimum. 5: generous leave, health cover, pension or perks you would really use.",
    ),
    (
        "schedule",
        "life_fit",
        "Schedule",
        "1: hours that clash with your life, with no say over them. 5: hours that fit around what matters to you.",
    ),
    (
        "location",
        "life_fit",
        "Location",
        "1: a long or costly commute, or a move you do not want. 5: close to home, or remote the way you like it.",
    ),
    (
        "predictability",
        "life_fit",
        "Predictability",
        "1: shifting hours, uncertain income or an employer on shaky ground. 5: steady pay, a stable team, few surprises.",
    ),
    (
        "workload",
        "life_fit",
        "Workload",
        "1: a pace you could not keep up for long. 5: demanding at times, but sustainable week after week.",
    ),
    (
        "skill_growth",
        "future_value",
        "Skill growth",
        "1: you would mostly repeat what you already know. 5: you would learn valuable skills, with time and support to do it.",
    ),
    (
        "achievements",
        "future_value",
        "Measurable achievements",
        "1: little you could point to later. 5: results with numbers you could show in your next interview.",
    ),
    (
        "modern_tools",
        "future_value",
        "Modern tools",
        "1: outdated methods and technology. 5: the tools and practices your field is moving towards.",
    ),
    (
        "network",
        "future_value",
        "Network quality",
        "1: few people to learn from or be known by. 5: strong colleagues, mentors and contacts who open doors.",
    ),
    (
        "advancement",
        "future_value",
        "Advancement pathways",
        "1: no visible next step. 5: a clear route to more responsibility, pay or title, here or elsewhere.",
    ),
]


def create(apps, schema_editor):
    Dimension = apps.get_model("offers", "Dimension")
    Factor = apps.get_model("offers", "Factor")
    dimensions = {}
    for key, label, question, position in DIMENSIONS:
        dimensions[key], _ = Dimension.objects.get_or_create(
            key=key,
            defaults={
                "label": label,
                "question": question,
                "position": position,
                "strong_threshold": 70,
            },
        )
    for position, (key, dimension, label, help_text) in enumerate(FACTORS, start=1):
        Factor.objects.get_or_create(
            key=key,
            defaults={
                "dimension": dimensions[dimension],
                "label": label,
                "help_text": help_text,
                "position": position,
                "weight": 1,
                "active": True,
            },
        )


def remove(apps, schema_editor):
    apps.get_model("offers", "Factor").objects.filter(key__in=[f[0] for f in FACTORS]).delete()
    apps.get_model("offers", "Dimension").objects.filter(
        key__in=[d[0] for d in DIMENSIONS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("offers", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
