"""RDF: namespaces, the one authority that names things, mapping records to quads,
inference, the ontology and its shapes."""
