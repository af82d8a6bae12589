import itertools

from offers.chart import LABEL_HEIGHT, build_chart


def test_quadrants_and_thresholds_follow_the_thresholds():
    chart = build_chart([("A (X)", "A", "Ideal option", 80, 90)], 60, 75)
    assert chart.life_threshold_x == chart.plot_left + chart.plot_width * 0.6
    assert chart.future_threshold_y == chart.plot_top + chart.plot_height * 0.25
    ideal = next(r for r in chart.regions if r.css == "quadrant-ideal")
    assert (ideal.x, ideal.y) == (chart.life_threshold_x, chart.plot_top)
    assert {q.name for q in chart.quadrants} == {
        "Ideal option", "Pays the present", "Builds the future", "Weak on both"
    }  # fmt: skip


def test_labels_of_points_at_the_same_place_do_not_overlap():
    chart = build_chart(
        [(f"Offer {i}", f"Offer {i}", "Weak on both", 40, 40) for i in range(3)], 70, 70
    )
    ys = sorted(d.label_y for d in chart.dots)
    assert all(b - a >= LABEL_HEIGHT for a, b in itertools.pairwise(ys))
    assert [d.label for d in chart.dots] == ["1. Offer 0", "2. Offer 1", "3. Offer 2"]


def test_long_names_are_shortened_on_the_chart_but_kept_in_full_for_the_text():
    name = "Senior principal staff platform engineer"
    dot = build_chart([(name, name, "Ideal option", 90, 90)], 70, 70).dots[0]
    assert dot.label.endswith("…") and len(dot.label) < len(name)
    assert dot.name == name
    assert dot.anchor == "end"  # near the right edge the label sits left of the dot
