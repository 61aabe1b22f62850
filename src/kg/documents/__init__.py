"""Documents: reading .txt, .docx and .html into clean text for extraction."""

from kg.documents.readers import READERS, SourceText, read_document

__all__ = ["READERS", "SourceText", "read_document"]
