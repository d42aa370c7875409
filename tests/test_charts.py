"""Charts are drawn from the verified output, point for point."""
from __future__ import annotations

import re

import pytest

from charts import HEIGHT, TOP, BOTTOM, ChartError, parse_table, svg
from page_model import SNIPPETS, read_sections

TABLE = ["t a b", "0 1.0 0.0", "1 0.5 0.25", "2 0.25 0.5"]


def test_each_series_is_a_step_line_through_its_values():
    drawn = svg(parse_table(TABLE, "x.out"), "caption")
    lines = re.findall(r'<polyline class="tn-series" points="([^"]*)"', drawn)
    assert len(lines) == 2
    plot_h = HEIGHT - TOP - BOTTOM
    for points, values in zip(lines, ([1.0, 0.5, 0.25], [0.0, 0.25, 0.5])):
        ys = [float(point.split(",")[1]) for point in points.split()]
        # two points per value (start and end of its step), y measured down from the top
        heights = [round((TOP + plot_h - y) / plot_h, 3) for y in ys[::2]]
        assert heights == values
        assert ys[::2] == ys[1::2]  # horizontal steps


def test_lr_scheduler_chart_has_a_panel_per_scheduler():
    lines = read_sections(SNIPPETS / "training" / "lr_scheduler.out")["curves"].lines
    table = parse_table(lines, "lr_scheduler.out")
    assert table.names == ["StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR",
                           "OneCycleLR", "Warmup+Cosine"]
    assert len(table.xs) == 30
    assert svg(table, "c").count('class="tn-panel"') == 6


@pytest.mark.parametrize("lines, message", [
    (["t a", "0 1"], "a chart needs a header line and at least two rows of numbers"),
    (["t", "0", "1"], "line 1 of the output should name the x column"),
    (["t a", "0 1", "1"], "line 3 of the output has 1 values, the header names 2 columns"),
    (["t a", "0 1", "1 x"], "line 3 of the output is not all numbers: 1 x"),
])
def test_malformed_table_is_named(lines, message):
    with pytest.raises(ChartError, match=re.escape(f"x.out: {message}")):
        parse_table(lines, "x.out")
