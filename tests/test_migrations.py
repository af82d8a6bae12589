"""Data migrations do what they say on data that exists before them."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(to):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(to)
    return executor.loader.project_state(to).apps


def test_twins_let_in_by_a_race_get_numbered_before_the_constraint_lands():
    old = migrate([("offers", "0003_importance_and_current_job")])
    User = old.get_model("accounts", "User")
    Comparison, Offer = old.get_model("offers", "Comparison"), old.get_model("offers", "Offer")
    owner = User.objects.create(email="twins@example.com")
    comparison = Comparison.objects.create(owner=owner, title="Races")
    for title in ("Analyst", "ANALYST", "analyst", "Analyst (2)"):
        employer = "Acme" if title != "Analyst (2)" else "ACME"
        Offer.objects.create(comparison=comparison, title=title, employer=employer)
    try:
        new = migrate([("offers", "0004_one_offer_per_role_and_employer")])
        titles = sorted(new.get_model("offers", "Offer").objects.values_list("title", flat=True))
        # "Analyst (2)" at ACME was taken: the twins became (3) and (4).
        assert titles == ["ANALYST (3)", "Analyst", "Analyst (2)", "analyst (4)"]
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_the_plan_texts_are_seeded_for_every_factor_and_removed_on_the_way_back():
    old = migrate([("offers", "0010_decision_and_plan")])
    assert not old.get_model("offers", "PlanAdvice").objects.exists()
    try:
        new = migrate([("offers", "0011_plan_texts")])
        PlanAdvice = new.get_model("offers", "PlanAdvice")
        kinds = sorted(set(PlanAdvice.objects.values_list("factor__key", "kind")))
        future = ["achievements", "advancement", "modern_tools", "network", "skill_growth"]
        life = ["benefits", "location", "pay", "predictability", "schedule", "workload"]
        assert kinds == sorted(
            [(k, "habit") for k in future]
            + [(k, "question") for k in future]
            + [(k, "negotiate") for k in life]
        )
        assert PlanAdvice.objects.filter(kind="question").count() == 10
        # Run again (the test fixtures do), it adds nothing.
        module = importlib.import_module("offers.migrations.0011_plan_texts")
        module.create(new, None)
        assert PlanAdvice.objects.count() == 21
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
