"""Ingest: read inputs, extract their text, clean it, describe it, and tell copies apart."""
