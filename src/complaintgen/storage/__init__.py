"""Bytes on disk: atomic writes (0600), the one reader and writer of case files, the age codec."""
