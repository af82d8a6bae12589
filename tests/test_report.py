"""The comparison page's view-model: the words it puts on the page (pure helpers)."""

from fractions import Fraction

import pytest

from offers.report import flip_down_text, flip_up_text, points, signed
from offers.scoring import FUTURE_VALUE, LIFE_FIT, Flip, Verdict


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "no points"), (Fraction(1, 3), "less than a point"), (Fraction(3, 2), "2 points"),
     (1, "1 point"), (Fraction(-25, 2), "13 points"), (25, "25 points")],
)  # fmt: skip
def test_points_are_whole_halves_up_as_scores_are_and_said_as_people_say_them(value, text):
    assert points(value) == text


def test_signed_numbers_use_a_true_minus_sign():
    assert (signed(12), signed(-8), signed(0)) == ("+12", "−8", "±0")


def test_a_lift_names_the_rating_change_the_dimension_and_the_new_verdict():
    flip = Flip("predictability", "Predictability", LIFE_FIT, 3, 4, Verdict.IDEAL)
    assert flip_up_text(flip) == (
        "One step higher on Predictability (3 → 4) would make it strong on life fit: Ideal option."
    )


@pytest.mark.parametrize(
    ("old", "new", "start"), [(4, 3, "One step lower on"), (5, 2, "3 steps lower on")]
)
def test_a_break_counts_the_points_it_takes(old, new, start):
    flip = Flip("network", "Network quality", FUTURE_VALUE, old, new, Verdict.PRESENT)
    assert flip_down_text(flip) == (
        f"{start} Network quality ({old} → {new}) and it stops being strong on future value: "
        "Pays the present."
    )
