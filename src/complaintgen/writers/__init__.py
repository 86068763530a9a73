"""The Letter (blocks parsed from the templates' markup) and its two writers, DOCX and PDF, which
share one layout."""
