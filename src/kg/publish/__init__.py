"""The dataset for publishing: serialization in RDF formats, and anonymization."""
