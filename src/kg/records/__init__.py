"""Records: what record files (YAML, CSV) say, read and checked, before any RDF."""
