"""Geoparsing: places named in the text, resolved to gazetteer records, offline."""
