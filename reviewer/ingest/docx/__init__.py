"""Word (.docx) contracts: reader and automatic numbering."""

from reviewer.ingest.docx.reader import read_docx

__all__ = ["read_docx"]
