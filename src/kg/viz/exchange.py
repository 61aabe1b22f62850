"""The network as Gephi and yEd read it: GEXF and GraphML, by networkx's own writers.

One edge per pair of nodes, weighted by how many relations join them (folded edges carry
their weight already), labelled with the relations' names; nodes keep their label, kind
and clusters. Lists become text ("; "-joined): GEXF and GraphML attributes are scalars.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from kg.errors import KgError
from kg.files import write_atomic

FORMATS = {".gexf": "gexf", ".graphml": "graphml"}


def for_gephi(graph: nx.MultiGraph) -> nx.Graph:
    out = nx.Graph()
    for node, data in graph.nodes(data=True):
        out.add_node(
            node,
            label=data["label"],
            kind=data["kind"],
            clusters="; ".join(sorted(data.get("clusters", []))),
        )
    for a, b, data in graph.edges(data=True):
        weight = int(data.get("weight", 1))
        label = str(data.get("label") or data.get("kind") or "")
        if out.has_edge(a, b):
            edge = out[a][b]
            edge["weight"] += weight
            if label and label not in edge["label"].split("; "):
                edge["label"] = "; ".join(sorted([*edge["label"].split("; "), label]))
        else:
            out.add_edge(a, b, weight=weight, label=label, kind=str(data.get("kind", "")))
    return out


def write_network(graph: nx.MultiGraph, path: Path) -> nx.Graph:
    """Write the network to a .gexf or .graphml file; the graph written."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise KgError(f"{path}: a network file is .gexf (Gephi) or .graphml")
    flat = for_gephi(graph)
    if fmt == "gexf":
        lines = nx.generate_gexf(flat, encoding="utf-8", prettyprint=True)
    else:
        lines = nx.generate_graphml(flat, encoding="utf-8", prettyprint=True)
    write_atomic(path, ("\n".join(lines) + "\n").encode("utf-8"))
    return flat
