"""Questions to the graph: the query catalogue, running queries locally or remotely,
result formats, and the SPARQL endpoint."""
