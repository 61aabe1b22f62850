"""Documents: reading .txt, .docx and .html into clean text for extraction."""

from kg.documents.readers import READERS, SourceText, documents_in, read_document

__all__ = ["READERS", "SourceText", "documents_in", "read_document"]
