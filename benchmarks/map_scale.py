"""How fast maps of generated networks are built in Python and drawn in headless Chromium.

    python benchmarks/map_scale.py [--sizes 500 2000 10000] [--out build/benchmarks]

For each size: a network of clusters (hub, schools, people, events, shared partners) is
generated with a fixed seed, rendered with kg's map code, and opened offline in Debian's
chromium; the figure is the time from navigation start until vis-network's first full
drawing (physics is off, so the map is settled once drawn). The same run renders the
baseline the pitfalls warn about: pyvis's own page with its default physics, given 60 s.
"""

from __future__ import annotations

import argparse
import random
import shutil
import time
from pathlib import Path

import networkx as nx
from playwright.sync_api import sync_playwright
from pyvis.network import Network

from kg.viz.maps import overview, render

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip
KINDS = ["school"] * 10 + ["person"] * 12 + ["event"] * 5 + ["government", "college", "library"]


def generate(nodes: int, seed: int = 1) -> nx.MultiGraph:
    """Clusters of about 30 nodes each, tied together by partners shared between clusters."""
    rng = random.Random(seed)
    graph = nx.MultiGraph()
    partners = [f"partner-{i}" for i in range(max(2, nodes // 200))]
    for p in partners:
        graph.add_node(p, label=f"Банк {p}", kind="business", details=[], documents=[], clusters=[])
    c = 0
    while graph.number_of_nodes() < nodes:
        cluster = f"cluster-{c}"
        name = f"Кластер {c}"
        graph.add_node(
            cluster, label=name, kind="cluster", details=[], documents=[], clusters=[name]
        )
        members = []
        for i in range(min(30, nodes - graph.number_of_nodes())):
            node = f"{cluster}-{i}"
            kind = KINDS[i % len(KINDS)]
            graph.add_node(
                node, label=f"{kind} {c}.{i}", kind=kind, details=[], documents=[], clusters=[name]
            )
            target = cluster if kind != "person" or not members else rng.choice(members)
            graph.add_edge(
                node,
                target,
                kind="membership" if kind != "person" else "position",
                label="участник",
                source=node,
            )
            members.append(node)
        for p in rng.sample(partners, 2):
            graph.add_edge(p, cluster, kind="partnership", label="партнёрство", source=p)
            graph.nodes[p]["clusters"].append(name)
        c += 1
    return graph


def pyvis_page(graph: nx.MultiGraph, path: Path) -> None:
    net = Network(height="900px", width="100%", cdn_resources="in_line")
    for n, d in graph.nodes(data=True):
        net.add_node(n, label=d["label"])
    for a, b in graph.edges():
        net.add_edge(a, b)
    path.write_text(net.generate_html(), encoding="utf-8")


def drawn_ms(browser: object, path: Path, ready: str, timeout_ms: int) -> float | None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    try:
        page.goto(path.resolve().as_uri())
        page.wait_for_function(ready, timeout=timeout_ms)
        return float(page.evaluate("window.__drawn"))
    except Exception:
        return None
    finally:
        page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 10000])
    parser.add_argument("--out", type=Path, default=Path("build/benchmarks"))
    parser.add_argument(
        "--pyvis-up-to", type=int, default=2000, help="largest size to try pyvis's default page on"
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    executable = shutil.which("chromium")
    if executable is None:
        raise SystemExit("needs Debian's chromium: apt-get install chromium")
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=ARGS)
        for size in args.sizes:
            graph = generate(size)
            started = time.perf_counter()
            html = render(graph, f"{size} узлов")
            python_s = time.perf_counter() - started
            page = args.out / f"map-{size}.html"
            page.write_text(
                html.replace(
                    "window.kgMap.ready = true;",
                    "window.kgMap.ready = true; window.__drawn = performance.now();",
                ),
                "utf-8",
            )
            ours = drawn_ms(browser, page, "window.kgMap && window.kgMap.ready", 60_000)
            baseline = None
            if size <= args.pyvis_up_to:
                base_page = args.out / f"pyvis-{size}.html"
                pyvis_page(graph, base_page)
                text = base_page.read_text("utf-8").replace(
                    "network = new vis.Network(container, data, options);",
                    "network = new vis.Network(container, data, options);"
                    " network.once('stabilized', () => { window.__drawn = performance.now(); });",
                )
                base_page.write_text(text, "utf-8")
                baseline = drawn_ms(browser, base_page, "window.__drawn !== undefined", 60_000)
            rows.append(
                (size, graph.number_of_edges(), len(html.encode()), python_s, ours, baseline)
            )
            print(
                f"{size} nodes: python {python_s:.2f} s, drawn at {ours} ms, "
                f"pyvis default physics {baseline} ms",
                flush=True,
            )
        over = overview(generate(max(args.sizes)), {})
        print(
            f"overview of the largest: {over.number_of_nodes()} cluster nodes, "
            f"{over.number_of_edges()} edges"
        )
        browser.close()
    print(
        "\n| nodes | edges | HTML size | layout + render (Python) | drawn in Chromium | "
        "pyvis default physics |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for size, edges, html_bytes, python_s, ours, baseline in rows:
        base = (
            "not tried"
            if baseline is None and size > args.pyvis_up_to
            else (f"{baseline / 1000:.1f} s" if baseline is not None else "> 60 s")
        )
        drawn = f"{ours / 1000:.2f} s" if ours is not None else "> 60 s"
        print(
            f"| {size} | {edges} | {html_bytes / 1e6:.1f} MB | {python_s:.2f} s | {drawn} | "
            f"{base} |"
        )


if __name__ == "__main__":
    main()
