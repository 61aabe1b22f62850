"""Networks drawn from the graph: projection to NetworkX, maps, and network analysis."""
