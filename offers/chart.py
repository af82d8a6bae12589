"""Geometry of the quadrant chart: life fit across, future value up, both 0–100.

Pure, like scoring: it places the threshold lines, the quadrant names and one labelled dot per
offer in SVG user units, and the template only draws what it is given.

The label rule: a label never overlaps another label, a threshold line or a quadrant name, and
stays inside its dot's quadrant and the plot frame. Each label is placed by a search over
candidate boxes near its dot (right, left, above, below, then further out); when the long text
("3. Product analyst") finds no room it falls back to the number, and when even that finds none
near the dot, the dot shares a label with its nearest neighbour in the quadrant ("1, 3–5").
Dots at the same spot always share one label. The legend under the chart names every number.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from offers.scoring import Verdict

# The SVG scales to its container. Text must be ≥ 12 CSS px on a 375 px phone, where the
# chart is 351 px wide: FONT_SIZE / WIDTH ≥ 12 / 351, so 20 user units give 12.5 px there
# (and 12 px from 336 px up). The stylesheet caps the display width so desktop text stays ~16 px.
WIDTH = 560
FONT_SIZE = 20
LINE = 25  # height of a text box: descenders, accents and the white halo fit inside
BASELINE = 18  # from a text box's top to its baseline
PAD = 2  # sideways room for the halo, inside a text box
GAP = 2  # between two text boxes
INSET = 3  # between a label and a threshold line (the dashed line is 2.5 units wide)
RADIUS = 9

# The frame is the drawn plot area. Scores 0–100 map into it, inset so that no dot touches
# the quadrant names, which sit in bands along its top and bottom edges (one or two lines high).
FRAME_LEFT, FRAME_TOP, FRAME_WIDTH, FRAME_HEIGHT = 82, 6, 456, 480
FRAME_RIGHT = FRAME_LEFT + FRAME_WIDTH
FRAME_BOTTOM = FRAME_TOP + FRAME_HEIGHT
HEIGHT = FRAME_BOTTOM + 62  # x tick labels and the axis label below
PAD_X = 16
CORNER = 4  # between a quadrant name and the frame
PLOT_LEFT, PLOT_RIGHT = FRAME_LEFT + PAD_X, FRAME_RIGHT - PAD_X

NAMED_POINTS_MAX = 12  # more dots than this are labelled by number only
LABEL_MAX = 22  # characters of "3. Product analyst", before it is shortened
LABEL_MID = 12
NEAR = 2 * LINE  # how far from its dot a label may go before the dot shares a label
STEP = 4  # grid of the search for a free place

# Widths in em of DejaVu Sans, the widest common sans-serif (measured in Chromium, rounded up),
# so the estimate covers narrower fonts such as Arial, Roboto, Segoe UI or San Francisco.
# (regular, bold) per character class; anything not listed counts as a capital.
_NARROW = ("ijlI.,:;'|", 0.35, 0.42)
_THIN = ('frtJ()[]-/ !"*_–', 0.51, 0.53)
_WIDE = ("mwMW%@—…", 1.0, 1.1)
_DIGIT = ("0123456789", 0.64, 0.70)
_LOWER = ("abcdeghknopqsuvxyzßéèêëàâäáçñóòôöúùûüíìîï?", 0.64, 0.73)
_CAPITAL = 0.80, 0.86
_FULL = 1.0, 1.1  # East Asian wide characters


def text_width(text: str, *, bold: bool = False) -> float:
    """A deterministic over-estimate of `text`'s width at FONT_SIZE, halo included."""
    col = 2 if bold else 1
    ems = 0.0
    for char in text:
        for group in (_NARROW, _THIN, _WIDE, _DIGIT, _LOWER):
            if char in group[0]:
                ems += group[col]
                break
        else:
            wide = unicodedata.east_asian_width(char) in ("W", "F")
            ems += (_FULL if wide else _CAPITAL)[col - 1]
    return round(ems * FONT_SIZE + 2 * PAD, 1)


def x_of(score: float | Decimal) -> float:
    return round(PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * float(score) / 100, 1)


def y_of(score: float | Decimal, top: float, bottom: float) -> float:
    return round(top + (bottom - top) * (1 - float(score) / 100), 1)


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def intersects(self, other: Box) -> bool:
        """True when the two overlap; boxes that only touch do not."""
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )

    def contains(self, other: Box) -> bool:
        return (
            self.x <= other.x
            and self.y <= other.y
            and other.right <= self.right
            and other.bottom <= self.bottom
        )

    def grown(self, by: float) -> Box:
        return Box(self.x - by, self.y - by, self.width + 2 * by, self.height + 2 * by)

    def distance_to(self, other: Box) -> float:
        dx = max(other.x - self.right, self.x - other.right, 0)
        dy = max(other.y - self.bottom, self.y - other.bottom, 0)
        return (dx * dx + dy * dy) ** 0.5


@dataclass(frozen=True)
class ChartPoint:
    number: int  # the offer's number as shown on the page (its rank)
    name: str  # full display name, e.g. "Product analyst (Northwind Retail)"
    short: str  # shorter label text, e.g. "Product analyst"
    verdict: Verdict  # never INCOMPLETE: those are not plotted
    life: int | Decimal  # shown life-fit score 0..100
    future: int | Decimal
    href: str  # link target of the dot, e.g. "#offer-12" (the offer's card)
    partly_rated: bool = False  # drawn hollow: its place may still move


@dataclass(frozen=True)
class Dot:
    number: int
    name: str
    verdict: str  # the verdict's label, e.g. "Ideal option"
    css: str  # e.g. "dot-ideal", plus "dot-partly" for a partly rated offer
    partly_rated: bool
    life: int | Decimal
    future: int | Decimal
    href: str
    cx: float
    cy: float
    label: str  # the text of the label this dot has, shared by dots at one spot ("1–3")
    label_box: Box
    label_x: float
    label_y: float
    anchor: str  # text-anchor of the label: start, middle or end
    draws_label: bool  # the last dot of a shared label draws it, inside its link


@dataclass(frozen=True)
class Quadrant:
    name: str
    x: float
    anchor: str
    lines: tuple[tuple[str, float], ...]  # (text, baseline y): two lines where one is too wide
    box: Box


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
    font_size: int
    plot_left: float  # where scores 0 and 100 lie; the frame adds room around them
    plot_top: float
    plot_right: float
    plot_bottom: float
    frame: Box
    life_threshold_x: float
    future_threshold_y: float
    quadrants: tuple[Quadrant, ...]
    regions: tuple[Region, ...]
    dots: tuple[Dot, ...]
    ticks: tuple[tuple[int, float, float], ...]  # (value, x, y)

    # Derived positions, so the template draws without arithmetic.
    @property
    def dot_radius(self) -> int:
        return RADIUS

    @property
    def plot_width(self) -> float:
        return self.plot_right - self.plot_left

    @property
    def plot_height(self) -> float:
        return self.plot_bottom - self.plot_top

    @property
    def mid_x(self) -> float:
        return self.frame.x + self.frame.width / 2

    @property
    def mid_y(self) -> float:
        return self.frame.y + self.frame.height / 2

    @property
    def x_tick_end(self) -> float:
        return self.frame.bottom + 6

    @property
    def x_tick_label_y(self) -> float:
        return self.frame.bottom + 6 + BASELINE

    @property
    def y_tick_start(self) -> float:
        return self.frame.x - 6

    @property
    def y_tick_label_x(self) -> float:
        return self.frame.x - 9

    @property
    def y_tick_label_dy(self) -> int:
        return round(FONT_SIZE * 0.35)  # centres the digits on the tick

    @property
    def x_axis_label_y(self) -> int:
        return self.height - 8

    @property
    def y_axis_label_x(self) -> int:
        return 20


# --- Label placement -------------------------------------------------------------------------


@dataclass
class _Group:
    """Dots that share one label: those at one spot, or neighbours merged for want of room."""

    points: list[ChartPoint]
    spots: list[tuple[float, float]]
    region: Box
    box: Box | None = None
    text: str = ""

    @property
    def first(self) -> ChartPoint:
        return min(self.points, key=lambda p: p.number)

    @property
    def last(self) -> ChartPoint:
        """It draws the label: after the group's other dots, so they never cover it."""
        return max(self.points, key=lambda p: p.number)

    @property
    def around(self) -> Box:
        """The smallest box holding the centres of the group's dots."""
        xs, ys = [x for x, _ in self.spots], [y for _, y in self.spots]
        return Box(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _numbers(numbers: Sequence[int]) -> str:
    """1, 2, 3, 5 → "1–3, 5"."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{run[0]}–{run[-1]}")
        else:
            parts.extend(str(n) for n in run)
    return ", ".join(parts)


def _texts(group: _Group, *, names: bool) -> list[str]:
    """The label texts to try for a group, longest first."""
    if len(group.points) == 1:
        point = group.points[0]
        if not names:
            return [str(point.number)]
        long = f"{point.number}. {_shorten(point.short, LABEL_MAX)}"
        mid = f"{point.number}. {_shorten(point.short, LABEL_MID)}"
        return list(dict.fromkeys([long, mid, str(point.number)]))
    return [_numbers([p.number for p in group.points])]


def _last_resort_texts(group: _Group) -> list[str]:
    numbers = sorted(p.number for p in group.points)
    texts = [_numbers(numbers)]
    if len(numbers) > 1:
        texts += [f"{numbers[0]}, …", f"{numbers[0]}+"]
    return texts


def _candidates(around: Box, width: float, region: Box, reach: float | None) -> Iterator[Box]:
    """Boxes of `width` in `region`, the natural places next to the dot first, then nearest."""
    lo_x, hi_x = region.x, region.right - width
    lo_y, hi_y = region.y, region.bottom - LINE
    if hi_x < lo_x or hi_y < lo_y:
        return
    cx, cy = around.x + around.width / 2, around.y + around.height / 2
    side, clear = RADIUS + 3, RADIUS + 1  # text starts a little further out than it ends
    natural = [
        (around.right + side, cy - LINE / 2),  # right
        (around.x - side - width, cy - LINE / 2),  # left
        (cx - width / 2, around.y - clear - LINE),  # above
        (cx - width / 2, around.bottom + clear),  # below
        (around.right + clear, around.y - clear - LINE),  # above right
        (around.x - clear - width, around.y - clear - LINE),  # above left
        (around.right + clear, around.bottom + clear),  # below right
        (around.x - clear - width, around.bottom + clear),  # below left
    ]
    for x, y in natural:
        if lo_x <= x <= hi_x and lo_y <= y <= hi_y:
            yield Box(round(x, 1), round(y, 1), width, LINE)
    if reach is not None:
        lo_x, hi_x = max(lo_x, around.x - reach - width), min(hi_x, around.right + reach)
        lo_y, hi_y = max(lo_y, around.y - reach - LINE), min(hi_y, around.bottom + reach)
        if hi_x < lo_x or hi_y < lo_y:
            return
    # Anywhere in the quadrant (the last resort) a coarser grid keeps a crowded chart fast.
    step = STEP if reach is not None else 3 * STEP
    xs = [*_steps(lo_x, hi_x, step), hi_x]
    ys = [*_steps(lo_y, hi_y, step), hi_y]
    grid = [Box(round(x, 1), round(y, 1), width, LINE) for x in xs for y in ys]
    grid.sort(key=lambda box: (round(box.distance_to(around), 1), abs(box.y + LINE / 2 - cy)))
    for box in grid:
        if reach is None or box.distance_to(around) <= reach:
            yield box


def _steps(lo: float, hi: float, step: float = STEP) -> Iterator[float]:
    value = lo
    while value < hi:
        yield value
        value += step


def _free(box: Box, taken: Sequence[Box]) -> bool:
    return not any(box.intersects(other) for other in taken)


def _place(
    group: _Group,
    texts: Sequence[str],
    taken: Sequence[Box],
    dots: Sequence[Box],
    reach: float | None,
) -> bool:
    """Give the group the first text and box that fit clear of the dots; False when none does.

    Without a reach (the last resort, anywhere in the quadrant) a label covers dots when it
    must: as few as it can, and it keeps the longest text that fits at all.
    """
    fallback: tuple[int, Box, str] | None = None
    for text in texts:
        width = text_width(text)
        for box in _candidates(group.around, width, group.region, reach):
            if not _free(box, taken):
                continue
            covered = sum(box.intersects(dot) for dot in dots)
            if not covered:
                group.box, group.text = box, text
                return True
            if reach is None and (fallback is None or covered < fallback[0]):
                fallback = covered, box, text
        if fallback is not None:
            _, group.box, group.text = fallback
            return True
    return False


def _layout(
    groups: list[_Group], obstacles: list[Box], dots: list[Box], *, names: bool
) -> list[_Group]:
    """Place the groups' labels in rank order; crowded ones end up sharing a label."""
    placed: list[_Group] = []
    pending = sorted(groups, key=lambda g: g.first.number)
    while pending:
        group = pending.pop(0)
        taken = [*obstacles, *(g.box.grown(GAP) for g in placed)]
        texts = _texts(group, names=names)
        if _place(group, texts, taken, dots, NEAR):
            placed.append(group)
            continue
        neighbours = [g for g in placed if g.region == group.region]
        nearest = min(neighbours, key=lambda g: g.around.distance_to(group.around), default=None)
        # A close neighbour shares its label; a far one only when no place is left nearby.
        if nearest and nearest.around.distance_to(group.around) <= NEAR:
            placed.remove(nearest)
            pending.insert(0, _merged(nearest, group))
            continue
        if _place(group, texts[-1:], taken, dots, 3 * NEAR):
            placed.append(group)
            continue
        if nearest:
            placed.remove(nearest)
            pending.insert(0, _merged(nearest, group))
            continue
        if not _place(group, _last_resort_texts(group), taken, dots, None):
            # Only with a threshold near 0 or 100 is a quadrant too thin for any label: draw
            # it at the quadrant's edge rather than fail.
            text = _last_resort_texts(group)[-1]
            width = text_width(text)
            x = min(max(group.region.x, FRAME_LEFT), FRAME_RIGHT - width)
            y = min(max(group.region.y, FRAME_TOP), FRAME_BOTTOM - LINE)
            group.box, group.text = Box(x, y, width, LINE), text
        placed.append(group)
    return placed


def _merged(a: _Group, b: _Group) -> _Group:
    return _Group(points=a.points + b.points, spots=a.spots + b.spots, region=a.region)


def _regions(tx: float, ty: float) -> dict[tuple[bool, bool], Box]:
    """Where labels may go, by (strong life, strong future): a quadrant less a margin."""
    left, right = FRAME_LEFT + 1, FRAME_RIGHT - 1
    top, bottom = FRAME_TOP + 1, FRAME_BOTTOM - 1
    return {
        (False, True): Box(left, top, tx - INSET - left, ty - INSET - top),
        (True, True): Box(tx + INSET, top, right - tx - INSET, ty - INSET - top),
        (False, False): Box(left, ty + INSET, tx - INSET - left, bottom - ty - INSET),
        (True, False): Box(tx + INSET, ty + INSET, right - tx - INSET, bottom - ty - INSET),
    }


def _wrap(text: str, room: float) -> list[str]:
    """One line if it fits the quadrant, else two; one again if two do not fit either."""
    if text_width(text, bold=True) <= room:
        return [text]
    words = text.split()
    for cut in range(len(words) - 1, 0, -1):
        lines = [" ".join(words[:cut]), " ".join(words[cut:])]
        if all(text_width(line, bold=True) <= room for line in lines):
            return lines
    return [text]  # a very thin quadrant: the name crosses the threshold line


def _quadrant_names(tx: float) -> tuple[Quadrant, ...]:
    """The quadrant names in the frame's corners."""
    names = []
    for verdict, right, top in (
        (Verdict.FUTURE, False, True),
        (Verdict.IDEAL, True, True),
        (Verdict.WEAK, False, False),
        (Verdict.PRESENT, True, False),
    ):
        room = (FRAME_RIGHT - tx if right else tx - FRAME_LEFT) - CORNER - INSET
        lines = _wrap(verdict.label, room)
        width = max(text_width(line, bold=True) for line in lines)
        x = FRAME_RIGHT - CORNER - width if right else FRAME_LEFT + CORNER
        y = FRAME_TOP + CORNER if top else FRAME_BOTTOM - CORNER - len(lines) * LINE
        box = Box(x, y, width, len(lines) * LINE)
        names.append(
            Quadrant(
                name=verdict.label,
                x=box.right - PAD if right else box.x + PAD,
                anchor="end" if right else "start",
                lines=tuple((line, y + i * LINE + BASELINE) for i, line in enumerate(lines)),
                box=box,
            )
        )
    return tuple(names)


def _text_position(box: Box, cx: float) -> tuple[float, float, str]:
    """Anchor the text on the side nearest the dot, as the width is an over-estimate."""
    y = round(box.y + BASELINE, 1)
    if box.right <= cx:
        return round(box.right - PAD, 1), y, "end"
    if box.x >= cx:
        return round(box.x + PAD, 1), y, "start"
    return round(box.x + box.width / 2, 1), y, "middle"


def build_chart(points: Sequence[ChartPoint], life_threshold: int, future_threshold: int) -> Chart:
    """Lay out the chart for `points`, best first."""
    tx = x_of(life_threshold)
    quadrants = _quadrant_names(tx)
    # Scores map below the top names and above the bottom ones, so no dot touches a name.
    top = max(q.box.bottom for q in quadrants[:2]) + RADIUS + 4
    bottom = min(q.box.y for q in quadrants[2:]) - RADIUS - 4
    ty = y_of(future_threshold, top, bottom)
    regions = _regions(tx, ty)

    by_spot: dict[tuple[float, float, bool, bool], _Group] = {}
    for point in points:
        spot = x_of(point.life), y_of(point.future, top, bottom)
        side = (point.life >= life_threshold, point.future >= future_threshold)
        key = (*spot, *side)
        if key not in by_spot:
            by_spot[key] = _Group(points=[], spots=[spot], region=regions[side])
        by_spot[key].points.append(point)
    groups = list(by_spot.values())

    obstacles = [q.box.grown(GAP) for q in quadrants]
    dots = [
        Box(x - RADIUS - 1, y - RADIUS - 1, 2 * RADIUS + 2, 2 * RADIUS + 2) for x, y, *_ in by_spot
    ]
    # Names where there is room; numbers only when that leaves fewer dots sharing a label.
    # Past a dozen dots the names would not fit anyway: numbers only, laid out once.
    tries = (True, False) if len(points) <= NAMED_POINTS_MAX else (False,)
    layouts = [
        _layout([replace(g) for g in groups], obstacles, dots, names=names) for names in tries
    ]
    placed = max(layouts, key=len)

    label_of = {id(p): g for g in placed for p in g.points}
    plotted = []
    for point in points:
        group = label_of[id(point)]
        cx, cy = x_of(point.life), y_of(point.future, top, bottom)
        label_x, label_y, anchor = _text_position(group.box, cx)
        plotted.append(
            Dot(
                number=point.number,
                name=point.name,
                verdict=point.verdict.label,
                css=f"dot-{point.verdict.value}" + (" dot-partly" if point.partly_rated else ""),
                partly_rated=point.partly_rated,
                life=point.life,
                future=point.future,
                href=point.href,
                cx=cx,
                cy=cy,
                label=group.text,
                label_box=group.box,
                label_x=label_x,
                label_y=label_y,
                anchor=anchor,
                draws_label=point is group.last,
            )
        )

    x0, x1, y0, y1 = FRAME_LEFT, FRAME_RIGHT, FRAME_TOP, FRAME_BOTTOM
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        font_size=FONT_SIZE,
        plot_left=PLOT_LEFT,
        plot_top=top,
        plot_right=PLOT_RIGHT,
        plot_bottom=bottom,
        frame=Box(x0, y0, x1 - x0, y1 - y0),
        life_threshold_x=tx,
        future_threshold_y=ty,
        quadrants=quadrants,
        regions=(
            Region("quadrant-future", x0, y0, tx - x0, ty - y0),
            Region("quadrant-ideal", tx, y0, x1 - tx, ty - y0),
            Region("quadrant-weak", x0, ty, tx - x0, y1 - ty),
            Region("quadrant-present", tx, ty, x1 - tx, y1 - ty),
        ),
        dots=tuple(plotted),
        ticks=tuple((v, x_of(v), y_of(v, top, bottom)) for v in (0, 25, 50, 75, 100)),
    )
