"""The signing network's layout: deterministic, in the unit square, partners close together."""

from __future__ import annotations

import math

from tasks.report.network import layout, top_edges

EDGES = [("甲", "乙", 2), ("乙", "丙", 1), ("甲", "丙", 1), ("丁", "戊", 1)]


def test_layout_is_deterministic_and_fills_the_unit_square() -> None:
    positions = layout(EDGES)
    assert positions == layout(EDGES)
    assert set(positions) == {"甲", "乙", "丙", "丁", "戊"}
    xs, ys = zip(*positions.values(), strict=True)
    assert min(xs) == 0 and max(xs) == 1 and min(ys) == 0 and max(ys) == 1


def test_partners_are_closer_than_strangers() -> None:
    p = layout(EDGES)
    partners = math.dist(p["甲"], p["乙"])
    strangers = math.dist(p["甲"], p["丁"])
    assert partners < strangers


def test_top_edges_keeps_the_organisations_with_most_deals() -> None:
    kept = top_edges(EDGES, max_nodes=3)
    assert kept == [("甲", "乙", 2), ("乙", "丙", 1), ("甲", "丙", 1)]
    assert layout([]) == {}
