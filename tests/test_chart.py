"""The quadrant chart's layout (offers/chart.py): pure, no database."""

import itertools
import random
import re
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from offers.chart import Box, ChartPoint, build_chart
from offers.scoring import Verdict

PHONE_CHART_WIDTH = 343  # CSS px of the figure on a 375 px wide page (at most; 351 measured)


def verdict_of(life, future, life_threshold=70, future_threshold=70) -> Verdict:
    strong = (life >= life_threshold, future >= future_threshold)
    return {
        (True, True): Verdict.IDEAL,
        (True, False): Verdict.PRESENT,
        (False, True): Verdict.FUTURE,
        (False, False): Verdict.WEAK,
    }[strong]


def point(number, life, future, *, short=None, thresholds=(70, 70)) -> ChartPoint:
    short = short or f"Role {number}"
    return ChartPoint(
        number=number,
        name=f"{short} (Employer {number})",
        short=short,
        verdict=verdict_of(life, future, *thresholds),
        life=life,
        future=future,
        href=f"#offer-{100 + number}",
    )


def shown_numbers(label: str) -> set[int]:
    """The offer numbers a label names: "3. Tester" → {3}; "1–3, 7" → {1, 2, 3, 7}."""
    if m := re.fullmatch(r"(\d+)\. .+", label):
        return {int(m[1])}
    numbers = set()
    for part in label.split(", "):
        if m := re.fullmatch(r"(\d+)–(\d+)", part):
            numbers.update(range(int(m[1]), int(m[2]) + 1))
        elif part.isdigit():
            numbers.add(int(part))
    return numbers


def assert_labels_are_clear(chart, points, life_threshold, future_threshold):
    """The product's rule for labels, checked on boxes in user units."""
    tx, ty = chart.life_threshold_x, chart.future_threshold_y
    vertical = Box(tx, chart.frame.y, 0, chart.frame.height)
    horizontal = Box(chart.frame.x, ty, chart.frame.width, 0)
    drawn = [dot for dot in chart.dots if dot.draws_label]
    assert len(chart.dots) == len(points)

    for a, b in itertools.combinations(drawn, 2):
        assert not a.label_box.intersects(b.label_box), (a.label, b.label)
    for dot in chart.dots:
        box = dot.label_box
        # Every dot has a label: its own, or one it shares, drawn by exactly one dot.
        assert dot.label
        assert sum(d.draws_label and d.label_box == box for d in chart.dots) == 1
        assert dot.number in shown_numbers(dot.label) or dot.label.endswith(("…", "+"))
        assert not box.intersects(vertical) and not box.intersects(horizontal), dot.label
        for quadrant in chart.quadrants:
            assert not box.intersects(quadrant.box), (dot.label, quadrant.name)
        assert chart.frame.contains(box)
        # On the dot's side of both lines; a score equal to the threshold is strong.
        if dot.life >= life_threshold:
            assert box.x > tx
        else:
            assert box.right < tx
        if dot.future >= future_threshold:
            assert box.bottom < ty
        else:
            assert box.y > ty


# --- Properties ------------------------------------------------------------------------------

NAMES = [
    "Dev",
    "Product analyst",
    "Senior principal staff platform engineer",
    "WWW MANAGER",
    "Ingénieure logiciel",
    "Teacher",
]


@st.composite
def charts(draw):
    life_threshold = draw(st.integers(50, 90))
    future_threshold = draw(st.integers(50, 90))

    def score(threshold):
        just_under = Decimal(threshold) - Decimal("0.1")  # shown with a decimal
        return st.one_of(
            st.integers(0, 100),
            st.sampled_from([0, 100, threshold, threshold + 1, threshold - 1, just_under]),
        )

    spot = st.tuples(score(life_threshold), score(future_threshold))
    pool = draw(st.lists(spot, min_size=1, max_size=4))  # spots several offers share
    spots = draw(st.lists(st.one_of(st.sampled_from(pool), spot), min_size=1, max_size=12))
    numbers = draw(st.permutations(range(1, len(spots) + 1)))
    points = [
        point(
            number,
            life,
            future,
            short=draw(st.sampled_from(NAMES)),
            thresholds=(life_threshold, future_threshold),
        )
        for number, (life, future) in zip(numbers, spots, strict=True)
    ]
    return points, life_threshold, future_threshold


@settings(max_examples=300, deadline=None)
@given(charts())
def test_labels_never_overlap_and_stay_in_their_dots_quadrant(case):
    points, life_threshold, future_threshold = case
    chart = build_chart(points, life_threshold, future_threshold)
    assert_labels_are_clear(chart, points, life_threshold, future_threshold)


# --- Examples --------------------------------------------------------------------------------


def test_quadrants_and_thresholds_follow_the_thresholds():
    chart = build_chart([point(1, 80, 90)], 60, 75)
    assert chart.life_threshold_x == chart.plot_left + chart.plot_width * 0.6
    assert chart.future_threshold_y == round(chart.plot_top + chart.plot_height * 0.25, 1)
    ideal = next(r for r in chart.regions if r.css == "quadrant-ideal")
    assert (ideal.x, ideal.y) == (chart.life_threshold_x, chart.frame.y)
    assert {q.name for q in chart.quadrants} == {
        "Ideal option", "Pays the present", "Builds the future", "Weak on both"
    }  # fmt: skip


def test_scores_0_and_100_lie_inside_the_frame_clear_of_the_corner_names():
    chart = build_chart([point(1, 100, 100), point(2, 0, 0)], 70, 70)
    top, bottom = chart.dots
    assert (top.cx, top.cy) == (chart.plot_right, chart.plot_top)
    assert (bottom.cx, bottom.cy) == (chart.plot_left, chart.plot_bottom)
    for dot in chart.dots:
        circle = Box(dot.cx - 9, dot.cy - 9, 18, 18)
        assert chart.frame.contains(circle)
        assert not any(circle.intersects(q.box) for q in chart.quadrants)


def test_a_dot_carries_its_link_its_verdict_and_a_class_from_the_verdict():
    dot = build_chart([point(1, 80, 40)], 70, 70).dots[0]
    assert (dot.href, dot.verdict, dot.css) == ("#offer-101", "Pays the present", "dot-present")
    assert dot.name == "Role 1 (Employer 1)"


def test_a_label_names_the_offer_where_there_is_room():
    dot = build_chart([point(1, 30, 30, short="Tester")], 70, 70).dots[0]
    assert dot.label == "1. Tester"
    assert dot.anchor == "start" and dot.label_box.x > dot.cx  # right of the dot


def test_long_names_are_shortened_on_the_chart_but_kept_in_full_for_the_text():
    name = "Senior principal staff platform engineer"
    dot = build_chart([point(1, 30, 30, short=name)], 70, 70).dots[0]
    assert dot.label.startswith("1. Senior") and dot.label.endswith("…")
    assert dot.name == f"{name} (Employer 1)"


def test_a_name_too_wide_for_a_small_quadrant_gives_way_to_the_number():
    dot = build_chart([point(1, 85, 85, short="Senior platform engineer")], 70, 70).dots[0]
    assert dot.label == "1"


def test_twelve_offers_at_the_same_point_share_one_label():
    points = [point(n, 80, 80) for n in range(1, 13)]
    chart = build_chart(points, 70, 70)
    assert {d.label for d in chart.dots} == {"1–12"}
    assert [d.number for d in chart.dots if d.draws_label] == [12]  # drawn last, on top
    assert_labels_are_clear(chart, points, 70, 70)


def test_offers_at_one_spot_share_a_label_and_the_others_keep_theirs():
    points = [point(1, 40, 40), point(2, 90, 90), point(3, 40, 40), point(4, 40, 40)]
    chart = build_chart(points, 70, 70)
    assert [d.label for d in chart.dots] == ["1, 3, 4", "2. Role 2", "1, 3, 4", "1, 3, 4"]
    assert_labels_are_clear(chart, points, 70, 70)


def test_offers_at_100_100_keep_their_labels_off_the_ideal_option_name():
    points = [point(1, 100, 100), point(2, 100, 100), point(3, 99, 98), point(4, 100, 96)]
    chart = build_chart(points, 70, 70)
    ideal = next(q for q in chart.quadrants if q.name == "Ideal option")
    assert ideal.box.right == chart.frame.right - 4  # in its corner
    assert all(not d.label_box.intersects(ideal.box) for d in chart.dots)
    assert_labels_are_clear(chart, points, 70, 70)


def test_a_dot_exactly_on_both_thresholds_is_labelled_on_the_strong_side():
    chart = build_chart([point(1, 70, 70)], 70, 70)
    dot = chart.dots[0]
    assert (dot.cx, dot.cy) == (chart.life_threshold_x, chart.future_threshold_y)
    assert dot.label_box.x > dot.cx and dot.label_box.bottom < dot.cy
    assert_labels_are_clear(chart, chart.dots, 70, 70)


def test_a_dot_just_under_a_threshold_is_labelled_on_the_weak_side():
    chart = build_chart([point(1, Decimal("69.9"), 80)], 70, 70)
    assert chart.dots[0].label_box.right < chart.life_threshold_x


def test_a_quadrant_name_too_wide_for_its_quadrant_takes_two_lines():
    chart = build_chart([point(1, 50, 50)], 70, 70)
    names = {q.name: [text for text, _ in q.lines] for q in chart.quadrants}
    assert names["Pays the present"] == ["Pays the", "present"]
    assert names["Builds the future"] == ["Builds the future"]
    wide = build_chart([point(1, 50, 50)], 50, 50)
    assert all(len(q.lines) == 1 for q in wide.quadrants)


def test_quadrant_names_do_not_overlap_each_other():
    for life_threshold in range(50, 91):
        names = build_chart([point(1, 50, 50)], life_threshold, 70).quadrants
        for a, b in itertools.combinations(names, 2):
            assert not a.box.intersects(b.box), (life_threshold, a.name, b.name)


def test_chart_text_is_at_least_12_px_on_a_375_px_phone():
    chart = build_chart([point(1, 50, 50)], 70, 70)
    assert chart.font_size * PHONE_CHART_WIDTH / chart.width >= 12


def test_fifty_offers_still_get_a_chart_with_a_label_for_every_dot():
    rng = random.Random(7)
    points = [point(n, rng.randint(0, 100), rng.randint(0, 100)) for n in range(1, 51)]
    chart = build_chart(points, 70, 70)
    assert len(chart.dots) == 50
    assert all(d.label and chart.frame.contains(d.label_box) for d in chart.dots)


def test_an_extreme_threshold_does_not_break_the_chart():
    chart = build_chart([point(n, 100, 100, thresholds=(100, 100)) for n in (1, 2)], 100, 100)
    assert all(d.label for d in chart.dots)


def test_no_points_give_no_dots():
    assert build_chart([], 70, 70).dots == ()


def test_a_partly_rated_offer_is_drawn_hollow_and_says_so():
    point = ChartPoint(1, "A (X)", "A", Verdict.IDEAL, 80, 80, "#offer-1", partly_rated=True)
    dot = build_chart([point], 70, 70).dots[0]
    assert dot.partly_rated
    assert dot.css == "dot-ideal dot-partly"
