"""Geometry of the quadrant chart: life fit across, future value up, both 0–100.

Pure, like scoring: it places the threshold lines, the quadrant names and one labelled dot per
offer in SVG user units, and the template only draws what it is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from offers.scoring import Verdict

WIDTH = 560
HEIGHT = 440
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 48  # margins for axis labels
PLOT_W = WIDTH - LEFT - RIGHT
PLOT_H = HEIGHT - TOP - BOTTOM
LABEL_HEIGHT = 15  # px between two label baselines before they are moved apart
LABEL_MAX = 22


def x_of(score: float | Decimal) -> float:
    return round(LEFT + PLOT_W * float(score) / 100, 1)


def y_of(score: float | Decimal) -> float:
    return round(TOP + PLOT_H * (1 - float(score) / 100), 1)


@dataclass(frozen=True)
class Dot:
    number: int
    name: str
    label: str
    verdict: str
    life: int | Decimal
    future: int | Decimal
    cx: float
    cy: float
    label_x: float
    label_y: float
    anchor: str


@dataclass(frozen=True)
class Quadrant:
    name: str
    x: float
    y: float
    anchor: str


@dataclass(frozen=True)
class Region:
    css: str
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot_left: int
    plot_top: int
    plot_right: int
    plot_bottom: int
    life_threshold_x: float
    future_threshold_y: float
    quadrants: tuple[Quadrant, ...]
    regions: tuple[Region, ...]
    dots: tuple[Dot, ...]
    ticks: tuple[tuple[int, float, float], ...]  # (value, x, y)

    # Derived positions, so the template draws without arithmetic.
    @property
    def plot_width(self) -> int:
        return self.plot_right - self.plot_left

    @property
    def plot_height(self) -> int:
        return self.plot_bottom - self.plot_top

    @property
    def mid_x(self) -> float:
        return (self.plot_left + self.plot_right) / 2

    @property
    def mid_y(self) -> float:
        return (self.plot_top + self.plot_bottom) / 2

    @property
    def x_tick_end(self) -> int:
        return self.plot_bottom + 5

    @property
    def x_tick_label_y(self) -> int:
        return self.plot_bottom + 18

    @property
    def y_tick_start(self) -> int:
        return self.plot_left - 5

    @property
    def y_tick_label_x(self) -> int:
        return self.plot_left - 8

    @property
    def x_axis_label_y(self) -> int:
        return self.height - 6


def _short(text: str) -> str:
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1].rstrip() + "…"


def build_chart(
    points: list[tuple[str, str, str, int | Decimal, int | Decimal]],
    life_threshold: int,
    future_threshold: int,
) -> Chart:
    """Lay out the chart.

    `points` are (full name, short name, verdict label, life, future), best first.
    """
    placed: list[Dot] = []
    for number, (name, short, verdict, life, future) in enumerate(points, start=1):
        cx, cy = x_of(life), y_of(future)
        # Labels sit right of the dot, or left of it near the right edge.
        right_side = life <= 70
        label_y = cy + 4
        # Move a label down until it clears labels already placed on the same side nearby.
        for other in sorted(placed, key=lambda d: d.label_y):
            same_side = (other.anchor == "start") == right_side
            if (
                same_side
                and abs(other.cx - cx) < 150
                and abs(other.label_y - label_y) < LABEL_HEIGHT
            ):
                label_y = other.label_y + LABEL_HEIGHT
        placed.append(
            Dot(
                number=number,
                name=name,
                label=f"{number}. {_short(short)}",
                verdict=verdict,
                life=life,
                future=future,
                cx=cx,
                cy=cy,
                label_x=cx + 9 if right_side else cx - 9,
                label_y=round(min(label_y, TOP + PLOT_H - 4), 1),
                anchor="start" if right_side else "end",
            )
        )
    tx, ty = x_of(life_threshold), y_of(future_threshold)
    top, bottom = TOP + 14, TOP + PLOT_H - 8
    left, right = LEFT + 6, LEFT + PLOT_W - 6
    quadrants = (
        Quadrant(Verdict.FUTURE.label, left, top, "start"),
        Quadrant(Verdict.IDEAL.label, right, top, "end"),
        Quadrant(Verdict.WEAK.label, left, bottom, "start"),
        Quadrant(Verdict.PRESENT.label, right, bottom, "end"),
    )
    x0, x1, y0, y1 = LEFT, LEFT + PLOT_W, TOP, TOP + PLOT_H
    regions = (
        Region("quadrant-future", x0, y0, tx - x0, ty - y0),
        Region("quadrant-ideal", tx, y0, x1 - tx, ty - y0),
        Region("quadrant-weak", x0, ty, tx - x0, y1 - ty),
        Region("quadrant-present", tx, ty, x1 - tx, y1 - ty),
    )
    ticks = tuple((v, x_of(v), y_of(v)) for v in (0, 25, 50, 75, 100))
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        plot_left=LEFT,
        plot_top=TOP,
        plot_right=LEFT + PLOT_W,
        plot_bottom=TOP + PLOT_H,
        life_threshold_x=tx,
        future_threshold_y=ty,
        quadrants=quadrants,
        regions=regions,
        dots=tuple(placed),
        ticks=ticks,
    )
