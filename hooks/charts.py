"""Charts drawn at build time from a section's verified output, as inline SVG.

A section shown with `{{ snippet("name", "chart") }}` prints a table: a header line naming the x
column and then one column per series, followed by one row of numbers per x value, all separated
by whitespace. The page shows the code, one small panel per series (a step chart: each value holds
until the next x, as a learning rate holds for a whole step), and the table itself, folded.

The numbers come from the committed output the tests verified; nothing is drawn in the browser
and no plotting library is involved. Colours come from the theme's CSS (`.tn-chart`), so the
chart follows the light and dark schemes.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

COLUMNS = 3                                  # panels per row
WIDTH, HEIGHT = 260, 150                     # one panel, in SVG units
LEFT, RIGHT, TOP, BOTTOM = 46, 12, 26, 26    # room for tick labels and the panel title


class ChartError(ValueError):
    pass


@dataclass
class Table:
    x_name: str
    names: list[str]
    xs: list[float]
    series: dict[str, list[float]]


def parse_table(lines: list[str], where: str) -> Table:
    """The table a chart section printed; `where` names the output file for messages."""
    rows = [(number, line.split()) for number, line in enumerate(lines, start=1) if line.strip()]
    if len(rows) < 3:
        raise ChartError(f"{where}: a chart needs a header line and at least two rows of numbers, "
                         f"the output has {len(rows)} non-empty lines")
    (_, header), body = rows[0], rows[1:]
    if len(header) < 2:
        raise ChartError(f"{where}: line 1 of the output should name the x column and at least "
                         f"one series, it has {header}")
    values = []
    for number, cells in body:
        if len(cells) != len(header):
            raise ChartError(f"{where}: line {number} of the output has {len(cells)} values, "
                             f"the header names {len(header)} columns")
        try:
            values.append([float(cell) for cell in cells])
        except ValueError:
            raise ChartError(f"{where}: line {number} of the output is not all numbers: "
                             f"{' '.join(cells)}") from None
    columns = list(zip(*values))
    return Table(header[0], header[1:], list(columns[0]),
                 {name: list(column) for name, column in zip(header[1:], columns[1:])})


def nice_top(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten that is at least `value`."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value * (1 - 1e-9))


def label(value: float) -> str:
    return f"{value:g}"


def panel(name: str, xs: list[float], ys: list[float], top: float, left: float, upper: float) -> str:
    """One series at (left, upper), sharing the y range [0, top] with the other panels."""
    x0, x1 = xs[0], xs[-1] + (xs[-1] - xs[-2])  # the last value holds for one more step
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(x: float) -> float:
        return left + LEFT + (x - x0) / (x1 - x0) * plot_w

    def py(y: float) -> float:
        return upper + TOP + (1 - y / top) * plot_h

    points = []
    for index, y in enumerate(ys):
        following = xs[index + 1] if index + 1 < len(xs) else x1
        points += [f"{px(xs[index]):.1f},{py(y):.1f}", f"{px(following):.1f},{py(y):.1f}"]
    parts = [f'<g class="tn-panel"><title>{escape(name)}</title>',
             f'<text class="tn-panel-title" x="{left + LEFT}" y="{upper + 16}">{escape(name)}</text>']
    for y in (0, top / 2, top):
        parts.append(f'<line class="tn-grid" x1="{left + LEFT}" x2="{left + LEFT + plot_w}" '
                     f'y1="{py(y):.1f}" y2="{py(y):.1f}"/>')
        parts.append(f'<text class="tn-tick" x="{left + LEFT - 4}" y="{py(y) + 4:.1f}" '
                     f'text-anchor="end">{label(y)}</text>')
    for x in (xs[0], xs[len(xs) // 2], xs[-1]):
        parts.append(f'<text class="tn-tick" x="{px(x):.1f}" y="{upper + HEIGHT - 8}" '
                     f'text-anchor="middle">{label(x)}</text>')
    parts.append(f'<polyline class="tn-series" points="{" ".join(points)}"/></g>')
    return "".join(parts)


def svg(table: Table, caption: str) -> str:
    """The chart as one line of SVG (a Markdown raw-HTML block must not contain blank lines)."""
    count = len(table.names)
    columns = min(COLUMNS, count)
    rows = math.ceil(count / columns)
    top = nice_top(max(max(ys) for ys in table.series.values()))
    panels = [panel(name, table.xs, table.series[name], top,
                    (index % columns) * WIDTH, (index // columns) * HEIGHT)
              for index, name in enumerate(table.names)]
    width, height = columns * WIDTH, rows * HEIGHT
    return (f'<svg class="tn-chart-svg" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="{escape(caption)}" xmlns="http://www.w3.org/2000/svg">'
            + "".join(panels) + "</svg>")


def figure(lines: list[str], where: str, caption: str, indent: str) -> list[str]:
    table = parse_table(lines, where)
    text = f"{caption}（横轴：{table.x_name}）"
    return [f'{indent}<figure class="tn-chart" data-search-exclude>',
            f"{indent}{svg(table, text)}",
            f"{indent}<figcaption>{escape(text)}</figcaption>",
            f"{indent}</figure>", ""]
