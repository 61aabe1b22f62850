"""The steps that fill a store: build from records, update one file, ingest documents."""
