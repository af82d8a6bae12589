"""The first texts of the plan the comparison page proposes; admins edit them afterwards.

For each factor of future value: one habit to keep once in the job and two questions to ask the
employer before signing. For each factor of life fit: what to negotiate instead.
"""

from django.db import migrations

# (factor key, kind, text), in the order they are shown within a factor.
TEXTS = [
    (
        "skill_growth",
        "habit",
        "Block one hour a week for learning something your next job will ask for, and jot "
        "down what you picked up.",
    ),
    (
        "skill_growth",
        "question",
        "What will someone in this role know after a year that they did not know on the first day?",
    ),
    (
        "skill_growth",
        "question",
        "Is there time or a budget for training, and how did the team use it last year?",
    ),
    (
        "achievements",
        "habit",
        "Once a month, write down what you delivered with a number attached: hours saved, "
        "sales, users, errors fixed.",
    ),
    (
        "achievements",
        "question",
        "How is success in this role measured, and who looks at the figures?",
    ),
    (
        "achievements",
        "question",
        "After six months, what would make you say the person you hired did well?",
    ),
    (
        "modern_tools",
        "habit",
        "Each quarter, try one tool or method your field is moving to on a small task, and "
        "note how it went.",
    ),
    (
        "modern_tools",
        "question",
        "Which tools does the team use day to day, and what do you plan to change in the next "
        "year?",
    ),
    (
        "modern_tools",
        "question",
        "If I suggest a new tool or way of working, how would we try it, and who decides?",
    ),
    (
        "network",
        "habit",
        "Have one conversation a month with someone outside your team, and keep a short list "
        "of who you met and what about.",
    ),
    (
        "network",
        "question",
        "Who would I work with most closely, and who here could I learn from?",
    ),
    (
        "network",
        "question",
        "Do people here have mentors, or go to meetups and conferences outside the company?",
    ),
    (
        "advancement",
        "habit",
        "Every three months, ask your manager what the next step is and what you still need "
        "to show for it, and write the answer down.",
    ),
    (
        "advancement",
        "question",
        "Where are the people who held this role before now?",
    ),
    (
        "advancement",
        "question",
        "What does it take to move up from this role, and how long does that usually take?",
    ),
    (
        "pay",
        "negotiate",
        "Ask for a higher base salary, backed by what this role pays elsewhere, or a pay "
        "review after six months written into the contract.",
    ),
    (
        "benefits",
        "negotiate",
        "Ask to swap perks you would not use for ones you would: more leave, a pension "
        "contribution, health cover or a travel pass.",
    ),
    (
        "schedule",
        "negotiate",
        "Ask for set core hours with a free start and finish, or days of the week you choose "
        "yourself.",
    ),
    (
        "location",
        "negotiate",
        "Ask for more days at home, help with travel costs, or hours that miss the worst of "
        "the commute.",
    ),
    (
        "predictability",
        "negotiate",
        "Ask for your hours and on-call duties in writing, and for notice before a rota changes.",
    ),
    (
        "workload",
        "negotiate",
        "Ask how much work the role carries, and agree a limit, extra help, or time off in "
        "return for busy weeks.",
    ),
]


def create(apps, schema_editor):
    Factor = apps.get_model("offers", "Factor")
    PlanAdvice = apps.get_model("offers", "PlanAdvice")
    factors = Factor.objects.in_bulk({key for key, _, _ in TEXTS}, field_name="key")
    for position, (key, kind, text) in enumerate(TEXTS, start=1):
        factor = factors.get(key)
        if factor is None:  # a factor an admin renamed the key of: they write its texts
            continue
        PlanAdvice.objects.get_or_create(
            factor=factor, kind=kind, text=text, defaults={"position": position}
        )


def remove(apps, schema_editor):
    PlanAdvice = apps.get_model("offers", "PlanAdvice")
    for key, kind, text in TEXTS:
        PlanAdvice.objects.filter(factor__key=key, kind=kind, text=text).delete()


class Migration(migrations.Migration):
    dependencies = [("offers", "0010_decision_and_plan")]

    operations = [migrations.RunPython(create, remove)]
