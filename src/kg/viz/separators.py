"""Who holds clusters together: the cut vertices whose removal separates clusters.

All at once from the block-cut tree (networkx's biconnected components), in time linear in
the network: removing a cut vertex leaves one part per block around it in the tree, and the
clusters of a part are those homed in one subtree, a range of the tree's preorder."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

import networkx as nx

Node = tuple[str, str | int]


def _block_cut_tree(flat: nx.Graph, cuts: set[str]) -> tuple[nx.Graph, dict[str, Node]]:
    """The tree, and each node's home in it: a cut vertex its own, any other its block."""
    tree = nx.Graph()
    home: dict[str, Node] = {v: ("cut", v) for v in cuts}
    for i, block in enumerate(nx.biconnected_components(flat)):
        tree.add_node(("block", i))
        for v in block:
            if v in cuts:
                tree.add_edge(("block", i), ("cut", v))
            else:
                home[v] = ("block", i)
    for v in flat.nodes:
        if v not in home:  # no edge at all: a block of its own
            home[v] = ("alone", v)
            tree.add_node(home[v])
    return tree, home


def separators(flat: nx.Graph) -> dict[str, list[str]]:
    """Cut vertex (not itself a cluster) -> the clusters it cuts off from the largest group
    of the clusters that were connected through it (the largest: most clusters, then the one
    holding the first cluster in order)."""
    clusters = sorted(n for n, k in flat.nodes(data="kind") if k == "cluster")
    cuts = set(nx.articulation_points(flat))
    tree, home = _block_cut_tree(flat, cuts)
    first: dict[Node, int] = {}
    last: dict[Node, int] = {}
    parent: dict[Node, Node | None] = {}
    clock = 0
    for root in tree.nodes:
        if root in first:
            continue
        order = list(nx.dfs_preorder_nodes(tree, root))
        parent.update(nx.dfs_predecessors(tree, root))
        parent[root] = None
        size = dict.fromkeys(order, 1)
        for node in reversed(order[1:]):
            size[parent[node]] += size[node]
        for i, node in enumerate(order):
            first[node] = clock + i
        clock += len(order)
        for node in order:
            last[node] = first[node] + size[node] - 1
    placed = sorted((first[home[c]], c) for c in clusters)
    at = [p for p, _ in placed]

    def within(node: Node) -> list[str]:
        return [c for _, c in placed[bisect_left(at, first[node]) : bisect_right(at, last[node])]]

    out: dict[str, list[str]] = {}
    for cut in sorted(c for c in cuts if flat.nodes[c]["kind"] != "cluster"):
        node = ("cut", cut)
        root = node
        while parent[root] is not None:
            root = parent[root]
        below = set(within(node))
        parts = [within(child) for child in tree[node] if child != parent[node]]
        parts.append([c for c in within(root) if c not in below])
        parts = [p for p in parts if p]
        if len(parts) < 2:
            continue
        largest = min(parts, key=lambda p: (-len(p), min(p)))
        out[cut] = sorted(c for p in parts if p is not largest for c in p)
    return out
