"""A force-directed layout of the organisations that signed together (Fruchterman–Reingold)."""

from __future__ import annotations

import math

import numpy as np

ITERATIONS = 200
GRAVITY = 2.0
MAX_NODES = 40  # the organisations with most deals; more are unreadable in one chart


def top_edges(
    edges: list[tuple[str, str, int]], max_nodes: int = MAX_NODES
) -> list[tuple[str, str, int]]:
    """Keep the edges between the max_nodes organisations with most deals (ties by name)."""
    weight: dict[str, int] = {}
    for source, target, deals in edges:
        weight[source] = weight.get(source, 0) + deals
        weight[target] = weight.get(target, 0) + deals
    kept = set(sorted(weight, key=lambda name: (-weight[name], name))[:max_nodes])
    return [e for e in edges if e[0] in kept and e[1] in kept]


def layout(edges: list[tuple[str, str, int]]) -> dict[str, tuple[float, float]]:
    """Place each organisation of the edges in the unit square; linked ones end up close.

    Deterministic: the nodes start on a circle in name order, so one warehouse always gives
    one picture.
    """
    names = sorted({name for edge in edges for name in edge[:2]})
    n = len(names)
    if n == 0:
        return {}
    index = {name: i for i, name in enumerate(names)}
    angles = np.linspace(0, 2 * math.pi, n, endpoint=False)
    pos = np.column_stack([np.cos(angles), np.sin(angles)])
    links = np.array([(index[s], index[t]) for s, t, _ in edges], dtype=int).reshape(-1, 2)
    k = 1.0 / math.sqrt(n)  # the ideal distance between nodes
    temperature = 0.1
    for _ in range(ITERATIONS):
        delta = pos[:, None, :] - pos[None, :, :]
        distance = np.maximum(np.linalg.norm(delta, axis=2), 1e-6)
        force = (delta / distance[..., None] * (k * k / distance)[..., None]).sum(axis=1)
        pull = pos[links[:, 0]] - pos[links[:, 1]]
        length = np.maximum(np.linalg.norm(pull, axis=1), 1e-6)
        step = pull * (length / k)[:, None]
        np.add.at(force, links[:, 0], -step)
        np.add.at(force, links[:, 1], step)
        force -= GRAVITY * pos  # keeps unlinked groups from drifting apart
        norm = np.maximum(np.linalg.norm(force, axis=1), 1e-6)
        pos += force / norm[:, None] * np.minimum(norm, temperature)[:, None]
        temperature *= 0.98
    low, high = pos.min(axis=0), pos.max(axis=0)
    scaled = (pos - low) / np.where(high > low, high - low, 1.0)
    return {name: (float(x), float(y)) for name, (x, y) in zip(names, scaled, strict=True)}
