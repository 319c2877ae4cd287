"""Where each node of a view goes: force layout, and communities for the overview.

``force_layout`` lays out each connected component by force and packs the
components in rows. ``louvain_groups`` finds communities (networkx's
Louvain); ``community_layout`` lays out the graph of those communities and
places each one's members around its spot, so a collapsed overview reads as
separate groups and an expanded group opens where it sat.

Positions are in vis-network pixels and deterministic for a given graph.
Both need numpy; without it they give no positions and the page lays nodes
out itself.
"""
from __future__ import annotations

import math

import networkx as nx

PIXELS_PER_EDGE = 90        # about the page's physics spring length, so physics only polishes the layout


def force_layout(view: nx.MultiDiGraph, *, iterations: int = 120, seed: int = 0) -> dict[str, tuple[float, float]]:
    """Node → (x, y) in vis-network pixels: each connected component laid out
    by force, then the components packed in rows, largest first.

    Deterministic for a given graph and seed. Fast on large graphs
    (``nx.spring_layout`` takes minutes on 10,000 nodes): see ``_grid_repulsion``.
    Needs numpy; without it gives no positions and the page lays nodes out itself.
    """
    try:
        import numpy as np
    except ImportError:
        return {}

    simple = simple_graph(view)
    rng = np.random.default_rng(seed)
    laid = [_component_layout(simple.subgraph(nodes), iterations, rng)
            for nodes in sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(c)))]
    positions = {}
    for nodes, pos in _pack(laid):
        positions.update({node: (round(float(x) * PIXELS_PER_EDGE, 1), round(float(y) * PIXELS_PER_EDGE, 1))
                          for node, (x, y) in zip(nodes, pos)})
    return positions


def _component_layout(component: nx.Graph, iterations: int, rng):
    """(nodes, positions array) of one connected component, centred on 0, its
    median edge 1 long: Fruchterman–Reingold with a cooling step size."""
    import numpy as np

    nodes = sorted(component)
    n = len(nodes)
    if n == 1:
        return nodes, np.zeros((1, 2))
    index = {node: i for i, node in enumerate(nodes)}
    pairs = np.array([(index[u], index[v]) for u, v in component.edges()], dtype=np.int64)
    radius = math.sqrt(n)
    pos = rng.uniform(-radius, radius, (n, 2))
    repulsion = _repulsion_for(n)
    steps = min(iterations, 20 + 4 * n)
    for step in range(steps):
        temperature = radius * 0.2 * (1 - step / steps) + 0.02
        force = repulsion(pos) + _spring_attraction(pos, pairs) - 0.05 * pos
        length = np.linalg.norm(force, axis=1, keepdims=True) + 1e-9
        pos += force / length * np.minimum(length, temperature)
    # The many-body push stretches edges well past 1 as components grow; scale back so
    # the typical edge is 1 long and every view is drawn at the same density.
    typical = float(np.median(np.linalg.norm(pos[pairs[:, 0]] - pos[pairs[:, 1]], axis=1)))
    return nodes, (pos - pos.mean(axis=0)) / max(typical, 1e-3)


def _repulsion_for(n: int):
    """A function pos → the push each node gets from all others (force
    1/distance): exact for a few hundred nodes, on a grid above that."""
    import numpy as np

    if n <= 300:
        def exact(pos):
            delta = pos[:, None, :] - pos[None, :, :]
            d2 = (delta ** 2).sum(axis=-1)
            np.fill_diagonal(d2, np.inf)
            return (delta / np.maximum(d2, 1e-4)[..., None]).sum(axis=1)
        return exact
    grid = 128 if n < 4000 else 192
    kernel = _grid_kernel(grid)
    return lambda pos: _grid_repulsion(pos, grid, kernel)


def _grid_kernel(grid: int):
    """The spectrum of the 1/distance push between grid cells, in cell units
    (offset o pushes by o/|o|²), laid out for a linear convolution on a 2×grid torus."""
    import numpy as np

    offsets = np.arange(-grid, grid, dtype=float)
    dx, dy = np.meshgrid(offsets, offsets, indexing="ij")
    r2 = dx * dx + dy * dy
    r2[grid, grid] = np.inf
    return np.fft.fft2(np.fft.ifftshift((dx + 1j * dy) / r2))


def _grid_repulsion(pos, grid: int, kernel):
    """The 1/distance push of all other nodes, counted per grid cell by FFT
    convolution (O(n + grid² log grid) instead of O(n²)); nodes sharing a
    cell push each other away from the cell's centroid."""
    import numpy as np

    low = pos.min(axis=0)
    cell = max(float((pos.max(axis=0) - low).max()) / (grid - 1), 1e-6)
    cells = np.clip(((pos - low) / cell).astype(np.int64), 0, grid - 1)
    flat = cells[:, 0] * grid + cells[:, 1]
    counts = np.bincount(flat, minlength=grid * grid)
    field = np.fft.ifft2(np.fft.fft2(counts.reshape(grid, grid), kernel.shape) * kernel)[:grid, :grid].ravel() / cell
    force = np.stack([field.real[flat], field.imag[flat]], axis=1)
    centroid = np.stack([np.bincount(flat, pos[:, i], grid * grid) for i in (0, 1)], axis=1)[flat]
    centroid /= counts[flat, None]
    away = pos - centroid
    return force + away * ((counts[flat, None] - 1) / np.maximum((away ** 2).sum(axis=1, keepdims=True), 1e-2))


def _spring_attraction(pos, pairs):
    """Each edge pulls its ends together with force distance²."""
    import numpy as np

    delta = pos[pairs[:, 1]] - pos[pairs[:, 0]]
    pull = delta * np.linalg.norm(delta, axis=1, keepdims=True)
    force = np.zeros_like(pos)
    np.add.at(force, pairs[:, 0], pull)
    np.add.at(force, pairs[:, 1], -pull)
    return force


def _pack(laid: list, gap: float = 1.5) -> list:
    """Components (largest first) placed left to right in rows of about the
    width of a square holding them all, the whole centred on 0."""
    import numpy as np

    if not laid:
        return []
    boxes = [(pos.min(axis=0), pos.max(axis=0)) for _, pos in laid]
    sizes = [hi - lo + (gap if len(nodes) > 1 else gap * 0.6) for (nodes, _), (lo, hi) in zip(laid, boxes)]
    width = max(max(float(s[0]) for s in sizes), math.sqrt(sum(float(s[0] * s[1]) for s in sizes)) * 1.2)
    placed, x, y, row_height = [], 0.0, 0.0, 0.0
    for (nodes, pos), (lo, _), size in zip(laid, boxes, sizes):
        if x > 0 and x + size[0] > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        placed.append((nodes, pos - lo + np.array([x, y])))
        x, row_height = x + float(size[0]), max(row_height, float(size[1]))
    centre = np.array([width / 2, (y + row_height) / 2])
    return [(nodes, pos - centre) for nodes, pos in placed]


# ---------------------------------------------------------------- communities

COMMUNITY_MIN_SIZE = 5      # smaller groups stay loose nodes: collapsing three nodes hides more than it tidies


def simple_graph(view: nx.Graph) -> nx.Graph:
    """The undirected graph of a view: one edge per linked pair, no self-loops."""
    simple = nx.Graph(view)
    simple.remove_edges_from(nx.selfloop_edges(simple))
    return simple


def louvain_groups(view: nx.Graph, *, min_size: int = COMMUNITY_MIN_SIZE, seed: int = 0) -> list[list[str]]:
    """Louvain communities of at least ``min_size`` linked nodes, largest
    first, each a sorted list; isolated nodes belong to none."""
    simple = simple_graph(view)
    simple.remove_nodes_from([n for n in list(simple) if simple.degree(n) == 0])
    found = nx.community.louvain_communities(simple, seed=seed) if simple.number_of_edges() else []
    return sorted((sorted(c) for c in found if len(c) >= min_size), key=lambda g: (-len(g), g[0]))


def community_layout(view: nx.Graph, groups: list[list[str]], *, iterations: int = 120,
                     seed: int = 0) -> tuple[dict[str, tuple[float, float]], list[tuple[float, float]]]:
    """(node → position, centre of each group): the graph whose nodes are the
    groups and the loose nodes laid out by force and spread so that groups
    seldom overlap, each group's members laid out on their own around its centre."""
    simple = simple_graph(view)
    group_of = {node: i for i, group in enumerate(groups) for node in group}

    def key(node: str) -> str:
        return f"\x00group {group_of[node]:08d}" if node in group_of else node

    quotient = nx.Graph()
    quotient.add_nodes_from(sorted({key(n) for n in simple}))
    quotient.add_edges_from((key(u), key(v)) for u, v in simple.edges() if key(u) != key(v))
    spots = force_layout(quotient, iterations=iterations, seed=seed)
    if not spots:
        return {}, []
    local = [force_layout(simple.subgraph(group), iterations=iterations, seed=seed) for group in groups]
    radius = {key(group[0]): max(math.hypot(x, y) for x, y in pos.values()) + PIXELS_PER_EDGE / 2
              for group, pos in zip(groups, local)}
    spread = _spread(quotient, spots, radius)
    centre = {k: (x * spread, y * spread) for k, (x, y) in spots.items()}
    positions = {node: centre[node] for node in simple if node not in group_of}
    for group, pos in zip(groups, local):
        cx, cy = centre[key(group[0])]
        positions.update({node: (round(cx + x, 1), round(cy + y, 1)) for node, (x, y) in pos.items()})
    centres = [tuple(round(c, 1) for c in centre[key(group[0])]) for group in groups]
    return {node: (round(x, 1), round(y, 1)) for node, (x, y) in positions.items()}, centres


def _spread(quotient: nx.Graph, spots: dict, radius: dict) -> float:
    """How much to stretch the quotient layout so that three linked pairs in
    four are at least as far apart as their discs are wide."""
    loose = PIXELS_PER_EDGE * 0.4
    needs = sorted((radius.get(a, loose) + radius.get(b, loose))
                   / max(math.dist(spots[a], spots[b]), 1.0) for a, b in quotient.edges())
    return max(1.0, needs[int(len(needs) * 0.75)] * 1.1) if needs else 1.0
